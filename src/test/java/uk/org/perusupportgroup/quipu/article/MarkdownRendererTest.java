package uk.org.perusupportgroup.quipu.article;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MarkdownRendererTest {

    private final MarkdownRenderer renderer = new MarkdownRenderer();

    private Document render(String markdown) {
        return Jsoup.parseBodyFragment(renderer.render(markdown));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        script tag                   | <script>alert(1)</script>
        script tag split by markdown | <scr<script>ipt>alert(1)</script>
        img onerror                  | <img src=x onerror=alert(1)>
        svg onload                   | <svg onload=alert(1)><circle r=5/></svg>
        markdown javascript link     | [click](javascript:alert(1))
        markdown image javascript    | ![x](javascript:alert(1))
        markdown autolink javascript | <javascript:alert(1)>
        raw html javascript link     | <a href="javascript:alert(1)">click</a>
        data url link                | [x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
        data url image               | <img src="data:image/svg+xml,<svg onload=alert(1)>">
        style expression             | <div style="width: expression(alert(1))">x</div>
        style element                | <style>body{background:url(javascript:alert(1))}</style>
        iframe                       | <iframe src="https://evil.example/"></iframe>
        iframe srcdoc                | <iframe srcdoc="<script>alert(1)</script>"></iframe>
        object                       | <object data="javascript:alert(1)"></object>
        embed                        | <embed src="javascript:alert(1)">
        form with action             | <form action="javascript:alert(1)"><button>go</button></form>
        button formaction            | <button formaction="javascript:alert(1)">go</button>
        meta refresh                 | <meta http-equiv="refresh" content="0;url=javascript:alert(1)">
        base href                    | <base href="javascript:alert(1)//">
        entity-encoded javascript    | <a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>
        hex entity javascript        | <a href="&#x6A;avascript&#x3A;alert(1)">x</a>
        markdown entity javascript   | [x](&#106;avascript:alert(1))
        mixed case scheme            | <a href="JaVaScRiPt:alert(1)">x</a>
        tab inside scheme            | <a href="java&#9;script:alert(1)">x</a>
        newline inside scheme        | <a href="java&#10;script:alert(1)">x</a>
        vbscript                     | <a href="vbscript:msgbox(1)">x</a>
        leading spaces in href       | <a href="   javascript:alert(1)">x</a>
        leading control char         | <a href="&#1;javascript:alert(1)">x</a>
        math xlink                   | <math><mi xlink:href="javascript:alert(1)">x</mi></math>
        math maction                 | <math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>
        details ontoggle             | <details open ontoggle=alert(1)><summary>s</summary></details>
        body onload                  | <body onload=alert(1)>
        input autofocus onfocus      | <input autofocus onfocus=alert(1)>
        video source onerror         | <video><source onerror=alert(1)></video>
        a onmouseover                | <a href="https://example.org" onmouseover="alert(1)">x</a>
        noscript mutation            | <noscript><p title="</noscript><img src=x onerror=alert(1)>">
        unclosed attribute           | <img src="x` onerror=alert(1)//">
        link reference javascript    | `[x][r]

        [r]: javascript:alert(1)`
        svg script                   | <svg><script>alert(1)</script></svg>
        template                     | <template><img src=x onerror=alert(1)></template>
        link element                 | <link rel=stylesheet href="javascript:alert(1)">
        """)
    void hostileInputComesOutHarmless(String name, String markdown) {
        Document html = render(markdown);

        assertTrue(html.select("script, iframe, object, embed, form, meta, base, style, link, svg, math, input, button, template")
                .isEmpty(), html.body().html());
        for (Element element : html.getAllElements()) {
            for (Attribute attribute : element.attributes()) {
                String key = attribute.getKey().toLowerCase(Locale.ROOT);
                String value = attribute.getValue().strip().toLowerCase(Locale.ROOT).replaceAll("[\\s\\x00-\\x1f]", "");
                assertFalse(key.startsWith("on"), key + " in " + html.body().html());
                assertFalse(key.equals("style") || key.equals("srcdoc") || key.equals("formaction"), key);
                assertFalse(value.startsWith("javascript:") || value.startsWith("vbscript:") || value.startsWith("data:"),
                        key + "=" + attribute.getValue() + " in " + html.body().html());
            }
        }
    }

    @Test
    void ordinaryMarkdownSurvives() {
        Document html = render("""
                # Heading

                Some *emphasis*, **strong** and `code`.

                - one
                - two

                1. first

                > quoted

                [PSG](https://perusupportgroup.org.uk/news?id=1) and https://example.org

                ```
                block <code>
                ```
                """);

        assertEquals("Heading", html.selectFirst("h1").text());
        assertEquals("emphasis", html.selectFirst("em").text());
        assertEquals("strong", html.selectFirst("strong").text());
        assertEquals(2, html.select("ul > li").size());
        assertEquals("first", html.selectFirst("ol > li").text());
        assertEquals("quoted", html.selectFirst("blockquote").text());
        assertEquals("https://perusupportgroup.org.uk/news?id=1", html.selectFirst("a:contains(PSG)").attr("href"));
        assertEquals("https://example.org", html.selectFirst("a:contains(example.org)").attr("href"));
        assertEquals("block <code>", html.selectFirst("pre > code").text());
    }

    @Test
    void imagesOverHttpsStay() {
        Document html = render("![Machu Picchu](https://example.org/mp.jpg \"Title\")");

        assertEquals("https://example.org/mp.jpg", html.selectFirst("img").attr("src"));
        assertEquals("Machu Picchu", html.selectFirst("img").attr("alt"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/articles/foo, /articles/foo",
        "other, /articles/other",
        "other#part, /articles/other#part",
        "/feeds/all.atom, /feeds/all.atom",
        "../topics/environment, /topics/environment",
        "mailto:info@example.org, mailto:info@example.org",
    })
    void internalLinksComeOutRootRelative(String target, String href) {
        assertEquals(href, render("[x](" + target + ")").selectFirst("a").attr("href"));
    }

    @Test
    void textIsEscapedNotInterpreted() {
        String html = renderer.render("Tom & Jerry say 1 < 2 and \"hi\"");

        assertEquals("Tom & Jerry say 1 < 2 and \"hi\"", Jsoup.parseBodyFragment(html).text());
        assertTrue(html.contains("&amp;") && html.contains("&lt;"), html);
    }

    @Test
    void emptyBodyRendersEmpty() {
        assertEquals("", renderer.render(""));
    }
}
