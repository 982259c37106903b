package uk.org.perusupportgroup.quipu.article;

import java.time.Instant;
import java.util.Optional;

/**
 * What Quipu knows of a partner source between polls: the validators for the next conditional GET,
 * the outcome of the last fetch and the source's health.
 *
 * @param itemsLast how many items the last successful fetch yielded (after filtering)
 * @param consecutiveErrors failed polls since the last success
 * @param failingSince when the current run of failures began
 * @param gone the partner answered 410 Gone: polling stopped until staff refresh the source
 * @param yieldedItems an {@code html} source whose page has yielded items before
 * @param failureNotified staff were told of the current run of failures
 * @param emptyNotified staff were told that the page stopped yielding items
 */
public record SourceState(
        String id,
        Optional<String> etag,
        Optional<String> lastModified,
        Optional<Instant> lastFetchAt,
        Optional<Integer> lastStatus,
        Optional<String> lastError,
        int itemsLast,
        Optional<Instant> lastNewItemAt,
        int consecutiveErrors,
        Optional<Instant> failingSince,
        Optional<Instant> nextCheckAt,
        boolean gone,
        boolean yieldedItems,
        boolean failureNotified,
        boolean emptyNotified) {

    /** A source never polled: due at once. */
    public static SourceState fresh(String id) {
        return new SourceState(id, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                0, Optional.empty(), 0, Optional.empty(), Optional.empty(), false, false, false, false);
    }
}
