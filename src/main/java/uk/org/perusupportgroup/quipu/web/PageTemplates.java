package uk.org.perusupportgroup.quipu.web;

import uk.org.perusupportgroup.quipu.text.Messages;
import uk.org.perusupportgroup.quipu.article.Language;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import uk.org.perusupportgroup.quipu.article.FieldError;
import uk.org.perusupportgroup.quipu.article.HtmlText;

/**
 * The pages that come from templates: {@code /templates/pages/{name}.html} in Mustache (JMustache, every value
 * escaped unless the template says {@code {{{…}}}}), framed by {@code layout.html}, with every sentence from the
 * message bundle {@link Messages#PAGES} ({@code {{msg.key}}}) in the page's language. Templates are compiled once and
 * kept. A template may include another ({@code {{>name}}}); it writes the site's own paths after {@code {{p}}}, the
 * language's prefix ("" or {@code /es}).
 *
 * <p>One is made for each page: {@link #of} for a public page, which knows its address and so names its twin in the
 * other language ({@code hreflang} links and the visible switch); {@link #STAFF} for the staff pages, which are in
 * English only. Thread-safe.
 */
final class PageTemplates {

    /** Values escaped by {@link HtmlText#escape}, the one escaper of pages and emails. */
    private static final Mustache.Compiler COMPILER = Mustache.compiler().withEscaper(HtmlText::escape).emptyStringIsFalse(true)
            .withLoader(name -> new StringReader(source(name)));
    private static final Map<String, Template> TEMPLATES = new ConcurrentHashMap<>();

    /** The staff pages: English, no twin. */
    static final PageTemplates STAFF = new PageTemplates(Language.EN, null);

    private final Language language;
    /** The page's address without its language (path and query), or null: no twin. */
    private final String address;
    /** Its twin's address without its language: the same address, but for an article with a translation. */
    private final String twinAddress;

    private PageTemplates(Language language, String address) {
        this(language, address, address);
    }

    private PageTemplates(Language language, String address, String twinAddress) {
        this.language = language;
        this.address = address;
        this.twinAddress = twinAddress;
    }

    /**
     * The same page whose twin in the other language is at {@code twin} (without its language): an article's page
     * names its translation's page, in the translation's language, instead of the same article in the other site.
     */
    PageTemplates withTwin(String twin) {
        return address == null ? this : new PageTemplates(language, address, twin);
    }

    /**
     * A public page at the request's address, in the language of its path. Only a page a GET shows has a twin: the
     * answer to a form (a POST) has no address of its own to show again in the other language.
     */
    static PageTemplates of(RoutingContext ctx) {
        Language language = Language.of(ctx.normalizedPath());
        var method = ctx.request().method();
        if (method != io.vertx.core.http.HttpMethod.GET && method != io.vertx.core.http.HttpMethod.HEAD) {
            return new PageTemplates(language, null);
        }
        String query = ctx.request().query();
        return at(language, Language.unprefixed(ctx.normalizedPath()) + (query == null || query.isEmpty() ? "" : "?" + query));
    }

    /** A public page in {@code language} at {@code address}, its path and query without the language's prefix. */
    static PageTemplates at(Language language, String address) {
        return new PageTemplates(language, address);
    }

    Language language() {
        return language;
    }

    /** A path of the site in the page's language: {@code /subscribe} or {@code /es/subscribe}. */
    String path(String path) {
        return language.path(path);
    }

    /** A day as the page's language writes it. */
    String day(java.time.Instant instant) {
        return language.day(instant);
    }

    /** A sentence of the bundle in the page's language; a key it lacks is an error. */
    String message(String key) {
        return Messages.PAGES.get(language, key);
    }

    /** A refused field's sentence in the page's language (a sentence made in English only stays English). */
    String refusal(FieldError error) {
        return error.key() == null ? error.message() : Messages.ERRORS.get(language, error.key(), error.values());
    }

    /** The body of a page from {@code templates/pages/{name}.html}; {@code msg} is the bundle, {@code p} the prefix. */
    String body(String name, Map<String, ?> values) {
        Map<String, Object> all = new HashMap<>(values);
        all.put("msg", Messages.PAGES.all(language));
        all.put("p", language.prefix());
        all.put("lang", language.code());
        return template(name).execute(all);
    }

    /** A whole page: the body framed by the layout, titled with the bundle's {@code {titleKey}}. */
    String page(String siteTitle, String titleKey, String body) {
        return frame(siteTitle, message(titleKey), "", body);
    }

    /**
     * The layout around a body: every page's frame, naming the page's twin in the other language when it has one.
     *
     * @param head raw HTML for the head
     */
    String frame(String siteTitle, String title, String head, String body) {
        Map<String, Object> values = new HashMap<>();
        values.put("lang", language.code());
        values.put("title", title);
        values.put("head", head);
        values.put("style", Html.style());
        values.put("site", siteTitle);
        values.put("body", body);
        values.put("msg", Messages.PAGES.all(language));
        values.put("p", language.prefix());
        values.put("home", language.path("/"));
        if (address != null) {
            Language other = language.other();
            String self = language.path(address);
            String twin = other.path(twinAddress);
            values.put("twin", Map.of("href", twin, "lang", other.code(), "name", other.ownName(),
                    "alternates", java.util.List.of(
                            Map.of("href", language == Language.EN ? self : twin, "lang", Language.EN.code()),
                            Map.of("href", language == Language.ES ? self : twin, "lang", Language.ES.code()))));
        }
        return template("layout").execute(values);
    }

    private static Template template(String name) {
        return TEMPLATES.computeIfAbsent(name, n -> COMPILER.compile(source(n)));
    }

    private static String source(String name) {
        try (InputStream in = PageTemplates.class.getResourceAsStream("/templates/pages/" + name + ".html")) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the page template " + name + ".html");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
