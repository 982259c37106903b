package uk.org.perusupportgroup.quipu.article;

import java.util.List;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

/**
 * Renders an article's Markdown to HTML that is safe to embed in pages and feeds: no scripts, no
 * event handlers, no {@code style}, no {@code javascript:} or {@code data:} URLs. Links into this site
 * come out root-relative ({@code /articles/x}); the publisher makes them absolute with its base URL.
 */
public final class MarkdownRenderer {

    /** A stand-in origin for resolving relative links; replaced by {@code /} after cleaning. */
    private static final String LOCAL = "https://quipu.invalid";

    private final Parser parser;
    private final HtmlRenderer renderer;
    private final Safelist safelist;
    private final Document.OutputSettings output;

    public MarkdownRenderer() {
        var extensions = List.of(AutolinkExtension.create());
        this.parser = Parser.builder().extensions(extensions).build();
        this.renderer = HtmlRenderer.builder().extensions(extensions).build();
        this.safelist = Safelist.relaxed()
                .addTags("hr", "figure", "figcaption", "abbr")
                .addAttributes("abbr", "title");
        this.output = new Document.OutputSettings().prettyPrint(false);
    }

    /** @return sanitised HTML; links into this site are root-relative */
    public String render(String markdown) {
        String html = renderer.render(parser.parse(markdown));
        String clean = Jsoup.clean(html, LOCAL + "/articles/", safelist, output);
        return clean.replace("=\"" + LOCAL + "/", "=\"/");
    }
}
