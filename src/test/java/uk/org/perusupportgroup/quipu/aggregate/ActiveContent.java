package uk.org.perusupportgroup.quipu.aggregate;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;

/** What would be active in HTML once a browser-like parser reads it: the check behind every XSS test. */
final class ActiveContent {

    static final Set<String> FORBIDDEN_ELEMENTS = Set.of("script", "style", "object", "embed", "applet",
            "form", "input", "button", "textarea", "select", "meta", "base", "link", "svg", "math", "frame", "frameset",
            "template", "noscript");
    static final Set<String> FORBIDDEN_ATTRIBUTES = Set.of("style", "srcdoc", "formaction");
    static final Set<String> URL_ATTRIBUTES = Set.of("href", "src", "action", "xlink:href", "cite", "background", "poster",
            "data", "codebase", "lowsrc", "dynsrc", "srcset", "formaction");
    static final List<String> FORBIDDEN_SCHEMES = List.of("javascript:", "vbscript:", "data:");

    private ActiveContent() {}

    /** @return what is wrong with the HTML; empty when nothing in it can run */
    static List<String> violations(String html, Set<String> iframeHosts) {
        List<String> found = new ArrayList<>();
        for (Element element : Jsoup.parseBodyFragment(html).getAllElements()) {
            String name = element.normalName();
            if (FORBIDDEN_ELEMENTS.contains(name)) {
                found.add("element " + name);
            }
            if (name.equals("iframe") && !isAllowedEmbed(element.attr("src"), iframeHosts)) {
                found.add("iframe from " + element.attr("src"));
            }
            for (Attribute attribute : element.attributes()) {
                String key = attribute.getKey().toLowerCase(Locale.ROOT);
                if (key.startsWith("on") || FORBIDDEN_ATTRIBUTES.contains(key)) {
                    found.add(name + "[" + key + "]");
                }
                String url = attribute.getValue().replaceAll("[\\p{Cntrl}\\s]", "").toLowerCase(Locale.ROOT);
                if (URL_ATTRIBUTES.contains(key) && FORBIDDEN_SCHEMES.stream().anyMatch(url::startsWith)) {
                    found.add(name + "[" + key + "=" + attribute.getValue() + "]");
                }
            }
        }
        return found;
    }

    private static boolean isAllowedEmbed(String src, Set<String> iframeHosts) {
        try {
            URI uri = new URI(src);
            return "https".equals(uri.getScheme()) && iframeHosts.contains(uri.getHost());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
