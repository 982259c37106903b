package uk.org.perusupportgroup.quipu.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlainTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        paragraphs are separated by a space          | <p>One</p><p>Two</p>                                 | One Two
        line breaks are a space                      | Lima<br>Cusco<br/>Puno                               | Lima Cusco Puno
        list items are separated                     | <ul><li>a</li><li>b</li></ul>c                       | a b c
        table cells are separated                    | <table><tr><td>a</td><td>b</td></tr></table>         | a b
        inline markup adds no space                  | <p>Peru<strong>vian</strong> <em>news</em></p>       | Peruvian news
        entities are decoded                         | Lima &amp; Cusco &#8211; 2026 &lt;ok&gt;             | Lima & Cusco – 2026 <ok>
        no-break spaces collapse                     | a&nbsp;&nbsp; b&#8239;c                              | a b c
        newlines and tabs collapse                   | '  a \n\n\t b  '                                     | a b
        scripts and styles are not text              | <style>p{}</style><p>a<script>var x = 1;</script></p> | a
        WordPress footer paragraph removed           | <p>Body text.</p><p>The post <a href=x>Peru: title</a> appeared first on <a href=y>Amnesty International</a>.</p> | Body text.
        WordPress footer sentence removed            | Body text [&#8230;] The post Peru: title appeared first on Amnesty International. | Body text
        WordPress footer after a post office         | The post office closed. The post Puno appeared first on Servindi. | The post office closed.
        a post office that appeared is kept          | The post office in Puno appeared to be closed.       | The post office in Puno appeared to be closed.
        trailing […] removed                         | <p>Body text […]</p>                                 | Body text
        trailing [&#8230;] removed                   | <p>Body text [&#8230;]</p>                           | Body text
        trailing [&#8230;] escaped twice removed     | <p>Body text [&amp;#8230;]</p>                       | Body text
        trailing [&hellip;] escaped twice removed    | Body text [&amp;hellip;]                             | Body text
        trailing [...] removed                       | Body text [...]                                      | Body text
        […] in the middle kept                       | He said […] and left                                 | He said […] and left
        plain text passes through                    | Just words.                                          | Just words.
        blank is empty                               | '  '                                                 | ''
        """)
    void of(String name, String html, String expected) {
        assertEquals(expected, PlainText.of(html.replace("\\n", "\n").replace("\\t", "\t")));
    }

    @Test
    void ofNullIsEmpty() {
        assertEquals("", PlainText.of(null));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        short text unchanged                  | Short text                                  | 20 | Short text
        exact fit unchanged                   | Exactly ten                                 | 11 | Exactly ten
        surrounding spaces stripped           | '  Short text  '                            | 20 | Short text
        cut at the space before the limit     | Protesters gathered in Lima on Monday       | 20 | Protesters gathered…
        cut inside a word goes back a word    | Protesters gathered in Lima                 | 16 | Protesters…
        trailing punctuation dropped          | Lima, Cusco and Puno                        | 8  | Lima…
        one long word cut inside              | Supercalifragilistic                        | 10 | Supercali…
        a surrogate pair is never split       | 😀😀😀😀😀                                  | 4  | 😀…
        a surrogate pair at the limit is kept | 😀😀😀😀😀                                  | 5  | 😀😀…
        a word after a surrogate pair         | Hola 😀😀                                    | 7  | Hola…
        one char is only the ellipsis         | Hello                                       | 1  | …
        """)
    void excerpt(String name, String text, int maxChars, String expected) {
        assertEquals(expected, PlainText.excerpt(text, maxChars));
    }

    @Test
    void excerptNeedsRoomForTheEllipsis() {
        assertThrows(IllegalArgumentException.class, () -> PlainText.excerpt("text", 0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        Mr. is not an end                         | Mr. Smith said. Then he left.                     | 100 | Mr. Smith said.
        Mr. Smith said then                       | Mr. Smith said. Then                              | 100 | Mr. Smith said.
        Dr. and St. are not ends                  | Dr. Ruiz visited St. Paul church. Later           | 100 | Dr. Ruiz visited St. Paul church.
        e.g. and i.e. are not ends                | Use e.g. water or i.e. nothing. Next              | 100 | Use e.g. water or i.e. nothing.
        No. is not an end                         | Decree No. 1234 was passed. Next                  | 100 | Decree No. 1234 was passed.
        a lower-case no is an end                 | He said no. Then he left.                         | 100 | He said no.
        an initial is not an end                  | John F. Kennedy spoke. Next                       | 100 | John F. Kennedy spoke.
        an initial in brackets is not an end      | The group (J. Doe and others) met. Next           | 100 | The group (J. Doe and others) met.
        a question ends it                        | What happened? Nobody knows.                      | 100 | What happened?
        an exclamation ends it                    | Stop! Now.                                        | 100 | Stop!
        ?! ends it after both                     | Really?! Yes.                                     | 100 | Really?!
        a closing quote belongs to the sentence   | He said “enough.” Then left.                      | 100 | He said “enough.”
        a decimal point is not an end             | Version 2.5 released today. More                  | 100 | Version 2.5 released today.
        a full stop inside a name is not an end   | See amnesty.org for more. Next                    | 100 | See amnesty.org for more.
        no end is the whole text                  | No full stop here                                 | 100 | No full stop here
        the end of text ends it                   | Just one sentence.                                | 100 | Just one sentence.
        a long sentence is cut                    | Protesters gathered in Lima on Monday to demand justice. More | 20 | Protesters gathered…
        """)
    void firstSentence(String name, String text, int maxChars, String expected) {
        assertEquals(expected, PlainText.firstSentence(text, maxChars));
    }

    /** The fast path for simple markup reads every input as jsoup's parser does. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("markup")
    void simpleMarkupReadsAsTheParserReadsIt(String name, String html) {
        assertEquals(PlainText.parsed(html), PlainText.of(html));
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> markup() throws java.io.IOException {
        List<org.junit.jupiter.params.provider.Arguments> rows = new java.util.ArrayList<>();
        for (String fixture : List.of("amnesty-location-peru-feed.synthetic.xml", "amnesty-org-en-feed.sample.xml")) {
            String xml = new String(Fixtures.bytes(fixture), java.nio.charset.StandardCharsets.UTF_8);
            java.util.regex.Matcher cdata = java.util.regex.Pattern.compile("<!\\[CDATA\\[(.*?)]]>", java.util.regex.Pattern.DOTALL)
                    .matcher(xml);
            int n = 0;
            while (cdata.find()) {
                rows.add(org.junit.jupiter.params.provider.Arguments.of(fixture + " #" + n++, cdata.group(1)));
            }
        }
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("src/test/resources/partners/hostile/xss-payloads.txt"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] parts = line.split("\t", 2);
                rows.add(org.junit.jupiter.params.provider.Arguments.of("xss " + parts[0], parts[1]));
            }
        }
        for (String html : List.of("<p>One</p><p>Two</p>", "a<br>b", "<ul><li>x</li><li>y</li></ul>", "<p>Caf&eacute; &amp; t&#233;</p>",
                "<p>Text</p><p>The post <a href=\"x\">T</a> appeared first on <a href=\"y\">Site</a>.</p>",
                "<p>The post X appeared first on Y.</p><p>After</p>", "<div><span>in</span>line</div>", "x &lt;b&gt; y",
                "<p>[&#8230;]</p>", "a < b", "<p>unclosed", "<td>1</td><td>2</td>", "<em>A</em><strong>B</strong>")) {
            rows.add(org.junit.jupiter.params.provider.Arguments.of(html, html));
        }
        return rows.stream();
    }
}
