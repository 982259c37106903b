package uk.org.perusupportgroup.quipu.store;

import java.time.Instant;

/** The article was changed since the version a writer started from: nothing was written. */
public final class ArticleChangedException extends RuntimeException {

    private final Instant changedAt;

    public ArticleChangedException(String slug, Instant changedAt) {
        super("article '" + slug + "' changed at " + changedAt, null, false, false);
        this.changedAt = changedAt;
    }

    /** When the stored version was written. */
    public Instant changedAt() {
        return changedAt;
    }
}
