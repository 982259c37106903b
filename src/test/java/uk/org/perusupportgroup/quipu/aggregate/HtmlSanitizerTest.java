package uk.org.perusupportgroup.quipu.aggregate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HtmlSanitizerTest {

    private static final String PAYLOADS = "/partners/hostile/xss-payloads.txt";
    private static final Set<String> IFRAME_HOSTS =
            Set.of("www.youtube.com", "www.youtube-nocookie.com", "player.vimeo.com");
    private static final HtmlSanitizer SANITIZER = new HtmlSanitizer(IFRAME_HOSTS);
    private static final URI BASE = URI.create("https://www.amnesty.org/en/latest/news/2026/02/peru/");

    static Stream<Arguments> payloads() throws IOException {
        List<Arguments> rows = new ArrayList<>();
        try (InputStream in = HtmlSanitizerTest.class.getResourceAsStream(PAYLOADS)) {
            for (String line : new String(in.readAllBytes(), UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] nameAndPayload = line.split("\t", 2);
                rows.add(Arguments.of(Named.of(nameAndPayload[0], nameAndPayload[1])));
            }
        }
        return rows.stream();
    }

    @Test
    void corpusHasEnoughDistinctlyNamedPayloads() throws IOException {
        List<String> names = payloads().map(row -> ((Named<?>) row.get()[0]).getName()).toList();

        assertTrue(names.size() >= 45, "payloads: " + names.size());
        assertEquals(names.size(), new HashSet<>(names).size(), "names are unique");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void hostilePayloadIsDefused(String payload) {
        String out = SANITIZER.sanitize(payload, BASE);

        assertFalse(out.toLowerCase(Locale.ROOT).contains("<script"), out);
        assertEquals(List.of(), violations(out), out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void hostilePayloadIsDefusedWithoutBase(String payload) {
        String out = SANITIZER.sanitize(payload, null);

        assertFalse(out.toLowerCase(Locale.ROOT).contains("<script"), out);
        assertEquals(List.of(), violations(out), out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void sanitisingTwiceChangesNothing(String payload) {
        String once = SANITIZER.sanitize(payload, BASE);

        assertEquals(once, SANITIZER.sanitize(once, BASE));
    }

    private static List<String> violations(String html) {
        return ActiveContent.violations(html, IFRAME_HOSTS);
    }

    static Stream<Arguments> keeps() {
        return Stream.of(
            row("paragraphs and emphasis are kept",
                "<p>Hello <strong>Lima</strong>, <em>Cusco</em> and <b>Puno</b></p><p>Second</p>",
                "<p>Hello <strong>Lima</strong>, <em>Cusco</em> and <b>Puno</b></p><p>Second</p>"),
            row("lists, quotes, code and tables are kept",
                "<ul><li>a</li></ul><blockquote><p>q</p></blockquote><pre><code>x &lt; y</code></pre>"
                    + "<table><thead><tr><th>h</th></tr></thead><tbody><tr><td colspan=\"2\">d</td></tr></tbody></table>",
                "<ul><li>a</li></ul><blockquote><p>q</p></blockquote><pre><code>x &lt; y</code></pre>"
                    + "<table><thead><tr><th>h</th></tr></thead><tbody><tr><td colspan=\"2\">d</td></tr></tbody></table>"),
            row("a link gets rel and loses target",
                "<a href=\"https://example.org/a\" target=\"_blank\">x</a>",
                "<a href=\"https://example.org/a\" rel=\"noopener noreferrer\">x</a>"),
            row("a relative link is made absolute against the base",
                "<a href=\"../report.pdf\">report</a>",
                "<a href=\"https://www.amnesty.org/en/latest/news/2026/02/report.pdf\" rel=\"noopener noreferrer\">report</a>"),
            row("a root-relative image is made absolute",
                "<img src=\"/images/lima.jpg\" alt=\"Lima\">",
                "<img src=\"https://www.amnesty.org/images/lima.jpg\" alt=\"Lima\">"),
            row("an http image is upgraded to https",
                "<img src=\"http://example.org/a.jpg\" width=\"640\" height=\"480\">",
                "<img src=\"https://example.org/a.jpg\" width=\"640\" height=\"480\">"),
            row("a figure keeps its image and caption",
                "<figure><img src=\"https://example.org/a.jpg\" alt=\"A\"><figcaption>Caption</figcaption></figure>",
                "<figure><img src=\"https://example.org/a.jpg\" alt=\"A\"><figcaption>Caption</figcaption></figure>"),
            row("a YouTube iframe is kept and sandboxed",
                "<iframe src=\"https://www.youtube.com/embed/abc?rel=0\" width=\"560\" height=\"315\" allowfullscreen"
                    + " allow=\"autoplay\" frameborder=\"0\"></iframe>",
                "<iframe src=\"https://www.youtube.com/embed/abc?rel=0\" width=\"560\" height=\"315\" allowfullscreen"
                    + " sandbox=\"allow-scripts allow-same-origin allow-popups\" loading=\"lazy\"></iframe>"),
            row("a protocol-relative Vimeo iframe is made https",
                "<iframe src=\"//player.vimeo.com/video/1\"></iframe>",
                "<iframe src=\"https://player.vimeo.com/video/1\" sandbox=\"allow-scripts allow-same-origin"
                    + " allow-popups\" loading=\"lazy\"></iframe>"),
            row("an http YouTube iframe is upgraded to https",
                "<iframe src=\"http://WWW.YouTube.com/embed/abc\"></iframe>",
                "<iframe src=\"https://www.youtube.com/embed/abc\" sandbox=\"allow-scripts allow-same-origin"
                    + " allow-popups\" loading=\"lazy\"></iframe>"),
            row("an iframe from another host is dropped",
                "<p>Video:</p><iframe src=\"https://evil.example/embed/abc\">fallback</iframe>",
                "<p>Video:</p>"),
            row("a 1x1 stats.wordpress.com pixel is dropped",
                "<p>Text</p><img src=\"https://stats.wordpress.com/b.gif?host=amnesty.org\" alt=\"\" width=\"1\" height=\"1\">",
                "<p>Text</p>"),
            row("a 1x1 pixel from any host is dropped",
                "<p>Text<img src=\"https://example.org/t.gif\" width=\"1px\" height=\"1\"></p>",
                "<p>Text</p>"),
            row("a 0x0 image is dropped",
                "<p>Text<img src=\"https://example.org/t.gif\" width=\"0\" height=\"0\"></p>",
                "<p>Text</p>"),
            row("a feedburner image of any size is dropped",
                "<p>Text</p><img src=\"http://feeds.feedburner.com/~r/amnesty/~4/abc\" height=\"10\" width=\"10\">",
                "<p>Text</p>"),
            row("a google-analytics beacon is dropped",
                "<p>Text<img src=\"https://www.google-analytics.com/collect?v=1\"></p>",
                "<p>Text</p>"),
            row("the paragraph a dropped pixel leaves empty goes too",
                "<p><img src=\"https://pixel.wp.com/g.gif?v=ext\" width=\"1\" height=\"1\"></p><p>Body</p>",
                "<p>Body</p>"),
            row("the WordPress footer paragraph is dropped",
                "<p>Peru news.</p><p>The post <a href=\"https://www.amnesty.org/en/latest/news/2026/02/x/\">Peru: x</a>"
                    + " appeared first on <a href=\"https://www.amnesty.org/en/\">Amnesty International</a>.</p>",
                "<p>Peru news.</p>"),
            row("the WordPress footer is dropped whatever the site",
                "<p>Body</p><p>The post Title appeared first on Servindi - Servicios de Comunicación Intercultural.</p>",
                "<p>Body</p>"),
            row("a paragraph about the post office is kept",
                "<p>The post office in Puno appeared to be closed.</p>",
                "<p>The post office in Puno appeared to be closed.</p>"),
            row("utm parameters are removed from links",
                "<a href=\"https://example.org/a?id=3&amp;utm_source=rss&amp;utm_medium=rss#top\">x</a>",
                "<a href=\"https://example.org/a?id=3#top\" rel=\"noopener noreferrer\">x</a>"),
            row("tracking parameters are removed from image sources",
                "<img src=\"https://example.org/a.jpg?fbclid=abc&amp;w=300\">",
                "<img src=\"https://example.org/a.jpg?w=300\">"),
            row("a mailto link is kept",
                "<a href=\"mailto:press@example.org\">write</a>",
                "<a href=\"mailto:press@example.org\" rel=\"noopener noreferrer\">write</a>"),
            row("a javascript link keeps its text",
                "<p><a href=\"javascript:alert(1)\">click</a> here</p>",
                "<p>click here</p>"),
            row("a script is dropped and the text around it kept",
                "<p>Before <script>alert(1)</script>after</p>",
                "<p>Before after</p>"),
            row("unknown wrappers are unwrapped",
                "<div class=\"entry\"><section><p id=\"x\">Text</p></section></div>",
                "<p>Text</p>"),
            row("a span without attributes is unwrapped, one with a language kept",
                "<p><span lang=\"es\">Hola</span> <span class=\"x\" style=\"color:red\">mundo</span></p>",
                "<p><span lang=\"es\">Hola</span> mundo</p>"),
            row("an emptied inline wrapper leaves its space",
                "<p>Lima<span> </span>Cusco</p>",
                "<p>Lima Cusco</p>"),
            row("spaces in an image URL are escaped",
                "<img src=\"https://example.org/my photo.jpg\">",
                "<img src=\"https://example.org/my%20photo.jpg\">"),
            row("a blockquote cite is made absolute",
                "<blockquote cite=\"/source\">q</blockquote>",
                "<blockquote cite=\"https://www.amnesty.org/source\">q</blockquote>"),
            row("abbreviations and times keep their attributes",
                "<abbr title=\"Peru Support Group\">PSG</abbr> <time datetime=\"2026-02-01\">1 Feb</time>",
                "<abbr title=\"Peru Support Group\">PSG</abbr> <time datetime=\"2026-02-01\">1 Feb</time>"),
            row("no input is no output",
                "   ",
                ""));
    }

    private static Arguments row(String name, String html, String expected) {
        return Arguments.of(Named.of(name, html), expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keeps")
    void sanitises(String html, String expected) {
        assertEquals(expected, SANITIZER.sanitize(html, BASE));
    }

    @Test
    void withoutBaseRelativeLinksAreUnwrappedAndImagesDropped() {
        String out = SANITIZER.sanitize("<p><a href=\"/x\">x</a><img src=\"/a.png\"> <a href=\"https://example.org/\">y</a></p>", null);

        assertEquals("<p>x <a href=\"https://example.org/\" rel=\"noopener noreferrer\">y</a></p>", out);
    }

    @Test
    void iframeHostsAreComparedWithoutCase() {
        HtmlSanitizer sanitizer = new HtmlSanitizer(Set.of("Player.Vimeo.com"));

        String out = sanitizer.sanitize("<iframe src=\"https://player.vimeo.com/video/1\"></iframe>", BASE);

        assertTrue(out.startsWith("<iframe src=\"https://player.vimeo.com/video/1\""), out);
    }
}
