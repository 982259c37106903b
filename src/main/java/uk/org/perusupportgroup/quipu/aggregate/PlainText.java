package uk.org.perusupportgroup.quipu.aggregate;

import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Plain text from partner HTML, and the short forms of it that feeds and alerts show: an excerpt
 * cut at a word, the first sentence. Lengths are counted in UTF-16 chars and a cut never splits a
 * surrogate pair.
 */
public final class PlainText {

    /** The ellipsis an excerpt ends with when it was cut. */
    public static final String ELLIPSIS = "…";

    /** The paragraph WordPress appends to feed content: "The post Title appeared first on Site." */
    private static final Pattern WORDPRESS_FOOTER =
            Pattern.compile("The post\\s.+\\sappeared first on\\s.+", Pattern.DOTALL);
    /** The same as the last sentence of a text; it may not start inside an earlier "The post". */
    private static final Pattern TRAILING_WORDPRESS_FOOTER = Pattern.compile(
            "(?:^|\\s)The post\\s(?:(?!The post\\s).)+?\\sappeared first on\\s.+$", Pattern.DOTALL);
    /** WordPress's "read more" marker at the end of an excerpt, decoded or escaped twice. */
    private static final Pattern TRAILING_ELLIPSIS_MARKER = Pattern.compile(
            "\\s*\\[\\s*(?:…|\\.\\.\\.|&#8230;|&#x2026;|&hellip;)\\s*]$", Pattern.CASE_INSENSITIVE);
    private static final Pattern SPACES = Pattern.compile("[\\s\\p{Z}]+");
    /** What {@link #excerpt} trims from the end of a cut text before the ellipsis. */
    private static final Pattern CUT_DEBRIS = Pattern.compile("[\\s\\p{Z},;:.\\-–—(\\[{\"'“‘«]+$");
    /** Elements whose content is not text to read. */
    private static final String NOT_TEXT = "script, style, noscript, template, svg, math, head, title";
    // selectors compiled once: jsoup would parse a selector string on every call
    private static final Evaluator NOT_TEXT_QUERY = QueryParser.parse(NOT_TEXT);
    private static final Evaluator PARAGRAPH = QueryParser.parse("p");
    /** Words written with a full stop that does not end a sentence (compared with case). */
    private static final Set<String> ABBREVIATIONS = Set.of(
            "Mr", "Mrs", "Ms", "Dr", "Dra", "St", "Prof", "Sr", "Sra", "Srta", "Jr", "No", "Nos", "Vol",
            "Art", "Gen", "Col", "Lt", "Sgt", "Capt", "Rev", "Hon", "Mt", "Av", "Ave", "Ing", "Lic",
            "e.g", "E.g", "i.e", "I.e", "cf", "vs", "approx");
    /** Punctuation that may follow a sentence's terminator and still belong to the sentence. */
    private static final String CLOSERS = ")]\"'”’»";
    /** Punctuation that may precede a word. */
    private static final String OPENERS = "([\"'“‘«¿¡";

    private PlainText() {}

    /**
     * @return the text of {@code html} (entities decoded, scripts and styles left out) with block
     *     elements and line breaks separated by a space, runs of whitespace collapsed to one space,
     *     no leading or trailing space, and without WordPress's "The post … appeared first on …"
     *     sentence or a trailing "[…]" marker; empty for null or blank input
     */
    public static String of(String html) {
        if (html == null || html.isBlank()) {
            return "";
        }
        String simple = html.indexOf('<') < 0 && html.indexOf('&') < 0 ? html : simpleText(html);
        // plain text, or simple markup (most feed summaries): no parse needed
        return simple != null ? tidy(simple) : parsed(html);
    }

