package uk.org.perusupportgroup.quipu.aggregate;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An item as a partner wrote it, before filtering, sanitising and tagging.
 *
 * @param guid the partner's own id (RSS guid, Atom id), when it gave one distinct from the link
 * @param link the item's link as written (maybe relative)
 * @param base what relative links in the item resolve against (xml:base, the feed or page URL)
 * @param summaryHtml the description or summary, as HTML
 * @param contentHtml the full content, as HTML
 * @param categories the partner's category names, including Amnesty's {@code amn:} country and topic names
 */
record RawItem(Optional<String> guid, Optional<String> link, URI base, Optional<String> title, Optional<String> summaryHtml,
        Optional<String> contentHtml, Optional<Instant> published, Optional<Instant> updated, List<String> categories,
        Optional<String> author) {

    RawItem {
        categories = List.copyOf(categories);
    }
}
