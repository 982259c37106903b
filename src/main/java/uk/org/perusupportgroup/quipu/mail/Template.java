package uk.org.perusupportgroup.quipu.mail;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import uk.org.perusupportgroup.quipu.article.HtmlText;

/**
 * A mail template from the jar's {@code /templates/mail/}, in Mustache (JMustache): {@code {{name}}} values,
 * {@code {{#name}}…{{/name}}} sections (repeated for each element of a list, shown once for {@code true}) and
 * {@code {{^name}}…{{/name}}} (shown when the value is false, empty or absent). In an HTML template every value is
 * escaped; a value the template names but is not given is an error, never an empty gap. Compiled once; immutable,
 * thread-safe.
 */
public final class Template {

    private final String name;
    private final com.samskivert.mustache.Template compiled;

    private Template(String name, String source) {
        this.name = name;
        Mustache.Compiler compiler = Mustache.compiler().emptyStringIsFalse(true);
        compiler = name.endsWith(".html") ? compiler.withEscaper(HtmlText::escape) : compiler.escapeHTML(false);
        try {
            this.compiled = compiler.compile(source);
        } catch (MustacheException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }

    /** Loads and compiles {@code /templates/mail/{name}} from the jar. */
    public static Template load(String name) {
        try (InputStream in = Template.class.getResourceAsStream("/templates/mail/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the mail template " + name);
            }
            return new Template(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the template with these values (strings, numbers, booleans, lists of maps, maps). */
    public String render(Map<String, ?> values) {
        try {
            return compiled.execute(values);
        } catch (MustacheException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }
}
