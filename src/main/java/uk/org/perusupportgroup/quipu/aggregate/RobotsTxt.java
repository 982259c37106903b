package uk.org.perusupportgroup.quipu.aggregate;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A site's robots.txt as RFC 9309 reads it: which paths a crawler may fetch, and how long it should
 * wait between requests.
 *
 * <p>Parsing never fails. Lines are {@code name: value}, names case-insensitive; {@code #} starts a comment;
 * a leading byte order mark and LF, CRLF or CR line ends are accepted; lines with other names
 * ({@code Sitemap}, typos) are ignored. A group is one or more {@code User-agent} lines (blank, comment and
 * ignored lines between them allowed) followed by its {@code Allow}, {@code Disallow} and {@code Crawl-delay}
 * lines; the next {@code User-agent} line after one of those starts a new group; rules before the first
 * {@code User-agent} belong to no group. A {@code User-agent} value names the product token at its start
 * ({@code Quipu/1.0 (+https://…)} names {@code quipu}); {@code *} names every crawler.
 *
 * <p>Only the first {@link #MAX_BYTES} bytes (UTF-8) are read, and when the text is cut there, the line
 * that was cut is dropped too, so that a cut rule never means something its author did not write.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class RobotsTxt {

    /** The parsing limit, 500 KiB: RFC 9309 §2.5 lets crawlers ignore what follows it. */
    public static final int MAX_BYTES = 500 * 1024;

    private static final Pattern PRODUCT_TOKEN = Pattern.compile("[A-Za-z_-]+");
    private static final Pattern SECONDS = Pattern.compile("\\d{1,9}(?:\\.\\d{1,9})?");
    private static final String UNRESERVED_MARKS = "-._~";
    /** ASCII that may not appear bare in a URI (besides controls and space): always compared encoded. */
    private static final String UNSAFE = "\"<>\\^`{|}";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static final RobotsTxt ALLOW_ALL = new RobotsTxt(Map.of(), Group.EMPTY);
    private static final RobotsTxt DISALLOW_ALL =
            new RobotsTxt(Map.of(), new Group(List.of(Rule.of(false, "/")), null));

    /** Groups by lower-case product token; several groups naming the same token are already merged. */
    private final Map<String, Group> groups;
    /** The merged {@code *} groups: what a crawler obeys when no group names it. */
    private final Group everyone;

    private RobotsTxt(Map<String, Group> groups, Group everyone) {
        this.groups = groups;
        this.everyone = everyone;
    }

    /** The rules of a robots.txt body (text decoded as UTF-8); see the class comment for the syntax read. */
    public static RobotsTxt parse(String text) {
        var parser = new Parser();
        truncated(text).lines().forEach(parser::read);
        return parser.build();
    }

    /** No rules: every path is allowed, with no crawl delay. */
    public static RobotsTxt allowAll() {
        return ALLOW_ALL;
    }

    /** Every path is disallowed (but {@code /robots.txt} itself), for every crawler. */
    public static RobotsTxt disallowAll() {
        return DISALLOW_ALL;
    }

    /**
     * What to obey after requesting {@code /robots.txt} (RFC 9309 §2.3.1), redirects already followed (up to
     * five, §2.3.1.2):
     * <ul>
     *   <li>2xx: the rules in {@code body};</li>
     *   <li>3xx (more than five redirects) and 4xx but 429: the file is "unavailable", so {@link #allowAll()};</li>
     *   <li>429, 5xx and anything else: the file is "unreachable", so {@link #disallowAll()}. (RFC 9309 counts
     *       429 among the 4xx; like Google we read it as the server asking us to back off.)</li>
     * </ul>
     * When the server cannot be reached at all (DNS, connection, timeout), use {@link #disallowAll()} too.
     * The caller owns the rest of §2.3.1.4 and §2.4: cache the answer for at most 24 hours, and after 30 days
     * of "unreachable" it may fall back to the last good copy.
     *
     * @param body the response body; read only for a 2xx status
     */
    public static RobotsTxt forResponse(int status, String body) {
        if (status >= 200 && status <= 299) {
            return parse(body);
        }
        if (status >= 300 && status <= 499 && status != 429) {
            return allowAll();
        }
        return disallowAll();
    }

    /**
     * Whether the crawler may fetch a path. The group is the merged groups whose {@code User-agent} names the
     * product token (case-insensitive), else the merged {@code *} groups, else none (everything allowed).
     * Of its {@code Allow} and {@code Disallow} patterns that match, the longest wins, and {@code Allow} wins a
     * tie; no match allows. A pattern matches from the path's start; {@code *} matches any run of characters,
     * and a final {@code $} anchors at the end. Both the pattern and the path are compared with percent-escapes
     * of unreserved ASCII decoded, other escapes in upper case, and non-ASCII and unsafe characters escaped
     * (RFC 9309 §2.2.2), so {@code /ba%7a}, {@code /baz} and {@code /ba%7A} are one path. {@code /robots.txt}
     * is always allowed.
     *
     * @param userAgentProduct the crawler's product token, e.g. {@code Quipu}; what follows a leading token
     *     ({@code Quipu/1.0}) is ignored
     * @param pathAndQuery the raw path and query of the URI, e.g. {@code /en/latest/?s=peru}; empty means
     *     {@code /}; a fragment is ignored
     * @throws IllegalArgumentException if {@code userAgentProduct} does not start with a product token
     *     ({@code [A-Za-z_-]+}) or {@code pathAndQuery} is neither empty nor starts with {@code /}
     */
    public boolean allows(String userAgentProduct, String pathAndQuery) {
        String path = normalise(pathOf(pathAndQuery));
        if (path.equals("/robots.txt")) {
            return true;
        }
        Rule best = null;
        for (Rule rule : groupFor(userAgentProduct).rules()) {
            if ((best == null || rule.outranks(best)) && rule.matches(path)) {
                best = rule;
            }
        }
        return best == null || best.allow();
    }

    /**
     * The {@code Crawl-delay} of the crawler's group (chosen as for {@link #allows}), in seconds, fractions
     * allowed; the first one when merged groups give several. Not part of RFC 9309; empty when the group has
     * none, or only values that are not a plain non-negative number below 10⁹.
     *
     * @throws IllegalArgumentException as for {@link #allows}
     */
    public Optional<Duration> crawlDelay(String userAgentProduct) {
        return Optional.ofNullable(groupFor(userAgentProduct).crawlDelay());
    }

    private Group groupFor(String userAgentProduct) {
        String token = productToken(Objects.requireNonNull(userAgentProduct, "userAgentProduct"));
        if (token.isEmpty()) {
            throw new IllegalArgumentException("not a product token: '" + userAgentProduct + "'");
        }
        return groups.getOrDefault(token, everyone);
    }

    private static String pathOf(String pathAndQuery) {
        Objects.requireNonNull(pathAndQuery, "pathAndQuery");
        int fragment = pathAndQuery.indexOf('#');
        String path = fragment < 0 ? pathAndQuery : pathAndQuery.substring(0, fragment);
        if (path.isEmpty()) {
            return "/";
        }
        if (path.charAt(0) != '/') {
            throw new IllegalArgumentException("not a path: '" + pathAndQuery + "'");
        }
        return path;
    }

    /** The leading {@code [A-Za-z_-]+} of a value, lower-cased; empty when there is none. */
    private static String productToken(String value) {
        var matcher = PRODUCT_TOKEN.matcher(value);
        return matcher.lookingAt() ? matcher.group().toLowerCase(Locale.ROOT) : "";
    }

    /** The text within {@link #MAX_BYTES} bytes of UTF-8, less a line that the limit cut. */
    private static String truncated(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
            if (bytes > MAX_BYTES) {
                if (c == '\n' || c == '\r') {
                    return text.substring(0, i);
                }
                int lineStart = Math.max(text.lastIndexOf('\n', i - 1), text.lastIndexOf('\r', i - 1)) + 1;
                return text.substring(0, lineStart);
            }
        }
        return text;
    }

    /**
     * The form in which patterns and paths are compared: {@code %xx} of unreserved ASCII decoded, other
     * {@code %xx} upper-cased, a {@code %} not starting an escape written {@code %25}, and controls, space,
     * unsafe ASCII and non-ASCII (as UTF-8) percent-encoded. Reserved characters, {@code *} and {@code $}
     * among them, are kept as they are.
     */
    static String normalise(String raw) {
        var out = new StringBuilder(raw.length() + 8);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = i + 2 < raw.length() ? hexValue(raw.charAt(i + 1)) : -1;
                int low = high < 0 ? -1 : hexValue(raw.charAt(i + 2));
                if (low < 0) {
                    out.append("%25");
                } else {
                    appendOctet(out, high * 16 + low, true);
                    i += 2;
                }
            } else if (c < 0x80) {
                appendOctet(out, c, false);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < raw.length()
                        && Character.isLowSurrogate(raw.charAt(i + 1)) ? i + 2 : i + 1;
                for (byte b : raw.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    appendOctet(out, b & 0xFF, true);
                }
                i = end - 1;
            }
        }
        return out.toString();
    }

    /** @param escaped whether the octet came escaped (or must be): then only unreserved ASCII goes bare */
    private static void appendOctet(StringBuilder out, int octet, boolean escaped) {
        boolean unreserved = octet < 0x80 && (Character.isLetterOrDigit(octet) || UNRESERVED_MARKS.indexOf(octet) >= 0);
        boolean bare = unreserved || !escaped && octet > 0x20 && octet < 0x7F && UNSAFE.indexOf(octet) < 0;
        if (bare) {
            out.append((char) octet);
        } else {
            out.append('%').append(HEX[octet >> 4]).append(HEX[octet & 0xF]);
        }
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    /**
     * One {@code Allow} or {@code Disallow} line.
     *
     * @param pattern normalised, runs of {@code *} collapsed
     * @param specificity the normalised pattern's length in octets, as written: the longest match wins
     */
    private record Rule(boolean allow, String pattern, int specificity) {

        static Rule of(boolean allow, String value) {
            String rooted = value.startsWith("/") || value.startsWith("*") ? value : "/" + value;
            String pattern = normalise(rooted);
            return new Rule(allow, pattern.replaceAll("\\*{2,}", "*"), pattern.length());
        }

        boolean outranks(Rule other) {
            return specificity > other.specificity || specificity == other.specificity && allow && !other.allow;
        }

        /**
         * Whether the pattern matches a prefix of the path (all of it, with a final {@code $}). Tracks the set of
         * path positions the pattern so far can end at, so {@code *} never backtracks: O(pattern × path).
         */
        boolean matches(String path) {
            int length = path.length();
            int[] ends = new int[length + 1];
            int count = 1;
            for (int p = 0; p < pattern.length(); p++) {
                char c = pattern.charAt(p);
                if (c == '$' && p == pattern.length() - 1) {
                    return ends[count - 1] == length;
                }
                if (c == '*') {
                    int from = ends[0];
                    count = length - from + 1;
                    for (int k = 0; k < count; k++) {
                        ends[k] = from + k;
                    }
                } else {
                    int kept = 0;
                    for (int k = 0; k < count; k++) {
                        if (ends[k] < length && path.charAt(ends[k]) == c) {
                            ends[kept++] = ends[k] + 1;
                        }
                    }
                    if (kept == 0) {
                        return false;
                    }
                    count = kept;
                }
            }
            return true;
        }
    }

    /** @param crawlDelay null when the group gives none */
    private record Group(List<Rule> rules, Duration crawlDelay) {
        static final Group EMPTY = new Group(List.of(), null);

        Group mergedWith(Group later) {
            var merged = new ArrayList<Rule>(rules);
            merged.addAll(later.rules);
            return new Group(List.copyOf(merged), crawlDelay != null ? crawlDelay : later.crawlDelay);
        }
    }

    /** Reads line by line; {@link #build()} merges the groups that name the same crawler. */
    private static final class Parser {
        private final List<Set<String>> names = new ArrayList<>();
        private final List<Group> bodies = new ArrayList<>();
        private Set<String> naming;
        private List<Rule> rules;
        private Duration crawlDelay;
        /** Whether the current group has a member line, so that a User-agent line starts the next group. */
        private boolean inBody;

        void read(String line) {
            int hash = line.indexOf('#');
            String content = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (!content.isEmpty() && content.charAt(0) == '\uFEFF') {
                content = content.substring(1).strip();
            }
            int colon = content.indexOf(':');
            if (colon < 0) {
                return;
            }
            String name = content.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = content.substring(colon + 1).strip();
            switch (name) {
                case "user-agent" -> userAgent(value);
                case "allow" -> rule(true, value);
                case "disallow" -> rule(false, value);
                case "crawl-delay" -> crawlDelay(value);
                default -> { }
            }
        }

        private void userAgent(String value) {
            if (naming == null || inBody) {
                finishGroup();
                naming = new LinkedHashSet<>();
                rules = new ArrayList<>();
                inBody = false;
            }
            String token = productToken(value);
            if (!token.isEmpty()) {
                naming.add(token);
            } else if (value.startsWith("*")) {
                naming.add("*");
            }
        }

        private void rule(boolean allow, String value) {
            if (naming == null) {
                return;
            }
            inBody = true;
            if (!value.isEmpty()) {
                rules.add(Rule.of(allow, value));
            }
        }

        private void crawlDelay(String value) {
            if (naming == null) {
                return;
            }
            inBody = true;
            if (crawlDelay == null && SECONDS.matcher(value).matches()) {
                var seconds = new BigDecimal(value);
                crawlDelay = Duration.ofSeconds(seconds.longValue(),
                        seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
            }
        }

        private void finishGroup() {
            if (naming != null) {
                names.add(naming);
                bodies.add(new Group(List.copyOf(rules), crawlDelay));
            }
            crawlDelay = null;
        }

        RobotsTxt build() {
            finishGroup();
            var groups = new HashMap<String, Group>();
            for (int i = 0; i < names.size(); i++) {
                Group body = bodies.get(i);
                for (String name : names.get(i)) {
                    groups.merge(name, body, Group::mergedWith);
                }
            }
            Group everyone = Objects.requireNonNullElse(groups.remove("*"), Group.EMPTY);
            return new RobotsTxt(Map.copyOf(groups), everyone);
        }
    }
}
