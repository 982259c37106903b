package uk.org.perusupportgroup.quipu.article;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A partner's item, normalised and sanitised, ready to store.
 *
 * @param key the source's own identity of the item: a digest of its guid, else of its normalised
 *     link, else of its content (64 hex digits)
 * @param link the normalised canonical link, by which one story reached through two sources is stored
 *     once; empty when the partner gave none (the item then links to the source's home page)
 * @param summary plain text, at most a short excerpt
 * @param bodyText the item's whole text, for alert matching; never published under an excerpt policy
 * @param contentHtml the sanitised HTML that may be republished: empty under an excerpt policy
 * @param published the partner's publication date, else its update date, else when first seen
 * @param dated whether the partner gave a date; an undated item keeps the date it was first seen
 */
public record PartnerItem(String key, Optional<URI> link, String title, String summary, String bodyText, String contentHtml,
        Instant published, Optional<Instant> updated, boolean dated, List<String> topics, List<String> regions,
        String language, Optional<String> author) {

    public PartnerItem {
        topics = List.copyOf(topics);
        regions = List.copyOf(regions);
    }
}
