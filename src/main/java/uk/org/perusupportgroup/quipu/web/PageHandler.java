package uk.org.perusupportgroup.quipu.web;

import uk.org.perusupportgroup.quipu.text.Messages;
import uk.org.perusupportgroup.quipu.article.Language;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.Origin;
import uk.org.perusupportgroup.quipu.article.PartnerSource;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.StoredArticle;
import uk.org.perusupportgroup.quipu.article.Term;
import uk.org.perusupportgroup.quipu.article.Translation;
import uk.org.perusupportgroup.quipu.article.Vocabulary;
import uk.org.perusupportgroup.quipu.publish.Catalogue;
import uk.org.perusupportgroup.quipu.publish.FeedFormat;
import uk.org.perusupportgroup.quipu.publish.ArticleMedia;
import uk.org.perusupportgroup.quipu.publish.FeedService;
import uk.org.perusupportgroup.quipu.publish.SiteLinks;
import uk.org.perusupportgroup.quipu.publish.Snapshot;

/**
 * The pages for people: the feed directory ({@code /}), topic and region listings that advertise
 * their own feeds first, and article permalink pages.
 */
final class PageHandler {

    private static final String HTML = "text/html; charset=utf-8";

    private final Catalogue catalogue;
    private final FeedService feeds;
    private final Vocabulary vocabulary;
    private final SiteLinks links;
    private final String siteTitle;
    private final ArticleMedia media;
    private final SnapshotSender sender;

    PageHandler(Catalogue catalogue, FeedService feeds, ArticleMedia media, Vocabulary vocabulary, SiteLinks links,
            String siteTitle, SnapshotSender sender) {
        this.media = media;
        this.catalogue = catalogue;
        this.feeds = feeds;
        this.vocabulary = vocabulary;
        this.links = links;
        this.siteTitle = siteTitle;
        this.sender = sender;
    }

    /**
     * The directory; to a browser that puts the other language first ({@code Accept-Language}), it suggests its twin in
     * that language, in that language, without sending it there.
     */
    void directory(RoutingContext ctx) {
        PageTemplates t = PageTemplates.of(ctx);
        Optional<Language> suggested = preferred(ctx).filter(language -> language != t.language());
        Blocking.run(ctx, () -> directoryPage(t, suggested), page -> sender.send(ctx, html(page), true));
    }

    /** Of English and Spanish, the one the browser's {@code Accept-Language} puts first, if it names either. */
    static Optional<Language> preferred(RoutingContext ctx) {
        for (io.vertx.ext.web.LanguageHeader header : ctx.acceptableLanguages()) {
            for (Language language : Language.values()) {
                if (language.code().equalsIgnoreCase(header.tag())) {
                    return Optional.of(language);
                }
            }
        }
        return Optional.empty();
    }

    void allArticles(RoutingContext ctx) {
        listing(ctx, Scope.ALL, language -> Messages.PAGES.get(language, "listing_all"));
    }

    void topic(RoutingContext ctx) {
        listing(ctx, Facet.TOPIC);
    }

    void region(RoutingContext ctx) {
        listing(ctx, Facet.REGION);
    }

    void partners(RoutingContext ctx) {
        listing(ctx, Scope.PARTNERS, language -> Messages.PAGES.get(language, "listing_partners"));
    }

    void partner(RoutingContext ctx) {
        String id = ctx.pathParam("source");
        Optional<PartnerSource> source = feeds.partner(id);
        if (source.isEmpty()) {
            ErrorResponder.send(ctx, Problem.error(404, "unknown_partner", Map.of("source", id)));
            return;
        }
        listing(ctx, Scope.partner(id), language -> Messages.PAGES.get(language, "listing_news_from") + " " + source.get().name());
    }

