package uk.org.perusupportgroup.quipu.publish;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.Language;
import uk.org.perusupportgroup.quipu.article.Origin;
import uk.org.perusupportgroup.quipu.article.PartnerSource;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.StoredArticle;
import uk.org.perusupportgroup.quipu.article.Term;
import uk.org.perusupportgroup.quipu.article.Translation;
import uk.org.perusupportgroup.quipu.article.Vocabulary;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.store.ArticleStore;

/**
 * Feed documents on demand: rendered once from the store, then served from a bounded Caffeine cache
 * until an article change invalidates exactly the scopes it touched. A request that arrives after
 * {@link #invalidate} returns never receives the document from before the change.
 */
public final class FeedService {

    /** A safety net only: changes invalidate at once; this bounds the life of anything missed. */
    static final Duration MAX_AGE_IN_CACHE = Duration.ofHours(1);

    private final ArticleStore store;
    private final Vocabulary vocabulary;
    private final SiteLinks links;
    private final FeedRenderer renderer;
    private final QuipuConfig.Feed config;
    private final Optional<String> hub;
    private final Executor blocking;
    private final AsyncCache<FeedRequest, Snapshot> cache;
    private final ScopeCounts counts;
    private final ArticleMedia media;
    private final Map<String, PartnerSource> partners = new LinkedHashMap<>();

    /** @param partners the configured partner sources, whose items the feeds credit */
    /** @param media the photos and documents articles carry */
    public FeedService(ArticleStore store, ArticleMedia media, Vocabulary vocabulary, List<PartnerSource> partners, SiteLinks links,
            QuipuConfig.Feed config, Optional<String> hub, Executor blocking, Ticker ticker) {
        this.media = media;
        partners.forEach(partner -> this.partners.put(partner.id(), partner));
        this.store = store;
        this.vocabulary = vocabulary;
        this.links = links;
        this.renderer = new FeedRenderer(config.title(), links.base() + "/");
        this.config = config;
        this.hub = hub;
        this.blocking = blocking;
        this.counts = new ScopeCounts(store);
        this.cache = Caffeine.newBuilder()
                .maximumWeight(config.cacheMib() * 1024L * 1024L)
                .<FeedRequest, Snapshot>weigher((key, value) -> (int) Math.min(Integer.MAX_VALUE, ENTRY_BYTES + value.weight()))
                .expireAfterWrite(MAX_AGE_IN_CACHE)
                .ticker(ticker)
                .executor(blocking)
                .buildAsync();
    }

    /**
     * What one cached document holds besides its bytes (the request, the cache's node and future, the snapshot's
     * record, buffers and validators): counted in its weight, so that the cache's bound is what it really retains.
     */
    public static final int ENTRY_BYTES = 1024;

    /** A page past the last: answered, never rendered or kept. */
    private static final class NoSuchPage extends RuntimeException {
        NoSuchPage() {
            super(null, null, false, false);
        }
    }

    /**
     * The document, from the cache when possible. A page past the last is known from the scope's count, without
     * reading any article, and is never cached: asking for a million of them costs no memory.
     *
     * @return empty when the page does not exist (a page past the last; page 1 always exists)
     */
    public CompletableFuture<Optional<Snapshot>> snapshot(FeedRequest request) {
        if (pastTheEnd(request, counts.known(request.scope(), request.origin(), request.written(), request.preferred()))) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return cache.get(request, (key, executor) -> CompletableFuture.supplyAsync(() -> render(key)
                        .orElseThrow(NoSuchPage::new), blocking))
                .thenApply(Optional::of)
                .exceptionally(e -> {
                    if (e instanceof NoSuchPage || e.getCause() instanceof NoSuchPage) {
                        return Optional.empty();
                    }
                    throw e instanceof java.util.concurrent.CompletionException c ? c : new java.util.concurrent.CompletionException(e);
                });
    }

    /** What the cache can answer for a feed without a thread hop. */
    public sealed interface Cached {
        /** The document, built already. */
        record Ready(Snapshot snapshot) implements Cached {}

        /** A page past the end of a scope whose count is known: there is no such page. */
        record NoSuchPage() implements Cached {}

        /** Not known yet: {@link #snapshot} finds out. */
        record NotReady() implements Cached {}
    }

