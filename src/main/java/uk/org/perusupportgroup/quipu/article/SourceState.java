package uk.org.perusupportgroup.quipu.article;

import java.time.Instant;
import java.util.Optional;

/**
 * What Quipu knows of a partner source between polls: the validators for the next conditional GET,
 * the outcome of the last fetch and the source's health.
 *
 * @param url the address these validators and this health belong to: when the configured url
 *     changes, the state starts afresh
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
        Optional<String> url,
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
    public static SourceState fresh(String id, String url) {
        return new SourceState(id, Optional.of(url), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), 0, Optional.empty(), 0, Optional.empty(), Optional.empty(), false, false, false, false);
    }

    /** The same state with {@code gone} and the staff-notice flags as given. */
    public SourceState with(boolean gone, boolean failureNotified, boolean emptyNotified) {
        return new SourceState(id, url, etag, lastModified, lastFetchAt, lastStatus, lastError, itemsLast, lastNewItemAt,
                consecutiveErrors, failingSince, nextCheckAt, gone, yieldedItems, failureNotified, emptyNotified);
    }
}