    void article(RoutingContext ctx) {
        String slug = ctx.pathParam("slug");
        PageTemplates t = PageTemplates.of(ctx);
        record Found(Optional<StoredArticle> article, Optional<uk.org.perusupportgroup.quipu.store.ArticleStore.Removed> removed,
                Optional<ArticleMedia.Picture> picture, List<Translation> translations) {}
        Blocking.run(ctx, () -> {
            Optional<StoredArticle> article = catalogue.article(slug);
            boolean shown = article.isPresent() && article.get().article().url().isEmpty();   // else it is redirected
            return new Found(article, article.isPresent() ? Optional.empty() : catalogue.removed(slug),
                    article.flatMap(stored -> picture(stored)), shown ? translations(article.get()) : List.of());
        }, answer -> {
            Optional<StoredArticle> found = answer.article();
            if (answer.removed().isPresent()) {
                ErrorResponder.send(ctx, Problem.error(410, "withdrawn", Map.of("slug", slug,
                        "day", uk.org.perusupportgroup.quipu.article.Dates.format(answer.removed().get().removedAt()))));
            } else if (found.isEmpty()) {
                ErrorResponder.send(ctx, Problem.error(404, "no_article", Map.of("slug", slug)));
            } else if (found.get().article().url().isPresent()) {
                ctx.response().setStatusCode(302).putHeader("Location", withoutUserInfo(found.get().article().url().get())).end();
            } else {
                sender.send(ctx, html(articlePage(t, found.get(), "", answer.picture(), answer.translations())));
            }
        });
    }

    /**
     * A stored link as a redirect's target, without user-info: {@code https://www.amnesty.org@evil.example/} is sent
     * to {@code https://evil.example/}, so the address bar shows where the reader really goes. Links stored before
     * partner links lost their user-info are redirected this way too.
     */
    static String withoutUserInfo(java.net.URI url) {
        String authority = url.getRawAuthority();
        if (authority == null || authority.indexOf('@') < 0) {
            return url.toString();
        }
        // the host is what follows the last '@', as browsers read it
        StringBuilder target = new StringBuilder(url.getScheme()).append("://").append(authority.substring(authority.lastIndexOf('@') + 1))
                .append(url.getRawPath() == null ? "" : url.getRawPath());
        if (url.getRawQuery() != null) {
            target.append('?').append(url.getRawQuery());
        }
        if (url.getRawFragment() != null) {
            target.append('#').append(url.getRawFragment());
        }
        return target.toString();
    }

    private void listing(RoutingContext ctx, Facet facet) {
        String slug = ctx.pathParam("slug");
        Optional<Term> term = vocabulary.find(facet, slug);
        if (term.isEmpty()) {
            ErrorResponder.send(ctx, Problem.error(404, facet == Facet.TOPIC ? "unknown_topic" : "unknown_region", Map.of("slug", slug)));
            return;
        }
        listing(ctx, Scope.of(facet, slug), language -> name(language, term.get()));
    }

    /** A topic's or region's name in {@code language}. */
    private static String name(Language language, Term term) {
        return language == Language.ES ? term.nameEs() : term.nameEn();
    }

    /** A scope's page of articles, {@code ?page=} checked; {@code name} is the scope's in each language. */
    private void listing(RoutingContext ctx, Scope scope, java.util.function.Function<Language, String> name) {
        Optional<Problem> bad = QueryParameters.check(ctx);
        if (bad.isPresent()) {
            ErrorResponder.send(ctx, bad.get());
            return;
        }
        int page = QueryParameters.page(ctx);
        PageTemplates t = PageTemplates.of(ctx);
        render(ctx, () -> listingPage(t, scope, name.apply(t.language()), name.apply(t.language().other()), page));
    }

    private void render(RoutingContext ctx, Callable<Optional<String>> page) {
        Blocking.run(ctx, page, html -> {
            if (html.isEmpty()) {
                ErrorResponder.send(ctx, Problem.error(404, "no_such_page"));
            } else {
                sender.send(ctx, html(html.get()));
            }
        });
    }

    private static Snapshot html(String page) {
        return Snapshot.of(page.getBytes(StandardCharsets.UTF_8), HTML, Instant.EPOCH);
    }

    // --- pages -------------------------------------------------------------------------------------