    /** The answer if it is ready without a thread hop: a cached document, or "no such page". */
    public Cached cached(FeedRequest request) {
        if (pastTheEnd(request, counts.known(request.scope(), request.origin(), request.written(), request.preferred()))) {
            return new Cached.NoSuchPage();
        }
        CompletableFuture<Snapshot> future = cache.getIfPresent(request);
        if (future != null && future.isDone() && !future.isCompletedExceptionally()) {
            return new Cached.Ready(future.join());
        }
        return new Cached.NotReady();
    }

    private boolean pastTheEnd(FeedRequest request, java.util.OptionalInt count) {
        return request.page() > 1 && count.isPresent() && (request.page() - 1L) * config.pageSize() >= count.getAsInt();
    }

    /** Drops every cached document of these scopes, in every format, page and origin. */
    public void invalidate(Set<Scope> scopes) {
        counts.forget();
        cache.asMap().keySet().removeIf(key -> scopes.contains(key.scope()));
    }

    /** The same, by {@link Scope#key()}, as another instance reported them; {@code *} drops every feed. */
    public void invalidateKeys(Set<String> keys) {
        counts.forget();
        if (keys.contains("*")) {
            cache.synchronous().invalidateAll();
        } else {
            cache.asMap().keySet().removeIf(key -> keys.contains(key.scope().key()));
        }
    }

    /** How many articles each scope holds, shared with the listing pages: forgotten at every change. */
    public ScopeCounts counts() {
        return counts;
    }

    /** Renders a document from the store; empty for a page past the last. Blocking. */
    Optional<Snapshot> render(FeedRequest request) {
        int size = config.pageSize();
        if (pastTheEnd(request, java.util.OptionalInt.of(counts.count(request.scope(), request.origin(), request.written(), request.preferred())))) {
            return Optional.empty();
        }
        var changedAt = store.changedAt(request.scope());
        List<StoredArticle> articles = store.newest(request.scope(), request.origin(), request.written(), request.preferred(),
                (request.page() - 1) * size, size + 1);
        if (request.page() > 1 && articles.isEmpty()) {
            return Optional.empty();
        }
        boolean hasNext = articles.size() > size;
        List<StoredArticle> shown = hasNext ? articles.subList(0, size) : articles;
        Map<String, List<Translation>> translations = store.translations(shown);
        Language language = request.language();
        FeedDocument document = new FeedDocument(
                links.feedId(request.scope(), request.origin(), language, request.written()),
                title(request.scope(), request.origin(), language) + request.written().map(written -> writtenIn(written, language))
                        .orElse(""),
                subtitle(request.scope(), language),
                tag(language),
                changedAt,
                links.feed(request.scope(), request.format(), request.origin(), request.page(), language, request.written()),
                links.page(request.scope(), language),
                pageLinks(request, hasNext),
                hub,
                shown.stream().map(stored -> item(stored, language, translations)).toList());
        return Optional.of(Snapshot.of(renderer.render(document, request.format()), request.format().contentType(), changedAt));
    }

    /**
     * A one-page document of the given articles (a saved search, an alert's matches), items as in every feed.
     * Blocking.
     *
     * @param id the feed's permanent id
     * @param selfUrl the address the document is served at
     */
    public Snapshot list(String id, String title, String subtitle, String selfUrl, String htmlUrl,
            List<StoredArticle> articles, FeedFormat format) {
        return list(id, title, subtitle, selfUrl, htmlUrl, articles, format, Language.EN);
    }

    /** The same in {@code language}: its labels, and its links to the pages of that language. */
    public Snapshot list(String id, String title, String subtitle, String selfUrl, String htmlUrl,
            List<StoredArticle> articles, FeedFormat format, Language language) {
        // with no entries, the store's last change decides what a query finds: that is when it last found nothing
        Instant updated = articles.stream().map(StoredArticle::modifiedAt).max(Instant::compareTo)
                .orElseGet(() -> store.changedAt(Scope.ALL));
        Map<String, List<Translation>> translations = store.translations(articles);
        FeedDocument document = new FeedDocument(id, title, subtitle, tag(language), updated, selfUrl, htmlUrl,
                Map.of(), Optional.empty(), articles.stream().map(stored -> item(stored, language, translations)).toList());
        return Snapshot.of(renderer.render(document, format), format.contentType(), updated);
    }

    private Map<String, String> pageLinks(FeedRequest request, boolean hasNext) {
        Map<String, String> pages = new LinkedHashMap<>();
        Language language = request.language();
        var written = request.written();
        pages.put("first", links.feed(request.scope(), request.format(), request.origin(), 1, language, written));
        if (request.page() > 1) {
            pages.put("previous", links.feed(request.scope(), request.format(), request.origin(), request.page() - 1, language, written));
        }
        if (hasNext) {
            pages.put("next", links.feed(request.scope(), request.format(), request.origin(), request.page() + 1, language, written));
        }
        return pages;
    }

