package uk.org.perusupportgroup.quipu.publish;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a feed says, independent of format: the publisher fills it, the renderer writes it.
 *
 * @param id the feed's stable {@code tag:} id
 * @param selfUrl the absolute URL of this very document
 * @param htmlUrl the page for people that this feed mirrors
 * @param pageLinks RFC 5005 paging: {@code first}, {@code previous}, {@code next} → absolute URL
 * @param hub the WebSub hub, when one is configured
 */
public record FeedDocument(String id, String title, String subtitle, String language, Instant updated,
        String selfUrl, String htmlUrl, Map<String, String> pageLinks, Optional<String> hub, List<Item> items) {

    /**
     * One entry.
     *
     * @param link where the article is read: its permalink page or its canonical URL
     * @param contentHtml the full article as sanitised HTML with absolute links; for a partner item,
     *     what its reuse policy allows, and a "via" line
     * @param source for a partner item, where it comes from (atom:source, RSS {@code <source>})
     * @param attachments the files it carries: its lead image first (when it has one), then the documents its body links
     * @param translations where the same article is read in other languages, one per language
     */
    public record Item(String id, String title, String link, String summary, String contentHtml, Instant published,
            Instant updated, String language, Optional<String> author, List<Category> categories, Optional<Source> source,
            List<Attachment> attachments, List<Alternate> translations) {

        public Item {
            attachments = List.copyOf(attachments);
            translations = List.copyOf(translations);
        }
    }

    /**
     * The same article in another language: Atom and RSS {@code link rel="alternate" hreflang}, JSON Feed
     * {@code _quipu.translations}.
     *
     * @param language its language tag
     * @param url absolute: where it is read
     */
    public record Alternate(String language, String url) {}

    /**
     * A file an item carries: RSS {@code enclosure} and Media RSS {@code media:content}, Atom {@code link rel="enclosure"},
     * JSON Feed {@code image} and {@code attachments}.
     *
     * @param url absolute
     * @param width 0 for a document, as is height
     * @param title what it shows (an image's alt text), or the document's name
     * @param caption may be empty, as may credit
     * @param thumbnail a small copy of an image
     */
    public record Attachment(String url, String type, long length, int width, int height, String title, String caption,
            String credit, Optional<Thumbnail> thumbnail) {

        public boolean image() {
            return type.startsWith("image/");
        }
    }

    /** A small copy of an image. */
    public record Thumbnail(String url, int width, int height) {}

    /**
     * A partner source as an item credits it.
     *
     * @param id the source's stable id in Quipu ({@code /feeds/partners/{id}})
     * @param feedId the {@code tag:} id of Quipu's feed of the source
     * @param feedUrl the source's feed: the partner's own for a feed source, else Quipu's RSS of it
     */
    public record Source(String id, String name, String homeUrl, String feedUrl, String feedId) {}

    /** A topic or region: {@code scheme} tells which vocabulary, {@code term} is the slug. */
    public record Category(String scheme, String term, String label) {}
}