    private String directoryPage(PageTemplates t, Optional<Language> suggested) {
        List<Map<String, Object>> head = alternates(t, Scope.ALL);
        Map<String, Object> values = new HashMap<>();
        values.put("site", siteTitle);
        values.put("suggest", suggested.<Object>map(language -> Map.of("lang", language.code(), "href", language.path("/"),
                "text", Messages.PAGES.get(language, "suggest_twin"))).orElse(""));
        values.put("pageSize", catalogue.pageSize());
        values.put("allFeeds", feedLinks(t, Scope.ALL, t.message("directory_all")));
        values.put("allPage", t.path(SiteLinks.pagePath(Scope.ALL)));
        List<Map<String, Object>> facets = new ArrayList<>();
        for (Facet facet : Facet.values()) {
            Map<String, Integer> counts = catalogue.counts(facet);
            List<Map<String, Object>> terms = new ArrayList<>();
            for (Term term : vocabulary.terms(facet)) {
                Scope scope = Scope.of(facet, term.slug());
                head.add(alternate(t, scope, FeedFormat.ATOM));
                terms.add(Map.of("page", t.path(SiteLinks.pagePath(scope)), "name", name(t.language(), term),
                        "otherName", name(t.language().other(), term), "otherLang", t.language().other().code(),
                        "count", counts.getOrDefault(term.slug(), 0), "links", formatLinks(t, scope, name(t.language(), term))));
            }
            facets.add(Map.of("plural", facet.plural(), "heading", t.message(facet == Facet.TOPIC ? "directory_topics"
                    : "directory_regions"), "column", t.message(facet == Facet.TOPIC ? "directory_topic"
                    : "directory_region"), "terms", terms));
        }
        values.put("facets", facets);
        String allPartners = t.message("directory_all_partners");
        values.put("partnersPage", t.path(SiteLinks.pagePath(Scope.PARTNERS)));
        values.put("partnersCount", catalogue.count(Scope.PARTNERS));
        values.put("partnersLinks", formatLinks(t, Scope.PARTNERS, allPartners));
        head.add(alternate(t, Scope.PARTNERS, FeedFormat.ATOM));
        List<Map<String, Object>> partners = new ArrayList<>();
        for (PartnerSource source : feeds.partners()) {
            Scope scope = Scope.partner(source.id());
            partners.add(Map.of("page", t.path(SiteLinks.pagePath(scope)), "name", source.name(), "host", source.home().getHost(),
                    "count", catalogue.count(scope), "links", formatLinks(t, scope, source.name())));
        }
        values.put("partners", partners);
        return t.frame(siteTitle, siteTitle + " " + t.message("directory_news_feeds"), head(t, "", head),
                t.body("directory", values));
    }

