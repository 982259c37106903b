package uk.org.perusupportgroup.quipu.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each English message bundle and its Spanish twin ({@code messages/{name}_es.properties}) hold the same keys, each
 * Spanish sentence keeps the {@code {{…}}} and {@code {{{…}}}} placeholders of its English one, and none is left empty
 * or untranslated. Reads the files itself (UTF-8, as {@link Messages} does), not through {@link Messages}.
 */
class MessageBundlesTest {

    /** A Mustache placeholder: {@code {{name}}} or {@code {{{name}}}}, with its braces. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\{[^{}]*\\}\\}\\}|\\{\\{[^{}]*\\}\\}");

    /** Keys whose Spanish sentence is rightly the same as the English one, each with why. */
    private static final Map<String, Set<String>> SAME_IN_BOTH = Map.of(
            "pages", Set.of(
                    // a language is named in itself in the language choice and the alert summary, as the English bundle
                    // does with "Español"
                    "language_en",
                    "language_es",
                    // "Error:" before a refused form's title is the same word in Spanish
                    "fields_error"),
            "errors", Set.of());

    @ParameterizedTest
    @ValueSource(strings = {"pages", "errors"})
    void theSpanishBundleHasTheSameKeys(String bundle) throws IOException {
        Map<String, String> english = load(bundle);
        Map<String, String> spanish = load(bundle + "_es");
        Set<String> missing = new TreeSet<>(english.keySet());
        missing.removeAll(spanish.keySet());
        Set<String> extra = new TreeSet<>(spanish.keySet());
        extra.removeAll(english.keySet());
        assertTrue(missing.isEmpty() && extra.isEmpty(), bundle + "_es.properties: missing keys " + missing
                + ", keys not in " + bundle + ".properties " + extra);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pages", "errors"})
    void everySpanishSentenceKeepsItsPlaceholders(String bundle) throws IOException {
        Map<String, String> english = load(bundle);
        Map<String, String> spanish = load(bundle + "_es");
        List<String> wrong = new ArrayList<>();
        english.forEach((key, sentence) -> {
            if (spanish.containsKey(key)) {
                List<String> expected = placeholders(sentence);
                List<String> found = placeholders(spanish.get(key));
                if (!expected.equals(found)) {
                    wrong.add(key + ": English has " + expected + ", Spanish " + found);
                }
            }
        });
        assertTrue(wrong.isEmpty(), bundle + "_es.properties: placeholders differ from the English in " + wrong);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pages", "errors"})
    void everySpanishSentenceIsWrittenAndTranslated(String bundle) throws IOException {
        Map<String, String> english = load(bundle);
        Map<String, String> spanish = load(bundle + "_es");
        Set<String> allowed = SAME_IN_BOTH.get(bundle);
        List<String> empty = new ArrayList<>();
        List<String> untranslated = new ArrayList<>();
        spanish.forEach((key, sentence) -> {
            if (sentence.isBlank()) {
                empty.add(key);
            } else if (sentence.equals(english.get(key)) && !allowed.contains(key)) {
                untranslated.add(key + "=" + sentence);
            }
        });
        assertTrue(empty.isEmpty() && untranslated.isEmpty(), bundle + "_es.properties: empty sentences " + empty
                + "; sentences the same as the English (translate them, or add the key with a reason to SAME_IN_BOTH) "
                + untranslated);
        for (String key : allowed) {
            assertEquals(english.get(key), spanish.get(key), bundle + ": " + key + " is allowed to be the same as the"
                    + " English but is not (or is missing): take it off SAME_IN_BOTH");
        }
    }

    /** The placeholders of a sentence, sorted: the same multiset gives the same list. */
    private static List<String> placeholders(String sentence) {
        List<String> found = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(sentence);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        found.sort(null);
        return found;
    }

    private static Map<String, String> load(String name) throws IOException {
        String resource = "/messages/" + name + ".properties";
        Properties properties = new Properties();
        try (InputStream in = MessageBundlesTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, "the classpath lacks " + resource);
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
        }
        Map<String, String> sentences = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> sentences.put(key, properties.getProperty(key)));
        assertFalse(sentences.isEmpty(), resource + " holds no sentence");
        return sentences;
    }
}
