package uk.org.perusupportgroup.quipu.aggregate;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one fetched feed or page held.
 *
 * @param ttl an RSS {@code <ttl>}: the partner asks not to be polled more often
 */
record ParsedSource(List<RawItem> items, Optional<Duration> ttl) {

    ParsedSource {
        items = List.copyOf(items);
    }
}
