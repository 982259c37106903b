package uk.org.perusupportgroup.quipu.reach;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a feed request's User-Agent says: the client's family, whether it is an aggregator fetching for many readers,
 * and the number of subscribers it states (when it does). Read by {@link UserAgents#read}; the User-Agent itself is
 * never kept.
 *
 * @param family one of {@link UserAgents#families()}
 * @param aggregator a service that fetches once for many readers, or any client that states a subscriber count
 * @param subscribers the count the User-Agent states, between 0 and 100,000,000
 */
public record Client(String family, boolean aggregator, OptionalLong subscribers) {

    public Client {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(subscribers, "subscribers");
    }
}
