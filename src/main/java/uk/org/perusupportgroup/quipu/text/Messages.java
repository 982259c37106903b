package uk.org.perusupportgroup.quipu.text;

import uk.org.perusupportgroup.quipu.article.Language;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A message bundle: every sentence of {@code /messages/{name}.properties} (UTF-8), in English, and of
 * {@code {name}_es.properties}, in Spanish, which must have the same keys. {@link #PAGES} holds the pages' sentences,
 * which templates read as {@code {{msg.key}}}; {@link #ERRORS} the error answers (JSON under {@code /api/}, plain text or a page
 * elsewhere) and the sentences of refused form fields, whose {@code {{name}}}s are filled in as they are, unescaped. Loaded once.
 * Thread-safe.
 */
public final class Messages {

    public static final Messages PAGES = new Messages("pages");
    public static final Messages ERRORS = new Messages("errors");

    /** Error answers are JSON or plain text, never HTML: values go in as they are; a value a sentence names must be given. */
    private static final Mustache.Compiler PLAIN = Mustache.compiler().escapeHTML(false);

    private final String name;
    private final Map<Language, Map<String, String>> sentences = new EnumMap<>(Language.class);
    private final Map<Language, Map<String, Template>> filled = new EnumMap<>(Language.class);

    private Messages(String name) {
        this.name = name;
        for (Language language : Language.values()) {
            sentences.put(language, load("/" + file(language)));
            filled.put(language, new ConcurrentHashMap<>());
        }
        var english = sentences.get(Language.EN).keySet();
        for (Language language : Language.values()) {
            if (!sentences.get(language).keySet().equals(english)) {
                throw new IllegalStateException(file(language) + " and " + file(Language.EN) + " differ in their keys");
            }
        }
    }

    private String file(Language language) {
        return "messages/" + name + (language == Language.EN ? "" : "_" + language.code()) + ".properties";
    }

    /** A sentence of the bundle in English; a key it lacks is an error. */
    public String get(String key) {
        return get(Language.EN, key);
    }

    /** A sentence of the bundle in {@code language}; a key it lacks is an error. */
    public String get(Language language, String key) {
        String found = sentences.get(language).get(key);
        if (found == null) {
            throw new IllegalStateException(file(language) + " lacks '" + key + "'");
        }
        return found;
    }

    /** A sentence in English with its {@code {{name}}}s filled in from {@code values}, as plain text. */
    public String get(String key, Map<String, ?> values) {
        return get(Language.EN, key, values);
    }

    /** A sentence in {@code language} with its {@code {{name}}}s filled in from {@code values}, as plain text. */
    public String get(Language language, String key, Map<String, ?> values) {
        return filled.get(language).computeIfAbsent(key, k -> PLAIN.compile(get(language, k))).execute(values);
    }

    /** Every sentence in {@code language} by key, for templates. */
    public Map<String, String> all(Language language) {
        return sentences.get(language);
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
