package uk.org.perusupportgroup.quipu.article;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * An article as stored.
 *
 * @param firstStored the day the slug was first stored: part of the article's {@code tag:} id, which
 *     never changes, even when the article is deleted and written again
 * @param modifiedAt when the stored content last changed
 * @param partner for a partner item, where it came from and how much of it may be shown; empty for
 *     PSG's own articles
 */
public record StoredArticle(Article article, LocalDate firstStored, Instant modifiedAt, Optional<Attribution> partner) {

    /** A PSG article. */
    public StoredArticle(Article article, LocalDate firstStored, Instant modifiedAt) {
        this(article, firstStored, modifiedAt, Optional.empty());
    }

    /** The {@code tag:} id (RFC 4151): {@code tag:{authority},{first stored}:articles/{slug}}. */
    public String tagId(String authority) {
        return "tag:" + authority + "," + firstStored + ":articles/" + article.slug();
    }

    /**
     * Where a partner item came from.
     *
     * @param sources the ids of every source it was found in, the first finder first
     */
    public record Attribution(List<String> sources, PartnerSource.Reuse reuse) {

        public Attribution {
            sources = List.copyOf(sources);
        }
    }
}
