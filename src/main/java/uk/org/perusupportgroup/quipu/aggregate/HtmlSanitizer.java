package uk.org.perusupportgroup.quipu.aggregate;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * Makes a partner's HTML safe to republish, after Miniflux's sanitiser: an allow-list of text
 * markup (paragraphs, links, emphasis, quotes, lists, headings, code, figures, images, tables…) with
 * a few harmless attributes each; everything else is unwrapped, keeping its text, except what is
 * dropped with its content (scripts, styles, {@code noscript}, {@code template}, SVG, MathML, forms
 * and their controls, {@code object}/{@code embed}/{@code applet}, {@code meta}/{@code link}/{@code
 * base}, audio and video, frames).
 *
 * <p>Every {@code href}, {@code src} and {@code cite} is made absolute against the base and passed
 * through {@link LinkNormaliser} (so only {@code http}/{@code https} survive, and no tracking
 * parameters); a link may also be {@code mailto:}. A link whose URL does not survive is unwrapped, an
 * image or iframe is dropped. Links get {@code rel="noopener noreferrer"} and no {@code target};
 * images are fetched over {@code https}; 1×1 (or 0-sized) images and images from known trackers are
 * dropped. An iframe survives only when its host is one of the configured embed hosts; its URL is
 * made {@code https}, it gets {@code sandbox="allow-scripts allow-same-origin allow-popups"} and
 * {@code loading="lazy"}, and loses its fallback content. WordPress's "The post … appeared first on
 * …" paragraph is dropped, a {@code span} left with no attributes is unwrapped, and wrappers left with
 * neither text nor content are dropped.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class HtmlSanitizer {

    private static final String IFRAME_SANDBOX = "allow-scripts allow-same-origin allow-popups";
    /** Dropped with everything inside them before the allow-list is applied. */
    private static final String DROPPED_WITH_CONTENT = String.join(", ",
            "script", "style", "noscript", "template", "svg", "math", "object", "embed", "applet", "param",
            "form", "input", "button", "select", "option", "optgroup", "textarea", "datalist", "output",
            "keygen", "isindex", "meta", "link", "base", "head", "title", "frame", "frameset", "noframes",
            "noembed", "xmp", "plaintext", "audio", "video", "canvas", "dialog");
    /** Hosts (and their subdomains) whose images are tracking pixels or share-button noise. */
    private static final Set<String> TRACKER_DOMAINS = Set.of(
            "feeds.feedburner.com", "feedproxy.google.com", "stats.wordpress.com", "pixel.wp.com",
            "feeds.wordpress.com", "google-analytics.com", "doubleclick.net", "scorecardresearch.com",
            "quantserve.com", "pi.feedsportal.com", "pixel.facebook.com", "analytics.twitter.com",
            "bat.bing.com", "ct.pinterest.com");
    /** Wrappers that are noise once they hold neither text nor an element. */
    private static final String PRUNED_WHEN_EMPTY = String.join(", ",
            "p", "span", "a", "strong", "em", "b", "i", "u", "q", "cite", "sup", "sub", "abbr", "time",
            "blockquote", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6");
    // selectors compiled once: jsoup would parse a selector string on every call
    private static final Evaluator PRUNED_QUERY = QueryParser.parse(PRUNED_WHEN_EMPTY);
    private static final Evaluator DROPPED_QUERY = QueryParser.parse(DROPPED_WITH_CONTENT);
    private static final Evaluator PARAGRAPH = QueryParser.parse("p");
    private static final Evaluator LINKS = QueryParser.parse("a");
    private static final Evaluator IMAGES = QueryParser.parse("img");
    private static final Evaluator IFRAMES = QueryParser.parse("iframe");
    private static final Evaluator QUOTES = QueryParser.parse("blockquote[cite], q[cite]");
    private static final Evaluator SPANS = QueryParser.parse("span");

    private final Set<String> iframeHosts;
    private final Safelist safelist;

    /**
     * @param iframeHosts the hosts whose iframes are kept (such as {@code www.youtube.com},
     *     {@code www.youtube-nocookie.com}, {@code player.vimeo.com}), compared without case
     */
    public HtmlSanitizer(Set<String> iframeHosts) {
        this.iframeHosts = iframeHosts.stream()
                .map(host -> host.strip().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.safelist = new Safelist()
                .addTags("p", "br", "a", "strong", "em", "b", "i", "u", "s", "blockquote", "q", "cite", "ul",
                        "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "code",
                        "figure", "figcaption", "img", "table", "caption", "thead", "tbody", "tfoot", "tr",
                        "th", "td", "sup", "sub", "hr", "abbr", "time", "span", "iframe")
                .addAttributes(":all", "title", "lang", "dir")
                .addAttributes("a", "href")
                .addAttributes("img", "src", "alt", "width", "height")
                .addAttributes("iframe", "src", "width", "height", "allowfullscreen")
                .addAttributes("blockquote", "cite")
                .addAttributes("q", "cite")
                .addAttributes("time", "datetime")
                .addAttributes("ol", "start", "reversed")
                .addAttributes("td", "colspan", "rowspan")
                .addAttributes("th", "colspan", "rowspan", "scope")
                .addProtocols("a", "href", "http", "https", "mailto")
                .addProtocols("img", "src", "http", "https")
                .addProtocols("iframe", "src", "http", "https")
                .addProtocols("blockquote", "cite", "http", "https")
                .addProtocols("q", "cite", "http", "https")
                .addEnforcedAttribute("a", "rel", "noopener noreferrer")
                .addEnforcedAttribute("iframe", "sandbox", IFRAME_SANDBOX)
                .addEnforcedAttribute("iframe", "loading", "lazy");
    }

    /**
     * @param html a partner's HTML fragment (feed content or a scraped page's article); null is empty
     * @param base what relative URLs are resolved against ({@code xml:base} or the page's URL); null
     *     when there is none, and then relative URLs are dropped
     * @return the sanitised body fragment, not pretty-printed
     */
    public String sanitize(String html, URI base) {
        if (html == null || html.isBlank()) {
            return "";
        }
        Optional<URI> usableBase = base == null ? Optional.empty() : LinkNormaliser.normalise(base.toString(), null);
        Document dirty = Jsoup.parseBodyFragment(html, usableBase.map(URI::toString).orElse(""));
        dirty.select(DROPPED_QUERY).remove();
        for (Element paragraph : dirty.select(PARAGRAPH)) {
            if (PlainText.isWordPressFooter(paragraph.text())) {
                paragraph.remove();
            }
        }
        Document clean = new Cleaner(safelist).clean(dirty);
        clean.outputSettings().prettyPrint(false);
        Element body = clean.body();
        body.select(LINKS).forEach(HtmlSanitizer::fixLink);
        body.select(IMAGES).forEach(HtmlSanitizer::fixImage);
        body.select(IFRAMES).forEach(this::fixIframe);
        body.select(QUOTES).forEach(quote -> normaliseAttribute(quote, "cite"));
        body.select(SPANS).forEach(span -> {
            if (span.attributesSize() == 0) {
                span.unwrap();
            }
        });
        pruneEmpty(body);
        return body.html();
    }

    private static void fixLink(Element link) {
        String href = link.attr("href");
        if (href.regionMatches(true, 0, "mailto:", 0, "mailto:".length())) {
            return;
        }
        if (!normaliseAttribute(link, "href")) {
            link.unwrap();
        }
    }

    private static void fixImage(Element image) {
        if (!normaliseAttribute(image, "src") || isPixel(image)
                || isTracker(URI.create(image.attr("src")).getHost())) {
            image.remove();
            return;
        }
        image.attr("src", https(image.attr("src")));
    }

    private void fixIframe(Element iframe) {
        iframe.empty();
        if (!normaliseAttribute(iframe, "src") || !iframeHosts.contains(URI.create(iframe.attr("src")).getHost())) {
            iframe.remove();
            return;
        }
        iframe.attr("src", https(iframe.attr("src")));
    }

    /**
     * @return whether the attribute survived: it is there and now normalised, else it was removed;
     *     spaces inside a URL are escaped first, as browsers do
     */
    private static boolean normaliseAttribute(Element element, String attribute) {
        String value = element.attr(attribute).strip().replace(" ", "%20");
        Optional<URI> url = LinkNormaliser.normalise(value, null);
        if (url.isEmpty()) {
            element.removeAttr(attribute);
            return false;
        }
        element.attr(attribute, url.get().toString());
        return true;
    }

    private static boolean isPixel(Element image) {
        int width = pixels(image.attr("width"));
        int height = pixels(image.attr("height"));
        return width == 0 || height == 0 || (width == 1 && height == 1);
    }

    /** @return the size in CSS pixels, or -1 when it is absent or not a whole number of pixels */
    private static int pixels(String size) {
        String digits = size.strip().toLowerCase(Locale.ROOT);
        if (digits.endsWith("px")) {
            digits = digits.substring(0, digits.length() - 2).strip();
        }
        if (digits.isEmpty() || digits.length() > 6 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Integer.parseInt(digits);
    }

    private static boolean isTracker(String host) {
        for (String domain : TRACKER_DOMAINS) {
            if (host.equals(domain) || host.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
    }

    private static String https(String url) {
        return url.startsWith("http:") ? "https:" + url.substring("http:".length()) : url;
    }

    /**
     * Drops the wrappers with no element and no text but spaces, innermost first so that the parents
     * they leave empty go too; an inline one leaves its spaces behind, so words stay apart.
     */
    private static void pruneEmpty(Element body) {
        List<Element> wrappers = new ArrayList<>(body.select(PRUNED_QUERY));
        for (int i = wrappers.size() - 1; i >= 0; i--) {
            Element wrapper = wrappers.get(i);
            if (wrapper.childrenSize() > 0 || !PlainText.isBlank(wrapper.wholeText())) {
                continue;
            }
            if (wrapper.isBlock()) {
                wrapper.remove();
            } else {
                wrapper.unwrap();
            }
        }
    }
}
