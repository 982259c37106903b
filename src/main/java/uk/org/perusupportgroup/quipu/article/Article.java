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
        Optional<String> sourceFile) {

    public Article {
        topics = List.copyOf(topics);
        regions = List.copyOf(regions);
    }

    /** The date of the last significant change: {@code updated}, else {@code published}. */
    public Instant lastChanged() {
        return updated.orElse(published);
    }

    public List<String> tags(Facet facet) {
        return facet == Facet.TOPIC ? topics : regions;
    }
}