    /** What a feed of only the articles written in {@code written} adds to its title, in the feed's language. */
    private static String writtenIn(Language written, Language language) {
        if (language == Language.ES) {
            return written == Language.ES ? " (artículos en español)" : " (artículos en inglés)";
        }
        return written == Language.ES ? " (articles in Spanish)" : " (articles in English)";
    }

    /** The language tag a feed in {@code language} declares: the configured one for English, {@code es} for Spanish. */
    private String tag(Language language) {
        return language == Language.EN ? config.language() : language.code();
    }

    /**
     * An article as an entry of a feed in {@code language}: its own text as written, the labels in the feed's language,
     * and its translations ({@code translations}, by slug), linked where they are read.
     */
    private FeedDocument.Item item(StoredArticle stored, Language language, Map<String, List<Translation>> translations) {
        var article = stored.article();
        List<FeedDocument.Category> categories = new java.util.ArrayList<>();
        for (Facet facet : Facet.values()) {
            for (String slug : article.tags(facet)) {
                Term term = vocabulary.get(facet, slug);
                categories.add(new FeedDocument.Category(links.categoryScheme(facet), slug, term.name(tag(language))));
            }
        }
        Optional<FeedDocument.Source> source = stored.partner().map(partner -> source(partner.sources().get(0), language));
        String link = article.url().map(Object::toString).orElseGet(() -> links.article(article.slug(), language));
        String content;
        if (stored.partner().isPresent()) {
            boolean full = stored.partner().get().reuse() == PartnerSource.Reuse.FULL && !article.bodyHtml().isBlank();
            content = (full ? article.bodyHtml() : "<p>" + FeedRenderer.escapeHtml(article.summary()) + "</p>")
                    + "\n<p>" + (language == Language.ES ? "Vía" : "Via") + " <a href=\"" + FeedRenderer.escapeHtml(link).replace("\"", "&quot;") + "\">"
                    + FeedRenderer.escapeHtml(source.orElseThrow().name()) + "</a></p>";
        } else {
            content = article.bodyHtml().isBlank() ? "<p>" + FeedRenderer.escapeHtml(article.summary()) + "</p>"
                    : links.absolutise(article.bodyHtml());
        }
        return new FeedDocument.Item(
                stored.tagId(links.tagAuthority()),
                article.title(),
                link,
                article.summary(),
                content,
                article.published(),
                article.lastChanged(),
                article.language(),
                article.author(),
                categories,
                source,
                stored.partner().isPresent() ? List.of() : attachments(article),
                translations.getOrDefault(article.slug(), List.of()).stream().map(translation -> new FeedDocument.Alternate(
                        translation.language(), translation.url().map(Object::toString).orElseGet(() -> links.article(translation.slug()))))
                        .toList());
    }

    /** The files a PSG article carries: its lead image (the copy readers get, with a thumbnail), then linked documents. */
    private List<FeedDocument.Attachment> attachments(uk.org.perusupportgroup.quipu.article.Article article) {
        List<FeedDocument.Attachment> attachments = new java.util.ArrayList<>();
        media.lead(article).ifPresent(picture -> {
            var file = picture.atMost(ArticleMedia.FEED_WIDTH);
            var thumbnail = picture.smallest();
            attachments.add(new FeedDocument.Attachment(links.media(file.name()), file.contentType(), file.length(), file.width(),
                    file.height(), picture.image().alt(), picture.image().caption(), picture.image().credit(),
                    Optional.of(new FeedDocument.Thumbnail(links.media(thumbnail.name()), thumbnail.width(), thumbnail.height()))));
        });
        for (var file : media.linked(article)) {
            if (!file.contentType().startsWith("image/")) {
                attachments.add(new FeedDocument.Attachment(links.media(file.name()), file.contentType(), file.length(), 0, 0,
                        file.name(), "", "", Optional.empty()));
            }
        }
        return attachments;
    }

