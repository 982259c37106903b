package uk.org.perusupportgroup.quipu.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinkNormaliserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        Amnesty feed link loses utm_source and utm_medium | https://www.amnesty.org/en/latest/news/2026/02/peru-fixture-no-guid/?utm_source=rss&utm_medium=rss | | https://www.amnesty.org/en/latest/news/2026/02/peru-fixture-no-guid/
        scheme and host lower-cased, path case kept        | HTTPS://WWW.Amnesty.ORG/En/Latest                 |                                | https://www.amnesty.org/En/Latest
        default https port dropped                         | https://example.org:443/a                         |                                | https://example.org/a
        default http port dropped                          | http://example.org:80/a                           |                                | http://example.org/a
        other port kept                                    | https://example.org:8443/a                        |                                | https://example.org:8443/a
        https on port 80 keeps it                          | https://example.org:80/a                          |                                | https://example.org:80/a
        empty path is /                                    | https://example.org                               |                                | https://example.org/
        empty path with a query is /                       | https://example.org?a=1                           |                                | https://example.org/?a=1
        fragment kept                                      | https://example.org/a#section-2                   |                                | https://example.org/a#section-2
        other parameters keep their order                  | https://example.org/a?z=1&utm_campaign=x&a=2&fbclid=abc&m=3 |                      | https://example.org/a?z=1&a=2&m=3
        every tracking parameter goes                      | https://example.org/a?gclid=1&mc_cid=2&mc_eid=3&_hsenc=4&_hsmi=5&mkt_tok=6&igshid=7&ref_src=8&utm_term=9&utm_content=10&id=11 | | https://example.org/a?id=11
        tracking names compared without case               | https://example.org/a?UTM_Source=x&FBCLID=y&id=1  |                                | https://example.org/a?id=1
        a tracking parameter without a value goes          | https://example.org/a?utm_source&id=1             |                                | https://example.org/a?id=1
        only tracking parameters leaves no query           | https://example.org/a?utm_source=x&utm_medium=y   |                                | https://example.org/a
        fragment kept after tracking removed               | https://example.org/a?utm_source=x#top            |                                | https://example.org/a#top
        look-alike names kept                              | https://example.org/a?utmost=1&ref=2&ref_srcx=3&xutm_source=4 |                    | https://example.org/a?utmost=1&ref=2&ref_srcx=3&xutm_source=4
        empty query pieces dropped                         | https://example.org/a?a=1&&b=2&                   |                                | https://example.org/a?a=1&b=2
        escapes kept as they are                           | https://example.org/a%20b?q=caf%C3%A9&r=%2F       |                                | https://example.org/a%20b?q=caf%C3%A9&r=%2F
        dot segments removed                               | https://example.org/a/./b/../c                    |                                | https://example.org/a/c
        surrounding whitespace ignored                     | '  https://example.org/a  '                       |                                | https://example.org/a
        relative path resolved                             | news/item                                         | https://www.amnesty.org/en/latest/ | https://www.amnesty.org/en/latest/news/item
        root-relative path resolved                        | /en/latest/news/                                  | https://www.amnesty.org/es/x   | https://www.amnesty.org/en/latest/news/
        parent segment resolved                            | ../report.pdf                                     | https://example.org/a/b/c      | https://example.org/a/report.pdf
        parent segments above the root dropped             | ../../../x                                        | https://example.org/a/         | https://example.org/x
        scheme-relative takes the base scheme              | //cdn.example.org/a.png                           | http://example.org/            | http://cdn.example.org/a.png
        query-only reference keeps the base path           | ?page=2                                           | https://example.org/news/list?page=1 | https://example.org/news/list?page=2
        fragment-only reference keeps the base query       | #top                                              | https://example.org/news/item?id=1 | https://example.org/news/item?id=1#top
        base without a path                                | item                                              | https://example.org            | https://example.org/item
        base is normalised too                             | item                                              | HTTPS://Example.ORG:443/a/     | https://example.org/a/item
        resolved link loses tracking parameters            | /x?utm_source=feed&p=1                            | https://example.org/           | https://example.org/x?p=1
        absolute link ignores the base                     | https://other.example/a                           | https://example.org/b          | https://other.example/a
        user-info that looks like the partner is dropped   | https://www.amnesty.org@evil.example/en/latest/   |                                | https://evil.example/en/latest/
        user and password dropped, port kept               | https://user:secret@example.org:8443/a?id=1       |                                | https://example.org:8443/a?id=1
        escaped user-info dropped                          | https://www.amnesty.org%2Fen@evil.example/        |                                | https://evil.example/
        user-info of the base dropped                      | item                                              | https://staff@example.org/a/   | https://example.org/a/item
        user-info of a scheme-relative link dropped        | //www.amnesty.org@evil.example/a                  | https://www.amnesty.org/       | https://evil.example/a
        """)
    void normalises(String name, String link, String base, String expected) {
        assertEquals(Optional.of(URI.create(expected)), LinkNormaliser.normalise(link, base == null ? null : URI.create(base)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        relative link without a base          | /en/latest/news/                    |
        scheme-relative link without a base   | //evil.example/a                    |
        javascript                            | javascript:alert(1)                 | https://example.org/
        javascript in mixed case              | JaVaScRiPt:alert(1)                 | https://example.org/
        javascript with leading spaces        | '   javascript:alert(1)'            | https://example.org/
        percent-encoded javascript            | %6A%61vascript:alert(1)             | https://example.org/
        vbscript                              | vbscript:msgbox(1)                  | https://example.org/
        data                                  | data:text/html;base64,PHNjcmlwdD4=  | https://example.org/
        mailto                                | mailto:press@example.org            | https://example.org/
        ftp                                   | ftp://example.org/a                 |
        space inside                          | https://example.org/a b             |
        bad escape                            | https://example.org/a%zz            |
        truncated escape                      | https://example.org/a%2             |
        backslashes                           | https:\\\\evil.example\\a           |
        no host                               | https:///a                          |
        no slashes after the scheme           | http:example.org/a                  | https://example.org/
        blank                                 | '   '                               | https://example.org/
        empty                                 | ''                                  | https://example.org/
        absent                                |                                     | https://example.org/
        base that is not http                 | a                                   | file:///tmp/
        base that is opaque                   | a                                   | mailto:press@example.org
        """)
    void refuses(String name, String link, String base) {
        assertEquals(Optional.empty(), LinkNormaliser.normalise(link, base == null ? null : URI.create(base)));
    }
}
