package uk.org.perusupportgroup.quipu.store;

import java.time.Instant;
import java.util.Optional;

/** The article was changed since the version a writer started from: nothing was written. */
public final class ArticleChangedException extends RuntimeException {

    private final Instant changedAt;
    private final Optional<String> changedBy;

    public ArticleChangedException(String slug, Instant changedAt, Optional<String> changedBy) {
        super("article '" + slug + "' changed at " + changedAt + changedBy.map(by -> " by " + by).orElse(""), null, false, false);
        this.changedAt = changedAt;
        this.changedBy = changedBy;
    }

    /** When the stored version was written. */
    public Instant changedAt() {
        return changedAt;
    }

    /** Who saved the latest revision, when one was kept. */
    public Optional<String> changedBy() {
        return changedBy;
    }
}
