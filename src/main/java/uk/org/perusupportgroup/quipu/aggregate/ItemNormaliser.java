package uk.org.perusupportgroup.quipu.aggregate;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import uk.org.perusupportgroup.quipu.article.PartnerItem;
import uk.org.perusupportgroup.quipu.article.PartnerSource;

/**
 * Turns a partner's raw item into a {@link PartnerItem}: filtered by the source's rules, titled,
 * sanitised, limited by the reuse policy, identified, dated and tagged. Pure: no I/O.
 */
public final class ItemNormaliser {

    static final int SUMMARY_LENGTH = 500;
    static final int TITLE_LENGTH = 300;
    static final int AUTHOR_LENGTH = 200;
    /** Longer links are not kept (the store's limit); the item then links to the source's home page. */
    static final int LINK_LENGTH = 2000;
    /** Longer texts are cut: whole text for alert matching. */
    static final int BODY_LENGTH = 500_000;
    /** Longer sanitised content is not republished: the item shows its excerpt instead. */
    static final int CONTENT_LENGTH = 900_000;
    private static final java.util.regex.Pattern MARKUP = java.util.regex.Pattern.compile("<[^>]*>");

    private final HtmlSanitizer sanitizer;
    private final Tagger tagger;

    public ItemNormaliser(HtmlSanitizer sanitizer, Tagger tagger) {
        this.sanitizer = sanitizer;
        this.tagger = tagger;
    }

    /**
     * @param now when the item is seen: its date when the partner gave none
     * @return empty when the source's filter drops the item, or when it has neither title nor text
     */
    Optional<PartnerItem> normalise(PartnerSource source, RawItem raw, Instant now) {
        PartnerSource.Filter filter = source.filter();
        if (!filter.categories().isEmpty() && raw.categories().stream()
                .noneMatch(c -> filter.categories().stream().anyMatch(wanted -> wanted.equalsIgnoreCase(c)))) {
            return Optional.empty();
        }
        boolean full = source.reuse() == PartnerSource.Reuse.FULL;
        String summaryText = PlainText.of(raw.summaryHtml().or(raw::contentHtml).orElse(""));
        // an excerpt source is matched and shown by what may be shown: its summary; a full one by its whole text
        String sanitized = full ? sanitizer.sanitize(raw.contentHtml().or(raw::summaryHtml).orElse(""), raw.base()) : "";
        String contentHtml = sanitized.length() <= CONTENT_LENGTH ? sanitized : "";
        String bodyText = cut(full && raw.contentHtml().isPresent() ? PlainText.of(sanitized) : summaryText, BODY_LENGTH);
        Optional<String> title = raw.title().map(PlainText::of).filter(t -> !t.isEmpty())
                .or(() -> Optional.of(PlainText.firstSentence(summaryText.isEmpty() ? bodyText : summaryText, TITLE_LENGTH))
                        .filter(t -> !t.isEmpty()));
        if (title.isEmpty()) {
            return Optional.empty();
        }
        // titles are plain text; what looks like markup is dropped, for readers that show RSS titles as HTML
        String titleText = PlainText.excerpt(MARKUP.matcher(title.get()).replaceAll("").replace('<', '‹').replace('>', '›').strip(),
                TITLE_LENGTH);
        if (titleText.isEmpty()) {
            return Optional.empty();
        }
        // a feed item always has a summary: the title stands in for an item with no text at all
        String summary = PlainText.excerpt(summaryText.isEmpty() ? bodyText.isEmpty() ? titleText : bodyText : summaryText,
                SUMMARY_LENGTH);
        if (!filter.include().isEmpty() || !filter.exclude().isEmpty()) {
            String folded = " " + Tagger.fold(titleText + " " + summary) + " ";
            if (!filter.include().isEmpty() && filter.include().stream().noneMatch(w -> folded.contains(" " + Tagger.fold(w) + " "))) {
                return Optional.empty();
            }
            if (filter.exclude().stream().anyMatch(w -> folded.contains(" " + Tagger.fold(w) + " "))) {
                return Optional.empty();
            }
        }
        Optional<URI> link = raw.link().flatMap(l -> LinkNormaliser.normalise(l, raw.base()))
                .filter(l -> l.toString().length() <= LINK_LENGTH);
        String key = raw.guid().map(g -> "guid:" + g)
                .or(() -> link.map(l -> "link:" + l))
                .orElseGet(() -> "content:" + titleText + "\n" + bodyText);
        Optional<Instant> dated = raw.published().or(raw::updated);
        Instant published = dated.orElse(now);
        Optional<Instant> updated = raw.updated().filter(u -> u.isAfter(published));
        PartnerSource.Tags tags = tagger.tags(source, raw.categories(), titleText + " " + summary);
        return Optional.of(new PartnerItem(digest(key), link, titleText, summary, bodyText, contentHtml, published, updated,
                dated.isPresent(), tags.topics(), tags.regions(), source.language(), raw.author().map(PlainText::of)
                        .filter(a -> !a.isEmpty()).map(a -> PlainText.excerpt(a, AUTHOR_LENGTH))));
    }

