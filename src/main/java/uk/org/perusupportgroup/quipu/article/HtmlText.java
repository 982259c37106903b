package uk.org.perusupportgroup.quipu.article;

/**
 * The one HTML escaper of pages and emails: every template engine of Quipu (pages in {@code web}, mail bodies in
 * {@code mail}) escapes its values with it. (Feed content built in Java escapes with the feed renderer's own, narrower
 * rules, which its published bytes keep.)
 */
public final class HtmlText {

    private HtmlText() {}

    /** Escapes text for element content and quoted attribute values: the five characters that matter there. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
