package uk.org.perusupportgroup.quipu.article;

import java.time.Instant;
import java.time.LocalDate;

/**
 * An article as stored.
 *
 * @param firstStored the day the slug was first stored: part of the article's {@code tag:} id, which
 *     never changes, even when the article is deleted and written again
 * @param modifiedAt when the stored content last changed
 */
public record StoredArticle(Article article, LocalDate firstStored, Instant modifiedAt) {

    /** The {@code tag:} id (RFC 4151): {@code tag:{authority},{first stored}:articles/{slug}}. */
    public String tagId(String authority) {
        return "tag:" + authority + "," + firstStored + ":articles/" + article.slug();
    }
}
