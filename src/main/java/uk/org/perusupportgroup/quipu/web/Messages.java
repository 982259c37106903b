package uk.org.perusupportgroup.quipu.web;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A message bundle: every sentence of {@code /messages/{name}.properties} (UTF-8), in English; a later issue adds
 * {@code {name}_es.properties}. {@link #PAGES} holds the pages' sentences, which templates read as {@code {{msg.key}}};
 * {@link #ERRORS} the error answers ({@link Problem}), JSON under {@code /api/} and plain text elsewhere, whose
 * {@code {{name}}}s are filled in as they are, unescaped. Loaded once. Thread-safe.
 */
final class Messages {

    static final Messages PAGES = new Messages("pages");
    static final Messages ERRORS = new Messages("errors");

    /** Error answers are JSON or plain text, never HTML: values go in as they are; a value a sentence names must be given. */
    private static final Mustache.Compiler PLAIN = Mustache.compiler().escapeHTML(false);

    private final String file;
    private final Map<String, String> sentences;
    private final Map<String, Template> filled = new ConcurrentHashMap<>();

    private Messages(String name) {
        this.file = "messages/" + name + ".properties";
        this.sentences = load("/" + file);
    }

    /** A sentence of the bundle; a key it lacks is an error. */
    String get(String key) {
        String found = sentences.get(key);
        if (found == null) {
            throw new IllegalStateException(file + " lacks '" + key + "'");
        }
        return found;
    }

    /** A sentence with its {@code {{name}}}s filled in from {@code values}, as plain text. */
    String get(String key, Map<String, ?> values) {
        return filled.computeIfAbsent(key, k -> PLAIN.compile(get(k))).execute(values);
    }

    /** Every sentence by key, for templates. */
    Map<String, String> all() {
        return sentences;
    }

    private static Map<String, String> load(String resource) {
        Properties properties = new Properties();
        try (InputStream in = Messages.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + resource);
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> out.put(key, properties.getProperty(key)));
        return Map.copyOf(out);
    }
}