    /** @param otherName the scope's name in the other language */
    private Optional<String> listingPage(PageTemplates t, Scope scope, String name, String otherName, int page) {
        Catalogue.Listing listing = catalogue.listing(scope, Origin.ANY, page);
        if (page > 1 && listing.articles().isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> values = new HashMap<>();
        values.put("name", name);
        values.put("otherName", otherName);
        values.put("otherLang", t.language().other().code());
        values.put("feedLinks", feedLinks(t, scope, name));
        values.put("total", listing.total());
        values.put("one", listing.total() == 1);
        values.put("alerts", scope.facet().map(facet -> t.path("/subscribe") + "?" + facet.plural() + "=" + scope.slug()).orElse(""));
        values.put("alertsLabel", scope.facet().map(facet -> t.message(facet == Facet.TOPIC ? "listing_alerts_topic"
                : "listing_alerts_region")).orElse(""));
        values.put("articleList", articleList(t, listing.articles()));
        values.put("pager", pager(t, t.path(SiteLinks.pagePath(scope)), listing));
        String body = t.body("listing", values);
        String title = name + " · " + siteTitle + (page > 1 ? " (" + t.message("listing_page") + " " + page + ")" : "");
        return Optional.of(t.frame(siteTitle, title, head(t, "", alternates(t, scope)), body));
    }

    /** The article's page; a staff preview says it is not published yet. */
    /** The article's lead image and its files, when it has one (blocking: may read the store). */
    Optional<ArticleMedia.Picture> picture(StoredArticle stored) {
        return stored.partner().isPresent() ? Optional.empty() : media.lead(stored.article());
    }

    /** The article's translations, one per language (blocking: reads the store). */
    List<Translation> translations(StoredArticle stored) {
        return catalogue.translations(stored);
    }

    /**
     * An article's page, with Open Graph and Twitter card meta so that a shared link shows its title, summary and picture,
     * and its translations linked for search engines ({@code hreflang}) and people.
     *
     * @param notice what staff are told above it (a preview, a draft), or ""
     * @param picture its lead image ({@link #picture})
     * @param translations its translations ({@link #translations})
     */
    String articlePage(PageTemplates asked, StoredArticle stored, String notice, Optional<ArticleMedia.Picture> picture,
            List<Translation> translations) {
        Article article = stored.article();
        // written in the page's language with a translation in the other: the page's twin is the translation's page
        PageTemplates t = translations.stream().filter(translation -> Language.ofTag(article.language()).equals(Optional.of(asked.language()))
                && Language.ofTag(translation.language()).equals(Optional.of(asked.language().other()))).findFirst()
                .map(twin -> asked.withTwin("/articles/" + twin.slug())).orElse(asked);
        PageTemplates page = t;
        Map<String, Object> values = new HashMap<>();
        // each on the page in the page's language: the sentence is in it, whatever the article's; a translation in
        // English or Spanish is linked on the site of its language
        values.put("translations", translations.stream().map(translation -> Map.of("href", translationPath(page, translation),
                "hreflang", translation.language(), "lang", t.language().code(), "text", readIn(t.language(), translation.language())))
                .toList());
        values.put("notice", notice);
        values.put("image", picture.<Object>map(this::figure).orElse(""));
        values.put("language", article.language());
        values.put("title", article.title());
        values.put("published", article.published().toString());
        values.put("publishedDay", t.day(article.published()));
        values.put("updated", article.updated().map(Object::toString).orElse(""));
        values.put("updatedDay", article.updated().map(t::day).orElse(""));
        values.put("author", article.author().orElse(""));
        values.put("tags", tags(t, article));
        values.put("summaryOnly", article.bodyHtml().isBlank());
        values.put("summary", article.summary());
        // the body is the sanitised HTML of the article file, written as it is
        values.put("bodyHtml", article.bodyHtml());
        return t.frame(siteTitle, article.title() + " · " + siteTitle, t.body("head", Map.of("canonical",
                links.article(article.slug(), t.language()), "alternates", alternates(t, Scope.ALL), "og", openGraph(t, stored, picture),
                "languages", languages(t, article, translations))), t.body("article", values));
    }

    /**
     * The article's page and each of its translations' pages in the page's language, each by its own language, for
     * search engines; none when it has no translation. They are apart from the layout's links to the page's twin under
     * {@code /es/} (the same article, the site around it in the other language).
     */
    private List<Map<String, Object>> languages(PageTemplates t, Article article, List<Translation> translations) {
        // English and Spanish are the layout's twin links (the translation's page, when there is one); only the others here
        List<Translation> others = translations.stream().filter(translation -> Language.ofTag(translation.language()).isEmpty()).toList();
        if (others.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> languages = new ArrayList<>();
        languages.add(Map.of("hreflang", article.language(), "href", links.base() + t.path("/articles/" + article.slug())));
        for (Translation translation : others) {
            languages.add(Map.of("hreflang", translation.language(), "href", links.base() + t.path("/articles/" + translation.slug())));
        }
        return languages;
    }

    /** Where a translation is read: on the site of its language when that is English or Spanish, else on this page's. */
    private static String translationPath(PageTemplates t, Translation translation) {
        return Language.ofTag(translation.language()).orElse(t.language()).path("/articles/" + translation.slug());
    }

    /** "Read this article in Spanish", in the page's language, of a translation written in {@code tag}. */
    private static String readIn(Language page, String tag) {
        Optional<Language> site = Language.ofTag(tag);
        if (site.isPresent()) {
            return Messages.PAGES.get(page, "article_translation_" + site.get().code());
        }
        // another language (Quechua, say): its name as the JDK knows it in the page's language
        String name = java.util.Locale.forLanguageTag(tag).getDisplayLanguage(java.util.Locale.forLanguageTag(page.code()));
        return Messages.PAGES.get(page, "article_translation_other", Map.of("language", name.isEmpty() ? tag : name));
    }

    /** The lead image as the page shows it: every width in srcset, the 960 one as src, its caption and credit. */
    private Map<String, Object> figure(ArticleMedia.Picture picture) {
        var shown = picture.atMost(960);
        StringBuilder srcset = new StringBuilder();
        for (var file : picture.files()) {
            srcset.append(srcset.isEmpty() ? "" : ", ").append(links.media(file.name())).append(' ').append(file.width()).append('w');
        }
        return Map.of("src", links.media(shown.name()), "srcset", srcset.toString(), "width", shown.width(),
                "height", shown.height(), "alt", picture.image().alt(), "caption", picture.image().caption(),
                "credit", picture.image().credit(),
                "hasCaption", !picture.image().caption().isEmpty() || !picture.image().credit().isEmpty());
    }

    /** Open Graph and Twitter card values of an article's page (a large card when it has a picture). */
    private Map<String, Object> openGraph(PageTemplates t, StoredArticle stored, Optional<ArticleMedia.Picture> picture) {
        Article article = stored.article();
        Map<String, Object> og = new HashMap<>();
        og.put("site", siteTitle);
        og.put("title", article.title());
        og.put("description", article.summary());
        og.put("url", links.article(article.slug(), t.language()));
        og.put("locale", article.language().replace('-', '_'));
        og.put("published", article.published().toString());
        og.put("card", picture.isPresent() ? "summary_large_image" : "summary");
        og.put("image", picture.<Object>map(shown -> {
            var file = shown.atMost(1600);
            return Map.of("url", links.media(file.name()), "type", file.contentType(), "width", file.width(),
                    "height", file.height(), "alt", shown.image().alt());
        }).orElse(""));
        return og;
    }

    // --- fragments ---------------------------------------------------------------------------------

    private String articleList(PageTemplates t, List<StoredArticle> articles) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StoredArticle stored : articles) {
            Article article = stored.article();
            Map<String, Object> row = new HashMap<>();
            row.put("language", article.language());
            row.put("href", article.url().map(Object::toString).orElse(t.path("/articles/" + article.slug())));
            row.put("title", article.title());
            row.put("published", article.published().toString());
            row.put("day", t.day(article.published()));
            row.put("partner", stored.partner().isPresent());
            row.put("via", via(t, stored));
            row.put("tags", tags(t, article));
            row.put("summary", article.summary());
            rows.add(row);
        }
        return t.body("article-list", Map.of("articles", rows, "any", !rows.isEmpty()));
    }

