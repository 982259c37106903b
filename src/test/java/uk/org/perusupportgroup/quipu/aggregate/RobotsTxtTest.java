package uk.org.perusupportgroup.quipu.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RobotsTxtTest {

    /** The robots.txt files the rows name; most are from RFC 9309 and Google's robotstxt tests. */
    private static final Map<String, String> FILES = Map.ofEntries(
            Map.entry("empty", ""),
            Map.entry("rfc-example", """
                    User-Agent: *
                    Disallow: *.gif$
                    Disallow: /example/
                    Allow: /publications/

                    User-Agent: foobot
                    Disallow:/
                    Allow:/example/page.html
                    Allow:/example/allowed.gif

                    User-Agent: barbot
                    User-Agent: bazbot
                    Disallow: /example/page.html

                    User-Agent: quxbot
                    """),
            Map.entry("groups", """
                    allow: /foo/bar/

                    user-agent: FooBot
                    disallow: /
                    allow: /x/
                    user-agent: BarBot
                    disallow: /
                    allow: /y/


                    allow: /w/
                    user-agent: BazBot

                    user-agent: FooBot
                    allow: /z/
                    disallow: /
                    """),
            Map.entry("quipu-and-everyone", """
                    # Amnesty-like: crawlers in general kept out of search, Quipu let into the news only
                    User-agent: *
                    Disallow: /en/search/
                    Disallow: /wp-admin/
                    Allow: /wp-admin/admin-ajax.php
                    Crawl-delay: 10

                    User-agent: Googlebot
                    Disallow: /private/

                    User-agent: quipu   # our product token, any case
                    Disallow: /
                    Allow: /en/latest/
                    Allow: /en/location/americas/south-america/peru/
                    Crawl-delay: 2.5
                    """),
            Map.entry("everyone-only", """
                    User-agent: FooBot
                    Allow: /
                    User-agent: *
                    Disallow: /
                    """),
            Map.entry("specific-only", """
                    user-agent: FooBot
                    allow: /
                    user-agent: BarBot
                    disallow: /
                    """),
            Map.entry("fish", """
                    user-agent: *
                    disallow: /
                    allow: /fish
                    """),
            Map.entry("fish-star", """
                    user-agent: *
                    disallow: /
                    allow: /fish*
                    """),
            Map.entry("fish-slash", """
                    user-agent: *
                    disallow: /
                    allow: /fish/
                    """),
            Map.entry("php", """
                    user-agent: *
                    disallow: /
                    allow: /*.php
                    """),
            Map.entry("php-end", """
                    user-agent: *
                    disallow: /
                    allow: /*.php$
                    """),
            Map.entry("fish-star-php", """
                    user-agent: *
                    disallow: /
                    allow: /fish*.php
                    """),
            Map.entry("middle-star", """
                    User-agent: *
                    Disallow: /foo/bar/quz
                    Allow: /foo/*/qux
                    """),
            Map.entry("end-anchor", """
                    User-agent: *
                    Disallow: /foo/bar$
                    Allow: /foo/bar/qux
                    """),
            Map.entry("dollar-inside", """
                    User-agent: *
                    Disallow: /a$b
                    """),
            Map.entry("home-only", """
                    user-agent: *
                    allow: /$
                    disallow: /
                    """),
            Map.entry("tie", """
                    user-agent: *
                    disallow: /folder
                    allow: /folder
                    """),
            Map.entry("tie-root", """
                    user-agent: *
                    disallow: /
                    allow: /
                    """),
            Map.entry("longer-allow", """
                    user-agent: *
                    allow: /x/page.html
                    disallow: /x/
                    """),
            Map.entry("longer-disallow", """
                    user-agent: *
                    disallow: /x/page.html
                    allow: /x/
                    """),
            Map.entry("star-longer", """
                    user-agent: *
                    allow: /page
                    disallow: /*.html
                    """),
            Map.entry("empty-disallow", """
                    user-agent: *
                    disallow:
                    """),
            Map.entry("empty-both", """
                    user-agent: *
                    disallow:
                    allow:
                    """),
            Map.entry("comments", """
                    User-agent: * # everyone
                    # Disallow: /
                    Disallow: /foo/quz#qux
                    Allow: /
                    """),
            Map.entry("case", """
                    USER-AGENT: *
                    DISALLOW: /X/
                    aLlOw: /X/y
                    """),
            Map.entry("unknown-lines", """
                    user-agent: *
                    sitemap: https://example.org/sitemap.xml
                    noindex: /x/
                    disallow /y/
                    user agent: *
                    Disalow: /z/
                    disallow: /w/
                    """),
            Map.entry("utf8", """
                    User-agent: *
                    Disallow: /
                    Allow: /foo/bar/ツ
                    Allow: /peru/%c3%a9xito
                    Allow: /%62%61%7A
                    Allow: /q?a=%2Fx
                    Allow: /with space
                    """),
            Map.entry("bom-crlf", "\uFEFFUser-agent: *\r\nDisallow: /private/\r\nAllow: /private/ok\r\n"),
            Map.entry("cr-only", "User-agent: *\rDisallow: /private/\r"),
            Map.entry("no-final-newline", "User-agent: *\nDisallow: /private/"),
            Map.entry("wordpress", """
                    User-agent: *
                    Disallow: /wp-admin/
                    Allow: /wp-admin/admin-ajax.php
                    """),
            Map.entry("relative-rule", """
                    User-agent: *
                    Disallow: private
                    """));

    @ParameterizedTest(name = "{0}: {2} {3} -> {4}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        empty file allows everything                   | empty              | Quipu     | /anything         | true
        RFC example: * keeps out gif files             | rfc-example        | Quipu     | /a/b.gif          | false
        RFC example: * gif anchor needs the end        | rfc-example        | Quipu     | /a/b.gif?x=1      | true
        RFC example: * keeps out /example/             | rfc-example        | Quipu     | /example/a        | false
        RFC example: * allows /publications/           | rfc-example        | Quipu     | /publications/a   | true
        RFC example: foobot kept out of the root       | rfc-example        | foobot    | /                 | false
        RFC example: foobot let into one page          | rfc-example        | FooBot    | /example/page.html| true
        RFC example: foobot let into one gif           | rfc-example        | foobot    | /example/allowed.gif | true
        RFC example: foobot not held by * rules        | rfc-example        | foobot    | /x.gif            | false
        RFC example: bazbot shares barbot's group      | rfc-example        | bazbot    | /example/page.html| false
        RFC example: barbot allowed elsewhere          | rfc-example        | barbot    | /example/other    | true
        RFC example: empty quxbot group allows         | rfc-example        | quxbot    | /example/a        | true
        FooBot merges both its groups (x)              | groups             | FooBot    | /x/b              | true
        FooBot merges both its groups (z)              | groups             | FooBot    | /z/d              | true
        FooBot gets nothing from BarBot                | groups             | FooBot    | /y/c              | false
        BarBot's own allow                             | groups             | BarBot    | /y/c              | true
        rule after blank lines stays in its group      | groups             | BarBot    | /w/a              | true
        BarBot gets nothing from FooBot                | groups             | BarBot    | /z/d              | false
        consecutive agents share a group               | groups             | BazBot    | /z/d              | true
        rules before any user-agent are ignored        | groups             | FooBot    | /foo/bar/         | false
        Quipu's group, not *                           | quipu-and-everyone | Quipu     | /en/search/?q=x   | false
        Quipu's group lets in the Peru page            | quipu-and-everyone | Quipu     | /en/location/americas/south-america/peru/ | true
        Quipu's group keeps out the rest               | quipu-and-everyone | Quipu     | /en/wp-admin/     | false
        product token matched without case             | quipu-and-everyone | QUIPU     | /en/latest/       | true
        product token read from a full user agent      | quipu-and-everyone | Quipu/0.1 | /en/latest/       | true
        other crawler falls back to *                  | quipu-and-everyone | OtherBot  | /en/latest/       | true
        other crawler held by *                        | quipu-and-everyone | OtherBot  | /en/search/       | false
        named group takes precedence over *            | everyone-only      | FooBot    | /x                | true
        Quipu unnamed so * applies                     | everyone-only      | Quipu     | /x                | false
        no group and no * allows                       | specific-only      | Quipu     | /x                | true
        robots.txt itself always allowed              | everyone-only      | Quipu     | /robots.txt       | true
        /fish: other path                              | fish               | Quipu     | /bar              | false
        /fish: itself                                  | fish               | Quipu     | /fish             | true
        /fish: a longer name                           | fish               | Quipu     | /fishheads/yummy.html | true
        /fish: with a query                            | fish               | Quipu     | /fish.html?id=anything | true
        /fish: case matters                            | fish               | Quipu     | /Fish.asp         | false
        /fish: not a prefix                            | fish               | Quipu     | /catfish          | false
        /fish: only in the query                       | fish               | Quipu     | /?id=fish         | false
        /fish* is /fish                                | fish-star          | Quipu     | /fishheads        | true
        /fish* still anchored at the start             | fish-star          | Quipu     | /catfish          | false
        /fish/ needs the slash                         | fish-slash         | Quipu     | /fish             | false
        /fish/ with query                              | fish-slash         | Quipu     | /fish/?id=anything| true
        /*.php anywhere in the path                    | php                | Quipu     | /folder/filename.php?parameters | true
        /*.php in the middle                           | php                | Quipu     | //folder/any.php.file.html | true
        /*.php in the query                            | php                | Quipu     | /index?f=filename.php/ | true
        /*.php needs the dot                           | php                | Quipu     | /index?php        | false
        /*.php case matters                            | php                | Quipu     | /windows.PHP      | false
        /*.php$ at the end                             | php-end            | Quipu     | /folder/filename.php | true
        /*.php$ not before a query                     | php-end            | Quipu     | /filename.php?parameters | false
        /*.php$ not before more                        | php-end            | Quipu     | /filename.php5    | false
        /fish*.php                                     | fish-star-php      | Quipu     | /fishheads/catfish.php?parameters | true
        /fish*.php case matters                        | fish-star-php      | Quipu     | /Fish.PHP         | false
        wildcard in the middle (empty run)             | middle-star        | Quipu     | /foo//qux         | true
        wildcard in the middle (one segment)           | middle-star        | Quipu     | /foo/bax/qux      | true
        wildcard in the middle (missing separator)     | middle-star        | Quipu     | /foo/qux          | true
        literal disallow                               | middle-star        | Quipu     | /foo/bar/quz      | false
        $ anchors the disallow                         | end-anchor         | Quipu     | /foo/bar          | false
        $ anchor misses a longer path                  | end-anchor         | Quipu     | /foo/bar/         | true
        $ inside a pattern is a plain character        | dollar-inside      | Quipu     | /a$b/c            | false
        $ inside a pattern not an anchor               | dollar-inside      | Quipu     | /a                | true
        /$ allows the home page                        | home-only          | Quipu     | /                 | true
        /$ allows only the home page                   | home-only          | Quipu     | /page.html        | false
        empty path is the home page                    | home-only          | Quipu     | ""                | true
        tie goes to allow                              | tie                | Quipu     | /folder/page      | true
        tie on / goes to allow                         | tie-root           | Quipu     | /x                | true
        longer allow beats disallow                    | longer-allow       | Quipu     | /x/page.html      | true
        shorter disallow still applies                 | longer-allow       | Quipu     | /x/               | false
        longer disallow beats allow                    | longer-disallow    | Quipu     | /x/page.html      | false
        wildcard pattern longer than allow             | star-longer        | Quipu     | /page.html        | false
        allow alone                                    | star-longer        | Quipu     | /page             | true
        empty disallow allows all                      | empty-disallow     | Quipu     | /x                | true
        empty allow and disallow allow all             | empty-both         | Quipu     | /x                | true
        comment ends the pattern                       | comments           | Quipu     | /foo/quz          | false
        commented-out rule ignored                     | comments           | Quipu     | /foo/bar          | true
        fragment ignored                               | comments           | Quipu     | /foo/quz#top      | false
        names without case                             | case               | Quipu     | /X/z              | false
        patterns with case                             | case               | Quipu     | /x/z              | true
        longest of two names without case              | case               | Quipu     | /X/y              | true
        unknown lines ignored, group goes on           | unknown-lines      | Quipu     | /w/1              | false
        line without colon ignored                     | unknown-lines      | Quipu     | /y/1              | true
        misspelt name ignored                          | unknown-lines      | Quipu     | /z/1              | true
        non-ASCII pattern matches encoded path         | utf8               | Quipu     | /foo/bar/%E3%83%84 | true
        non-ASCII pattern matches lower-case escapes   | utf8               | Quipu     | /foo/bar/%e3%83%84 | true
        non-ASCII pattern matches raw path             | utf8               | Quipu     | /foo/bar/ツ        | true
        lower-case escape in pattern                   | utf8               | Quipu     | /peru/éxito       | true
        escaped unreserved decoded in pattern          | utf8               | Quipu     | /baz              | true
        escaped unreserved decoded in path             | utf8               | Quipu     | /%62a%7a          | true
        escaped reserved stays escaped                 | utf8               | Quipu     | /q?a=%2fx         | true
        escaped reserved differs from bare             | utf8               | Quipu     | /q?a=/x           | false
        space compared encoded                         | utf8               | Quipu     | /with%20space     | true
        BOM and CRLF                                   | bom-crlf           | Quipu     | /private/x        | false
        BOM and CRLF, allow                            | bom-crlf           | Quipu     | /private/ok       | true
        CR line ends                                   | cr-only            | Quipu     | /private/x        | false
        no final newline                               | no-final-newline   | Quipu     | /private/x        | false
        WordPress admin kept out                       | wordpress          | Quipu     | /wp-admin/        | false
        WordPress ajax let in                          | wordpress          | Quipu     | /wp-admin/admin-ajax.php | true
        pattern without leading slash is rooted        | relative-rule      | Quipu     | /private/x        | false
        """)
    void allows(String name, String file, String agent, String path, boolean expected) {
        assertEquals(expected, RobotsTxt.parse(FILES.get(file)).allows(agent, path));
    }

    @ParameterizedTest(name = "{0}: {1} {2} -> {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "none", textBlock = """
        Quipu's own delay, fractional                  | quipu-and-everyone | Quipu    | PT2.5S
        others get *'s delay                           | quipu-and-everyone | OtherBot | PT10S
        named group without delay has none             | quipu-and-everyone | Googlebot| none
        no delay anywhere                              | wordpress          | Quipu    | none
        """)
    void crawlDelay(String name, String file, String agent, String expected) {
        assertEquals(Optional.ofNullable(expected).map(Duration::parse),
                RobotsTxt.parse(FILES.get(file)).crawlDelay(agent));
    }

    @ParameterizedTest(name = "{0}: ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
        whole seconds                                  | 7          | PT7S
        zero                                           | 0          | PT0S
        fraction                                       | 0.25       | PT0.25S
        negative ignored                               | -1         | none
        words ignored                                  | ten        | none
        exponent ignored                               | 1e3        | none
        too large ignored                              | 1000000000 | none
        empty ignored                                  | ''         | none
        """)
    void crawlDelayValues(String name, String value, String expected) {
        var robots = RobotsTxt.parse("User-agent: Quipu\nCrawl-delay: " + value + "\nDisallow: /x\n");
        assertEquals(Optional.ofNullable(expected).map(Duration::parse), robots.crawlDelay("Quipu"));
    }

    @Test
    void crawlDelayOfMergedGroupsIsTheFirst() {
        var robots = RobotsTxt.parse("""
                User-agent: Quipu
                Crawl-delay: 3
                User-agent: Other
                Disallow: /
                User-agent: quipu
                Crawl-delay: 9
                """);

        assertEquals(Optional.of(Duration.ofSeconds(3)), robots.crawlDelay("Quipu"));
        assertTrue(robots.allows("Quipu", "/x"), "the delay line ended Quipu's user-agent run");
    }

    @ParameterizedTest(name = "{0}: status {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        success reads the body                         | 200 | false
        no content reads the (empty) body              | 204 | true
        too many redirects: unavailable                | 301 | true
        not found: unavailable                         | 404 | true
        forbidden: unavailable (RFC 9309, not 1994)    | 403 | true
        gone: unavailable                              | 410 | true
        too many requests: unreachable                 | 429 | false
        server error: unreachable                      | 500 | false
        service unavailable: unreachable               | 503 | false
        nonsense status: unreachable                   | 999 | false
        """)
    void forResponse(String name, int status, boolean allowed) {
        String body = status == 204 ? "" : "User-agent: *\nDisallow: /\n";

        assertEquals(allowed, RobotsTxt.forResponse(status, body).allows("Quipu", "/en/latest/"));
    }

    @Test
    void allowAllAndDisallowAll() {
        assertTrue(RobotsTxt.allowAll().allows("Quipu", "/"));
        assertEquals(Optional.empty(), RobotsTxt.allowAll().crawlDelay("Quipu"));
        assertFalse(RobotsTxt.disallowAll().allows("Quipu", "/"));
        assertFalse(RobotsTxt.disallowAll().allows("Quipu", "/en/latest/"));
        assertTrue(RobotsTxt.disallowAll().allows("Quipu", "/robots.txt"));
    }

    @Test
    void readsOnlyTheFirst500KiB() {
        String head = "User-agent: *\nDisallow: /a/\n";
        String padding = "# " + "x".repeat(RobotsTxt.MAX_BYTES - head.length() - 3) + "\n";
        String atLimit = head + padding;
        assertEquals(RobotsTxt.MAX_BYTES, atLimit.length());

        var robots = RobotsTxt.parse(atLimit + "Disallow: /b/\n");

        assertFalse(robots.allows("Quipu", "/a/"));
        assertTrue(robots.allows("Quipu", "/b/"), "a rule past the limit is ignored");
    }

    @Test
    void dropsTheLineTheLimitCuts() {
        String head = "User-agent: *\nDisallow: /\n";
        String padding = "# " + "é".repeat((RobotsTxt.MAX_BYTES - head.length() - 20) / 2) + "\n";
        // "Allow: /private-area" straddles the limit: cut, it would let in all of /p…
        var robots = RobotsTxt.parse(head + padding + "Allow: /private-area\n");

        assertTrue(head.length() + padding.getBytes(StandardCharsets.UTF_8).length < RobotsTxt.MAX_BYTES);
        assertFalse(robots.allows("Quipu", "/p"));
        assertFalse(robots.allows("Quipu", "/private-area"));
    }

    @Test
    void survivesAHostileWildcardPattern() {
        var robots = RobotsTxt.parse("User-agent: *\nDisallow: /" + "*a".repeat(50_000) + "$\n");

        assertTrue(robots.allows("Quipu", "/" + "a".repeat(2_000) + "b"));
    }

    @ParameterizedTest(name = "{0}: ''{1}''")
    @CsvSource(delimiter = '|', textBlock = """
        empty product                                  | ''
        no token before a slash                        | /1.0
        star is not a crawler                          | *
        non-ASCII                                      | ツ
        """)
    void refusesAProductThatIsNoToken(String name, String agent) {
        assertThrows(IllegalArgumentException.class, () -> RobotsTxt.allowAll().allows(agent, "/"));
    }

    @Test
    void refusesAnAbsoluteUrlForAPath() {
        assertThrows(IllegalArgumentException.class,
                () -> RobotsTxt.allowAll().allows("Quipu", "https://www.amnesty.org/en/latest/"));
    }

    @ParameterizedTest(name = "''{0}'' -> ''{1}''")
    @CsvSource(delimiter = '|', textBlock = """
        /foo/bar?baz=quz         | /foo/bar?baz=quz
        /foo/bar/ツ               | /foo/bar/%E3%83%84
        /foo/bar/%e3%83%84       | /foo/bar/%E3%83%84
        /foo/bar/%62%61%7A       | /foo/bar/baz
        /a%2fb                   | /a%2Fb
        /100%                    | /100%25
        /%zz                     | /%25zz
        /a b"c<d>                | /a%20b%22c%3Cd%3E
        /*.gif$                  | /*.gif$
        /😀                      | /%F0%9F%98%80
        """)
    void normalises(String raw, String expected) {
        assertEquals(expected, RobotsTxt.normalise(raw));
    }
}