    /** How items of a partner source credit it; a source no longer configured is credited by its id. */
    private FeedDocument.Source source(String id, Language language) {
        PartnerSource partner = partners.get(id);
        String ours = links.feed(Scope.partner(id), FeedFormat.RSS, language);
        String feedId = links.feedId(Scope.partner(id), Origin.ANY, language);
        if (partner == null) {
            return new FeedDocument.Source(id, id, links.page(Scope.partner(id), language), ours, feedId);
        }
        String feedUrl = partner.kind() == PartnerSource.Kind.FEED ? partner.url().toString() : ours;
        return new FeedDocument.Source(id, partner.name(), partner.home().toString(), feedUrl, feedId);
    }

    /** The configured partner sources, in configuration order. */
    public List<PartnerSource> partners() {
        return List.copyOf(partners.values());
    }

    /** A configured partner source by id; empty for an unknown one (its feed and page do not exist). */
    public Optional<PartnerSource> partner(String id) {
        return Optional.ofNullable(partners.get(id));
    }

    /** The title of a feed, as feed readers list it. */
    public String title(Scope scope, Origin origin) {
        return title(scope, origin, Language.EN);
    }

    /** The title of a feed in {@code language}, as feed readers list it. */
    public String title(Scope scope, Origin origin, Language language) {
        boolean es = language == Language.ES;
        String base = config.title() + scope.facet()
                .map(facet -> ": " + vocabulary.get(facet, scope.slug()).name(tag(language)))
                .or(() -> scope.partnerSource().map(id -> (es ? ": noticias de " : ": news from ") + partnerName(id)))
                .orElse(scope.equals(Scope.PARTNERS) ? (es ? ": noticias de los socios" : ": partners' news") : "");
        return switch (origin) {
            case ANY -> base;
            case PSG -> base + (es ? " (solo artículos del PSG)" : " (PSG articles only)");
            case PARTNERS -> base + (es ? " (solo socios)" : " (partners only)");
        };
    }

    private String partnerName(String id) {
        return partner(id).map(PartnerSource::name).orElse(id);
    }

    private String subtitle(Scope scope, Language language) {
        return language == Language.ES ? subtitleEs(scope) : subtitle(scope);
    }

    /** A feed's description in Spanish. */
    private String subtitleEs(Scope scope) {
        String partnerNames = String.join(", ", new java.util.LinkedHashSet<>(partners.values().stream().map(PartnerSource::name).toList()));
        if (scope.equals(Scope.PARTNERS)) {
            return "Noticias sobre el Perú de los socios del Peru Support Group (" + partnerNames
                    + "), cada una con su fuente y el enlace a ella";
        }
        if (scope.partnerSource().isPresent()) {
            String id = scope.partnerSource().get();
            PartnerSource partner = partners.get(id);
            return "Noticias sobre el Perú de " + partnerName(id) + (partner == null ? "" : " (" + partner.home() + ")")
                    + ", publicadas también por el Peru Support Group";
        }
        return scope.facet().map(facet -> {
            String name = vocabulary.get(facet, scope.slug()).nameEs();
            return facet == Facet.TOPIC
                    ? "Noticias y análisis sobre " + name.toLowerCase(java.util.Locale.forLanguageTag("es"))
                            + " en el Perú, del Peru Support Group y sus socios"
                    : "Noticias y análisis sobre " + name + ", del Peru Support Group y sus socios";
        }).orElse("Noticias y análisis sobre derechos humanos, inclusión social y desarrollo sostenible en el Perú,"
                + " del Peru Support Group y sus socios");
    }

    private String subtitle(Scope scope) {
        if (scope.equals(Scope.PARTNERS)) {
            return "News on Peru from the Peru Support Group's partners ("
                    + String.join(", ", new java.util.LinkedHashSet<>(partners.values().stream().map(PartnerSource::name).toList()))
                    + "), each item credited and linked to its source";
        }
        if (scope.partnerSource().isPresent()) {
            String id = scope.partnerSource().get();
            PartnerSource partner = partners.get(id);
            return "News on Peru from " + partnerName(id) + (partner == null ? "" : " (" + partner.home() + ")")
                    + ", as republished by the Peru Support Group";
        }
        return scope.facet().map(facet -> {
            String name = vocabulary.get(facet, scope.slug()).name(config.language());
            return facet == Facet.TOPIC
                    ? "News and analysis on " + name.toLowerCase(java.util.Locale.ROOT) + " in Peru from the Peru Support Group and its partners"
                    : "News and analysis on " + name + " from the Peru Support Group and its partners";
        }).orElse("News and analysis on human rights, social inclusion and sustainable development in Peru"
                + " from the Peru Support Group and its partners");
    }
}
