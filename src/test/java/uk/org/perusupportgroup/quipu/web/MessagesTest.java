package uk.org.perusupportgroup.quipu.web;

import uk.org.perusupportgroup.quipu.text.Messages;
import uk.org.perusupportgroup.quipu.article.Language;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private static final Path WEB = Path.of("src/main/java/uk/org/perusupportgroup/quipu/web");

    @Test
    void everyKeyTheWebCodeNamesIsInItsBundle() throws IOException {
        List<String> errors = keys("Problem.error(", "Messages.ERRORS.get(");
        List<String> pages = keys("t.message(", "STAFF.message(", "of(ctx).message(", "Messages.PAGES.get(");
        assertTrue(errors.contains("no_article") && pages.contains("partners_title"), errors + " " + pages);
        for (Language language : Language.values()) {
            errors.forEach(key -> Messages.ERRORS.get(language, key));   // throws for a key the bundle lacks
            pages.forEach(key -> Messages.PAGES.get(language, key));
        }
        ErrorResponder.REASONS.forEach(status -> Messages.ERRORS.get("status_" + status));
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> Messages.ERRORS.get("no_such_key"));
        assertTrue(missing.getMessage().contains("messages/errors.properties"), missing.getMessage());
    }

    @Test
    void errorSentencesAreFilledInAsPlainText() {
        assertEquals("no article 'a<b>&c'", Messages.ERRORS.get("no_article", Map.of("slug", "a<b>&c")));
        assertEquals("page must be a whole number from 1 to 100000, not 'x'",
                Problem.error(400, "bad_page", Map.of("max", QueryParameters.MAX_PAGE, "page", "x")).message());
        assertEquals("the article is not valid: 1 problem", Problem.invalid(List.of(new uk.org.perusupportgroup.quipu.article
                .FieldError("title", "required"))).message());
        assertThrows(RuntimeException.class, () -> Messages.ERRORS.get("no_article", Map.of()), "a value it names must be given");
    }

    /**
     * The string literals in the key argument of every call to {@code calls}: before any {@code Map.of} of values, and
     * not a switch's case label.
     */
    private static List<String> keys(String... calls) throws IOException {
        List<String> keys = new ArrayList<>();
        try (Stream<Path> files = Files.list(WEB)) {
            for (Path file : files.toList()) {
                String source = Files.readString(file);
                for (String call : calls) {
                    for (int at = source.indexOf(call); at >= 0; at = source.indexOf(call, at + 1)) {
                        String argument = argument(source, at + call.length());
                        Matcher literal = Pattern.compile("\"([a-z][a-z0-9_]*[a-z0-9])\"(?!\\s*->)").matcher(argument);
                        while (literal.find()) {
                            keys.add(literal.group(1));
                        }
                    }
                }
            }
        }
        assertFalse(keys.isEmpty());
        return keys;
    }

    private static String argument(String source, int from) {
        int depth = 1;
        int end = from;
        while (depth > 0 && end < source.length()) {
            char c = source.charAt(end++);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        }
        String argument = source.substring(from, end);
        int values = argument.indexOf("Map.of");
        return values < 0 ? argument : argument.substring(0, values);
    }
}
