package uk.org.perusupportgroup.quipu.article;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One partner source from {@code config/partners.yaml}: where its news is read, how often, which of
 * its items to keep, how its categories map to our vocabulary and how much of each item we may
 * republish.
 *
 * @param id the stable identifier in URLs ({@code /feeds/partners/{id}.atom}) and logs
 * @param name the attribution shown with every item ("via Amnesty International")
 * @param home the partner's own page for people
 * @param url the feed ({@code feed}), the page to scrape ({@code html}) or the page whose
 *     {@code <link rel="alternate">} names the feed ({@code auto})
 * @param categories the partner's category name (lower case) → our topics and regions
 * @param tags topics and regions every item of the source gets
 * @param html the scraping rules; present exactly when {@code kind} is {@code HTML}
 * @param moderation {@code PRE}: new items wait in the staff queue until approved; {@code POST}: they are published at
 *     once (staff may hide them later)
 */
public record PartnerSource(
        String id,
        String name,
        URI home,
        Kind kind,
        URI url,
        Duration interval,
        String language,
        Reuse reuse,
        Filter filter,
        Map<String, Tags> categories,
        Tags tags,
        Optional<HtmlRules> html,
        Moderation moderation) {

    public PartnerSource {
        categories = Map.copyOf(categories);
    }

    /** A source whose new items are published at once. */
    public PartnerSource(String id, String name, URI home, Kind kind, URI url, Duration interval, String language, Reuse reuse,
            Filter filter, Map<String, Tags> categories, Tags tags, Optional<HtmlRules> html) {
        this(id, name, home, kind, url, interval, language, reuse, filter, categories, tags, html, Moderation.POST);
    }

    /** When staff look at a source's new items: before they are published, or after. */
    public enum Moderation {
        PRE, POST;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Kind {
        FEED, HTML, AUTO;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How much of an item may be republished: title, short summary and link, or everything. */
    public enum Reuse {
        EXCERPT, FULL;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Topic and region slugs. */
    public record Tags(List<String> topics, List<String> regions) {

        public static final Tags NONE = new Tags(List.of(), List.of());

        public Tags {
            topics = List.copyOf(topics);
            regions = List.copyOf(regions);
        }
    }

    /**
     * Which items to keep: each present rule must hold.
     *
     * @param categories keep an item carrying at least one of these categories (case-insensitive);
     *     empty: no category rule
     * @param include keep an item whose title or summary holds at least one of these words or phrases
     * @param exclude drop an item whose title or summary holds any of these
     */
    public record Filter(List<String> categories, List<String> include, List<String> exclude) {

        public static final Filter NONE = new Filter(List.of(), List.of(), List.of());

        public Filter {
            categories = List.copyOf(categories);
            include = List.copyOf(include);
            exclude = List.copyOf(exclude);
        }
    }

    /**
     * CSS selectors (jsoup) that find a page's items and, inside each item, their parts.
     *
     * @param title a selector, or empty: the first sentence of the summary
     * @param link a selector for an {@code <a href>}, or empty: the page URL + {@code #} + the item's id
     * @param date a selector whose text holds a date in {@code dateFormat} (for example
     *     {@code d MMMM yyyy}: "16 July 2026"; {@code MMMM yyyy} dates an item the 1st of the month)
     */
    public record HtmlRules(String item, Optional<String> title, Optional<String> link, Optional<String> date,
            String dateFormat, Locale locale, Optional<String> summary) {}
}
