package uk.org.perusupportgroup.quipu.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mail templates' rules, on two probe templates among the test resources. */
class TemplateTest {

    @Test
    void htmlValuesAreEscapedAndSectionTagsTakeTheirLines() {
        String out = Template.load("probe.html").render(Map.of("title", "<a href='x'>\"Bambas\" & co</a>",
                "items", List.of(Map.of("name", "one"), Map.of("name", "two")), "note", ""));
        assertEquals("<p>&lt;a href=&#39;x&#39;&gt;&quot;Bambas&quot; &amp; co&lt;/a&gt;</p>\n"
                + "<li>one of &lt;a href=&#39;x&#39;&gt;&quot;Bambas&quot; &amp; co&lt;/a&gt;</li>\n"
                + "<li>two of &lt;a href=&#39;x&#39;&gt;&quot;Bambas&quot; &amp; co&lt;/a&gt;</li>\n", out,
                "values escaped, list items see the outer values, an empty string is false");
        assertEquals("<p>t</p>\n<p>none</p>\n<p>a = b</p>\n",
                Template.load("probe.html").render(Map.of("title", "t", "items", List.of(), "note", "a = b")));
    }

    @Test
    void textValuesAreWrittenAsTheyAre() {
        assertEquals("Title: <b>Tía & María</b>\n- x\n",
                Template.load("probe.txt").render(Map.of("title", "<b>Tía & María</b>", "items", List.of(Map.of("name", "x")))));
    }

    @Test
    void aValueTheTemplateNamesButIsNotGivenIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Template.load("probe.txt").render(Map.of("items", List.of())));
        assertTrue(e.getMessage().startsWith("probe.txt: ") && e.getMessage().contains("title"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Template.load("no-such.txt"));
    }
}