    /** {@link #of} through jsoup's parser, whatever the HTML. */
    static String parsed(String html) {
        Document document = Jsoup.parseBodyFragment(html);
        document.select(NOT_TEXT_QUERY).remove();
        for (Element paragraph : document.select(PARAGRAPH)) {
            if (isWordPressFooter(paragraph.text())) {
                paragraph.remove();
            }
        }
        StringBuilder text = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode textNode) {
                    text.append(textNode.getWholeText());
                } else if (node instanceof Element element && element.isBlock()) {
                    text.append(' ');
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element && element.isBlock()) {
                    text.append(' ');
                }
            }
        }, document.body());
        return tidy(text);
    }

    /** Whitespace collapsed, a trailing WordPress footer sentence and "[…]" marker dropped. */
    private static String tidy(CharSequence text) {
        String collapsed = SPACES.matcher(text).replaceAll(" ").strip();
        // the footer's regular expression is tried only on a text that can hold it
        String withoutFooter = collapsed.contains("appeared first on")
                ? TRAILING_WORDPRESS_FOOTER.matcher(collapsed).replaceFirst("") : collapsed;
        return withoutFooter.endsWith("]") ? TRAILING_ELLIPSIS_MARKER.matcher(withoutFooter).replaceFirst("").strip() : withoutFooter;
    }

    /**
     * The text of HTML made only of ordinary tags (no comments, CDATA, scripts, styles or other
     * elements whose content is not text): tags dropped, block elements and line breaks turned into
     * spaces, WordPress footer paragraphs dropped, entities decoded. Null for anything else, which
     * jsoup then reads.
     */
    private static String simpleText(String html) {
        StringBuilder text = new StringBuilder(html.length());
        int paragraph = -1;
        int i = 0;
        int length = html.length();
        while (i < length) {
            char c = html.charAt(i);
            if (c != '<') {
                text.append(c);
                i++;
                continue;
            }
            int end = html.indexOf('>', i);
            if (end < 0 || html.indexOf('<', i + 1) >= 0 && html.indexOf('<', i + 1) < end) {
                return null;
            }
            int start = i + 1;
            boolean closing = start < end && html.charAt(start) == '/';
            if (closing) {
                start++;
            }
            int nameEnd = start;
            while (nameEnd < end && Character.isLetterOrDigit(html.charAt(nameEnd))) {
                nameEnd++;
            }
            if (nameEnd == start) {
                return null;
            }
            String name = html.substring(start, nameEnd).toLowerCase(java.util.Locale.ROOT);
            if (NOT_TEXT_TAGS.contains(name)) {
                return null;
            }
            if (name.equals("p")) {
                if (!closing) {
                    paragraph = text.length();
                } else if (paragraph >= 0) {
                    if (isWordPressFooter(text.substring(paragraph))) {
                        text.setLength(paragraph);
                    }
                    paragraph = -1;
                }
            }
            if (BLOCK_TAGS.contains(name)) {
                text.append(' ');
            }
            i = end + 1;
        }
        return org.jsoup.parser.Parser.unescapeEntities(text.toString(), false);
    }

    /** Tags whose content is not text, or whose reading depends on context: their presence sends the HTML to jsoup. */
    private static final Set<String> NOT_TEXT_TAGS = Set.of("script", "style", "noscript", "template", "svg", "math", "head",
            "title", "textarea", "iframe", "object", "select", "option",
            // tables: where a cell is (or is not) inside a table changes how a parser reads it
            "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "col", "colgroup");
    /** Tags that separate words, as block elements and line breaks do. */
    private static final Set<String> BLOCK_TAGS = Set.of("p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3",
            "h4", "h5", "h6", "blockquote", "pre", "hr", "section", "article", "aside", "header", "footer", "nav", "main", "figure", "figcaption", "address", "details",
            "summary", "fieldset", "form", "center", "body", "html");

    /**
     * @param maxChars the longest result, the ellipsis included; at least 1
     * @return {@code text} stripped, when it fits; otherwise its start, cut at the last space that
     *     leaves room for "…" (or inside the word when the first word alone is too long), without
     *     trailing spaces or punctuation, followed by "…"
     * @throws IllegalArgumentException when {@code maxChars} is less than 1
     */
    public static String excerpt(String text, int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be at least 1, not " + maxChars);
        }
        String stripped = text.strip();
        if (stripped.length() <= maxChars) {
            return stripped;
        }
        int limit = maxChars - ELLIPSIS.length();
        int cut = limit;
        if (!isSpace(stripped.charAt(limit))) {
            int space = limit - 1;
            while (space > 0 && !isSpace(stripped.charAt(space))) {
                space--;
            }
            if (space > 0) {
                cut = space;
            } else if (limit > 0 && Character.isHighSurrogate(stripped.charAt(limit - 1))) {
                cut = limit - 1;
            }
        }
        return CUT_DEBRIS.matcher(stripped.substring(0, cut)).replaceFirst("") + ELLIPSIS;
    }

    /**
     * @return the text up to and including the first {@code .}, {@code !} or {@code ?} (and any
     *     closing quotes or brackets after it) that is followed by a space or the end, where a full
     *     stop after a single capital initial or a common abbreviation ("Mr.", "Dr.", "St.", "No.",
     *     "e.g.", "i.e."…) does not count; the whole text when there is no such sentence end; then
     *     shortened with {@link #excerpt}
     * @throws IllegalArgumentException when {@code maxChars} is less than 1
     */
    public static String firstSentence(String text, int maxChars) {
        String stripped = text.strip();
        return excerpt(stripped.substring(0, sentenceEnd(stripped)), maxChars);
    }

    /** @return whether a paragraph's text is WordPress's "The post … appeared first on …" footer */
    static boolean isWordPressFooter(String paragraphText) {
        return WORDPRESS_FOOTER.matcher(paragraphText.strip()).matches();
    }

    /** @return whether the text is empty or only spaces, no-break spaces included */
    static boolean isBlank(String text) {
        return text.chars().allMatch(c -> isSpace((char) c));
    }

    private static int sentenceEnd(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '.' && c != '!' && c != '?') {
                continue;
            }
            int end = i + 1;
            while (end < text.length() && CLOSERS.indexOf(text.charAt(end)) >= 0) {
                end++;
            }
            boolean atBreak = end == text.length() || isSpace(text.charAt(end));
            if (atBreak && !(c == '.' && isAbbreviation(text, i))) {
                return end;
            }
        }
        return text.length();
    }

    /** @return whether the word before the full stop at {@code dot} is an abbreviation or an initial */
    private static boolean isAbbreviation(String text, int dot) {
        int start = dot;
        while (start > 0 && !isSpace(text.charAt(start - 1))) {
            start--;
        }
        while (start < dot && OPENERS.indexOf(text.charAt(start)) >= 0) {
            start++;
        }
        String word = text.substring(start, dot);
        boolean initial = word.codePointCount(0, word.length()) == 1 && Character.isUpperCase(word.codePointAt(0));
        return initial || ABBREVIATIONS.contains(word);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
