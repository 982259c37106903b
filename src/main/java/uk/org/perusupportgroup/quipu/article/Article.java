package uk.org.perusupportgroup.quipu.article;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A validated article, as the editor wrote it.
 *
 * @param body the Markdown source
 * @param bodyHtml the sanitised HTML rendering of {@code body}; internal links are root-relative
 * @param url the canonical address when the article lives elsewhere; its permalink page redirects there
 * @param sourceFile the article file (relative to the articles directory) for file-backed articles,
 *     which are read-only through the API; empty for articles created through the API
 * @param status a draft is seen by staff only; a published article whose {@code published} time is still to come is
 *     scheduled: it goes out at that time
 * @param image the lead image, if it has one
 * @param translation the slug of the same article in the other language, as its editor named it: the two are a pair
 *     when either names the other, and link each other while both are public ({@link Translation})
 */
public record Article(
        String slug,
        String title,
        String summary,
        String body,
        String bodyHtml,
        Instant published,
        Optional<Instant> updated,
        List<String> topics,
        List<String> regions,
        String language,
        Optional<String> author,
        Optional<URI> url,
        Optional<String> sourceFile,
        Status status,
        Optional<Image> image,
        Optional<String> translation) {

    /** Whether the editor means it to be read: a draft never is, until it is published. */
    public enum Status {
        DRAFT, PUBLISHED;

        /** As written in files, the API and forms: {@code draft}, {@code published}. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Article {
        topics = List.copyOf(topics);
        regions = List.copyOf(regions);
    }

    /** A published article (or one scheduled, when {@code published} is still to come). */
    public Article(String slug, String title, String summary, String body, String bodyHtml, Instant published,
            Optional<Instant> updated, List<String> topics, List<String> regions, String language, Optional<String> author,
            Optional<URI> url, Optional<String> sourceFile) {
        this(slug, title, summary, body, bodyHtml, published, updated, topics, regions, language, author, url, sourceFile,
                Status.PUBLISHED, Optional.empty(), Optional.empty());
    }

    /** An article without a lead image. */
    public Article(String slug, String title, String summary, String body, String bodyHtml, Instant published,
            Optional<Instant> updated, List<String> topics, List<String> regions, String language, Optional<String> author,
            Optional<URI> url, Optional<String> sourceFile, Status status) {
        this(slug, title, summary, body, bodyHtml, published, updated, topics, regions, language, author, url, sourceFile,
                status, Optional.empty());
    }

    /** An article that names no translation. */
    public Article(String slug, String title, String summary, String body, String bodyHtml, Instant published,
            Optional<Instant> updated, List<String> topics, List<String> regions, String language, Optional<String> author,
            Optional<URI> url, Optional<String> sourceFile, Status status, Optional<Image> image) {
        this(slug, title, summary, body, bodyHtml, published, updated, topics, regions, language, author, url, sourceFile,
                status, image, Optional.empty());
    }

    /** The editor kept it for staff only. */
    public boolean draft() {
        return status == Status.DRAFT;
    }

    /** Staff only at {@code now}: a draft, or published at a time still to come (scheduled). */
    public boolean heldAt(Instant now) {
        return draft() || published.isAfter(now);
    }

    /** The same article under another slug. */
    public Article withSlug(String newSlug) {
        return new Article(newSlug, title, summary, body, bodyHtml, published, updated, topics, regions, language, author, url,
                sourceFile, status, image, translation);
    }

    /** The same article with these times. */
    public Article withTimes(Instant newPublished, Optional<Instant> newUpdated) {
        return new Article(slug, title, summary, body, bodyHtml, newPublished, newUpdated, topics, regions, language, author,
                url, sourceFile, status, image, translation);
    }

    /** The same article with this file, or none. */
    public Article withSourceFile(Optional<String> file) {
        return new Article(slug, title, summary, body, bodyHtml, published, updated, topics, regions, language, author, url,
                file, status, image, translation);
    }

    /** The same article with this status. */
    public Article withStatus(Status newStatus) {
        return new Article(slug, title, summary, body, bodyHtml, published, updated, topics, regions, language, author, url,
                sourceFile, newStatus, image, translation);
    }

    /** The date of the last significant change: {@code updated}, else {@code published}. */
    public Instant lastChanged() {
        return updated.orElse(published);
    }

    public List<String> tags(Facet facet) {
        return facet == Facet.TOPIC ? topics : regions;
    }
}
