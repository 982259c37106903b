package uk.org.perusupportgroup.quipu.web;

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

class PageTemplatesTest {

    @Test
    void everySentenceATemplateNamesIsInTheBundle() throws IOException {
        List<String> keys = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/templates/pages"))) {
            for (Path file : files.toList()) {
                Matcher m = Pattern.compile("\\{\\{msg\\.([a-z_]+)}}").matcher(Files.readString(file));
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
        }
        assertFalse(keys.isEmpty());
        for (Language language : Language.values()) {
            PageTemplates pages = PageTemplates.at(language, "/");
            keys.forEach(pages::message);   // throws for a key the bundle lacks
            assertThrows(IllegalStateException.class, () -> pages.message("no_such_key"));
        }
    }

    @Test
    void aPublicPageNamesItsTwinInTheOtherLanguageAndKeepsItsQuery() {
        String english = PageTemplates.at(Language.EN, "/subscriptions/manage?token=a&b").page("PSG", "manage_title", "<p>x</p>");
        assertTrue(english.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"/subscriptions/manage?token=a&amp;b\">")
                && english.contains("<link rel=\"alternate\" hreflang=\"es\" href=\"/es/subscriptions/manage?token=a&amp;b\">")
                && english.contains("<a class=\"lang\" href=\"/es/subscriptions/manage?token=a&amp;b\" hreflang=\"es\" lang=\"es\">Español</a>"),
                english);
        String spanish = PageTemplates.at(Language.ES, "/").page("PSG", "manage_title", "<p>x</p>");
        assertTrue(spanish.startsWith("<!DOCTYPE html>\n<html lang=\"es\">") && spanish.contains("<header><a href=\"/es/\">")
                && spanish.contains("<a class=\"lang\" href=\"/\" hreflang=\"en\" lang=\"en\">English</a>"), spanish);
        assertFalse(PageTemplates.STAFF.page("PSG", "manage_title", "<p>x</p>").contains("hreflang"), "staff pages are English only");
    }

    @Test
    void valuesAreEscapedAndTheLayoutFramesTheBody() {
        PageTemplates staff = PageTemplates.STAFF;
        String body = staff.body("data", Map.of("email", "<script>x</script>@example.org", "export", "/e?token=a&b",
                "self", "/subscriptions/data?token=t", "unsure", true));
        assertTrue(body.contains("<strong>&lt;script&gt;x&lt;/script&gt;@example.org</strong>"), body);
        assertTrue(body.contains("href=\"/e?token=a&amp;b\"") && body.contains("id=\"sure-error\""), body);
        String page = staff.page("Peru <Support> Group", "data_title", body);
        assertTrue(page.startsWith("<!DOCTYPE html>\n<html lang=\"en\">") && page.contains("<title>Your data</title>")
                && page.contains("<header><a href=\"/\">Peru &lt;Support&gt; Group · feeds</a></header>")
                && page.contains("<main>\n" + body + "\n</main>"), page);
        assertEquals(staff.frame("Peru <Support> Group", "Your data", "", body), page, "the same frame as the pages built in Java");
        assertTrue(staff.frame("PSG", "A & B", "<link rel=\"alternate\" href=\"/feeds/all.atom\">\n", "<p>x</p>")
                .contains("<title>A &amp; B</title>\n<link rel=\"alternate\" href=\"/feeds/all.atom\">\n<style>"), "the head as given");
    }
}