    /**
     * Normalises one fetch's items. Copies of one item (the same guid, else the same link) are merged
     * first: the latest version's content wins, and the categories of every copy count, so that an
     * edited copy that lost its categories is still kept by a category filter.
     */
    public List<PartnerItem> normaliseAll(PartnerSource source, List<RawItem> raws, Instant now) {
        java.util.Map<String, RawItem> copies = new java.util.LinkedHashMap<>();
        for (RawItem raw : raws) {
            String identity = raw.guid().map(g -> "guid:" + g).or(() -> raw.link()
                    .flatMap(l -> LinkNormaliser.normalise(l, raw.base())).map(l -> "link:" + l))
                    .orElse("raw:" + copies.size());
            copies.merge(identity, raw, ItemNormaliser::mergeCopies);
        }
        List<PartnerItem> items = new java.util.ArrayList<>();
        for (RawItem raw : copies.values()) {
            normalise(source, raw, now).ifPresent(items::add);
        }
        return merge(items);
    }

    private static RawItem mergeCopies(RawItem a, RawItem b) {
        Instant aDate = a.updated().or(a::published).orElse(Instant.MIN);
        Instant bDate = b.updated().or(b::published).orElse(Instant.MIN);
        RawItem newer = bDate.isAfter(aDate) ? b : a;
        RawItem older = newer == a ? b : a;
        java.util.Set<String> categories = new java.util.LinkedHashSet<>(newer.categories());
        categories.addAll(older.categories());
        return new RawItem(newer.guid().or(older::guid), newer.link().or(older::link), newer.base(), newer.title().or(older::title),
                newer.summaryHtml().or(older::summaryHtml), newer.contentHtml().or(older::contentHtml),
                newer.published().or(older::published), newer.updated().or(older::updated), List.copyOf(categories),
                newer.author().or(older::author));
    }

    /**
     * Items of one fetch with the same key merged: the latest version wins. Items with their own
     * keys stay apart even when they share a link (a feed whose items all link to one page).
     */
    static List<PartnerItem> merge(List<PartnerItem> items) {
        java.util.Map<String, PartnerItem> byKey = new java.util.LinkedHashMap<>();
        for (PartnerItem item : items) {
            byKey.merge(item.key(), item, (a, b) -> latest(b).isAfter(latest(a)) ? b : a);
        }
        return List.copyOf(byKey.values());
    }

    private static Instant latest(PartnerItem item) {
        return item.updated().orElse(item.published());
    }

    private static String cut(String text, int length) {
        return text.length() <= length ? text : text.substring(0, Character.isHighSurrogate(text.charAt(length - 1)) ? length - 1 : length);
    }

    static String digest(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
