package uk.org.perusupportgroup.quipu.web;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import uk.org.perusupportgroup.quipu.article.HtmlText;

/**
 * The pages that come from templates: {@code /templates/pages/{name}.html} in Mustache (JMustache, every value
 * escaped unless the template says {@code {{{…}}}}), framed by {@code layout.html}, with every sentence from the
 * message bundle {@link Messages#PAGES} ({@code {{msg.key}}}). Templates are compiled once and kept.
 * A template may include another ({@code {{>name}}}). Thread-safe.
 */
final class PageTemplates {

    /** Values escaped by {@link HtmlText#escape}, the one escaper of pages and emails. */
    private static final Mustache.Compiler COMPILER = Mustache.compiler().withEscaper(HtmlText::escape).emptyStringIsFalse(true)
            .withLoader(name -> new StringReader(source(name)));
    private static final Map<String, Template> TEMPLATES = new ConcurrentHashMap<>();
    private static final Map<String, String> MESSAGES = Messages.PAGES.all();

    private PageTemplates() {}

    /** A sentence of the bundle; a key it lacks is an error. */
    static String message(String key) {
        return Messages.PAGES.get(key);
    }

    /** The body of a page from {@code templates/pages/{name}.html}; {@code msg} is the bundle. */
    static String body(String name, Map<String, ?> values) {
        Map<String, Object> all = new HashMap<>(values);
        all.put("msg", MESSAGES);
        return template(name).execute(all);
    }

    /** A whole page: the body framed by the layout, titled with the bundle's {@code {titleKey}}. */
    static String page(String siteTitle, String titleKey, String body) {
        return frame(siteTitle, message(titleKey), "", body);
    }

    /** The layout around a body: every page's frame. @param head raw HTML for the head */
    static String frame(String siteTitle, String title, String head, String body) {
        return template("layout").execute(Map.of("lang", Locale.ENGLISH.getLanguage(), "title", title, "head", head,
                "style", Html.style(), "site", siteTitle, "body", body, "msg", MESSAGES));
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
