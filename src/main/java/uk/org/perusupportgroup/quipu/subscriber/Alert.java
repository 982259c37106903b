package uk.org.perusupportgroup.quipu.subscriber;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One keyword alert of one subscriber, as stored.
 *
 * @param query the query as written (the alert query language)
 * @param topics the article must carry one of these (none: any)
 * @param regions the article must carry one of these (none: any)
 * @param language of the emails: {@code en} or {@code es}
 * @param plainText the subscriber's preference: text/plain only, no HTML part
 * @param expiresAt for a pending request, when it lapses
 * @param linkVersion the subscriber's: every link made for them carries it, and a link made with an older one is
 *     cancelled
 */
public record Alert(long id, long subscriberId, String email, String query, List<String> topics,
        List<String> regions, Frequency frequency, String language, State state, boolean plainText, Instant createdAt,
        Optional<Instant> confirmedAt, Optional<Instant> expiresAt, int linkVersion) {

    public Alert {
        topics = List.copyOf(topics);
        regions = List.copyOf(regions);
    }

    public enum State {
        /** Requested, waiting for the confirmation link. Nothing but that one email is ever sent. */
        PENDING,
        CONFIRMED,
        /** Confirmed, stopped for now by the subscriber. */
        PAUSED,
        UNSUBSCRIBED;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static State of(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /** The languages alert emails and pages are written in. */
    public static final List<String> LANGUAGES = List.of("en", "es");
}
