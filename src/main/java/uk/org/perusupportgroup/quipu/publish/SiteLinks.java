package uk.org.perusupportgroup.quipu.publish;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.Language;
import uk.org.perusupportgroup.quipu.article.Origin;
import uk.org.perusupportgroup.quipu.article.Scope;

/**
 * Every public URL and stable id of the service, built on the configured base URL (whose scheme
 * becomes the scheme of every link) and the tag authority (which ids never take from the base URL).
 */
public final class SiteLinks {

    /** The year in the {@code tag:} ids of feeds and vocabularies (RFC 4151 needs a date). */
    static final String ID_YEAR = "2026";
    private static final Pattern ROOT_RELATIVE = Pattern.compile("(\\s(?:href|src)=\")/(?!/)");

    private final String base;
    private final String tagAuthority;

    /** @param base absolute, without a trailing slash */
    public SiteLinks(String base, String tagAuthority) {
        this.base = base.replaceAll("/+$", "");
        this.tagAuthority = tagAuthority;
    }

    public String base() {
        return base;
    }

    public String tagAuthority() {
        return tagAuthority;
    }

    /** The path of a feed: {@code /feeds/all.atom}, {@code /feeds/topics/environment.rss}. */
    public static String feedPath(Scope scope, FeedFormat format) {
        return "/feeds/" + scope.key() + "." + format.extension();
    }

    public String feed(Scope scope, FeedFormat format) {
        return feed(scope, format, Origin.ANY, 1);
    }

    /** A feed's absolute URL with its {@code origin} and {@code page} parameters when not the defaults. */
    public String feed(Scope scope, FeedFormat format, Origin origin, int page) {
        return feed(scope, format, origin, page, Language.EN);
    }

    /** The same feed in {@code language}: {@code /es/feeds/…} in Spanish. */
    public String feed(Scope scope, FeedFormat format, Language language) {
        return feed(scope, format, Origin.ANY, 1, language);
    }

    /** A feed's absolute URL in {@code language}, with its {@code origin} and {@code page} when not the defaults. */
    public String feed(Scope scope, FeedFormat format, Origin origin, int page, Language language) {
        return feed(scope, format, origin, page, language, java.util.Optional.empty());
    }

    /** The same, with {@code ?language=} when only articles {@code written} in one language are asked for. */
    public String feed(Scope scope, FeedFormat format, Origin origin, int page, Language language,
            java.util.Optional<Language> written) {
        StringBuilder url = new StringBuilder(base).append(language.path(feedPath(scope, format)));
        char separator = '?';
        if (origin != Origin.ANY) {
            url.append(separator).append("origin=").append(origin.parameterValue());
            separator = '&';
        }
        if (written.isPresent()) {
            url.append(separator).append("language=").append(written.get().code());
            separator = '&';
        }
        if (page > 1) {
            url.append(separator).append("page=").append(page);
        }
        return url.toString();
    }

    /**
     * The path of the page for people that lists a scope: {@code /articles}, {@code /topics/x},
     * {@code /regions/y}, {@code /partners}, {@code /partners/{source}}.
     */
    public static String pagePath(Scope scope) {
        return scope.facet().map(facet -> "/" + facet.plural() + "/" + scope.slug())
                .orElse(scope.equals(Scope.ALL) ? "/articles" : "/" + scope.key());
    }

    public String page(Scope scope) {
        return page(scope, Language.EN);
    }

    /** The page of a scope in {@code language}. */
    public String page(Scope scope, Language language) {
        return base + language.path(pagePath(scope));
    }

    /** An uploaded file's address: {@code {base}/media/{name}}. */
    public String media(String name) {
        return base() + "/media/" + name;
    }

    public String article(String slug) {
        return article(slug, Language.EN);
    }

    /** An article's page in {@code language}: {@code /es/articles/{slug}} in Spanish. */
    public String article(String slug, Language language) {
        return base + language.path("/articles/" + slug);
    }

    public String opml() {
        return opml(Language.EN);
    }

    /** Every feed in {@code language} as OPML: {@code /feeds.opml}, {@code /es/feeds.opml}. */
    public String opml(Language language) {
        return base + language.path("/feeds.opml");
    }

    /** A feed's permanent id; the same for every format and page of it. */
    public String feedId(Scope scope, Origin origin) {
        return feedId(scope, origin, Language.EN);
    }

    /** A feed's permanent id in {@code language} (the Spanish feeds are feeds of their own: {@code feeds/es/…}). */
    public String feedId(Scope scope, Origin origin, Language language) {
        return feedId(scope, origin, language, java.util.Optional.empty());
    }

    /** The same, of the feed of only the articles {@code written} in one language ({@code ?language=}). */
    public String feedId(Scope scope, Origin origin, Language language, java.util.Optional<Language> written) {
        String query = (origin == Origin.ANY ? "" : "origin=" + origin.parameterValue())
                + written.map(w -> (origin == Origin.ANY ? "" : "&") + "language=" + w.code()).orElse("");
        return "tag:" + tagAuthority + "," + ID_YEAR + ":feeds/" + (language == Language.EN ? "" : language.code() + "/")
                + scope.key() + (query.isEmpty() ? "" : "?" + query);
    }

    /** The category scheme of a vocabulary: {@code tag:{authority},2026:topics}. */
    public String categoryScheme(Facet facet) {
        return "tag:" + tagAuthority + "," + ID_YEAR + ":" + facet.plural();
    }

    /** Makes the root-relative {@code href} and {@code src} of stored article HTML absolute. */
    public String absolutise(String html) {
        if (html.indexOf("=\"/") < 0) {
            return html;
        }
        return ROOT_RELATIVE.matcher(html).replaceAll("$1" + Matcher.quoteReplacement(base) + "/");
    }
}