    /** The sources a partner item was found in, each named once ("via Amnesty International"); none for the group's own. */
    private List<Map<String, Object>> via(PageTemplates t, StoredArticle stored) {
        List<Map<String, Object>> via = new ArrayList<>();
        java.util.Set<String> named = new java.util.HashSet<>();
        for (String id : stored.partner().map(partner -> partner.sources()).orElse(List.of())) {
            String name = feeds.partner(id).map(PartnerSource::name).orElse(id);
            if (named.add(name)) {
                via.add(Map.of("page", t.path(SiteLinks.pagePath(Scope.partner(id))), "name", name));
            }
        }
        return via;
    }

    /** The article's topics and regions, each a link to its listing. */
    private String tags(PageTemplates t, Article article) {
        List<Map<String, Object>> tags = new ArrayList<>();
        for (Facet facet : Facet.values()) {
            for (String slug : article.tags(facet)) {
                tags.add(Map.of("plural", facet.plural(), "slug", slug, "name", name(t.language(), vocabulary.get(facet, slug))));
            }
        }
        return t.body("tags", Map.of("tags", tags));
    }

    private static String pager(PageTemplates t, String path, Catalogue.Listing listing) {
        if (listing.page() == 1 && !listing.hasNext()) {
            return "";
        }
        return t.body("pager", Map.of(
                "prev", listing.page() > 1 ? path + (listing.page() == 2 ? "" : "?page=" + (listing.page() - 1)) : "",
                "next", listing.hasNext() ? path + "?page=" + (listing.page() + 1) : ""));
    }

    /** The "subscribe" box: the scope's feeds, first thing on its page. */
    private String feedLinks(PageTemplates t, Scope scope, String name) {
        return t.body("feed-links", Map.of("name", name, "links", formatLinks(t, scope, name)));
    }

    /** A link to each of the scope's feeds, labelled "{name} as Atom" for screen readers. */
    private String formatLinks(PageTemplates t, Scope scope, String name) {
        List<Map<String, Object>> formats = new ArrayList<>();
        for (FeedFormat format : FeedFormat.values()) {
            formats.add(Map.of("href", links.feed(scope, format, t.language()), "type", format.mediaType(), "label", format.label()));
        }
        return t.body("format-links", Map.of("name", name, "formats", formats));
    }

    /** What a page's head links to: its canonical address (or "") and its feeds, for autodiscovery. */
    private static String head(PageTemplates t, String canonical, List<Map<String, Object>> alternates) {
        return t.body("head", Map.of("canonical", canonical, "alternates", alternates, "og", ""));
    }

    /** The scope's feeds in the page's language, for autodiscovery. */
    private List<Map<String, Object>> alternates(PageTemplates t, Scope scope) {
        List<Map<String, Object>> alternates = new ArrayList<>();
        for (FeedFormat format : FeedFormat.values()) {
            alternates.add(alternate(t, scope, format));
        }
        return alternates;
    }

    private Map<String, Object> alternate(PageTemplates t, Scope scope, FeedFormat format) {
        return Map.of("type", format.mediaType(), "title", feeds.title(scope, Origin.ANY, t.language()), "label", format.label(),
                "href", links.feed(scope, format, t.language()));
    }
}
