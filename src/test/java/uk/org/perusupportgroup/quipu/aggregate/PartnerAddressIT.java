package uk.org.perusupportgroup.quipu.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.org.perusupportgroup.quipu.TestServer;

/**
 * The running server with {@code partners.allow-private-addresses: false}: every partner fetch that would reach an
 * address that is not public is refused, and the source's health ({@code GET /api/partners}) says why. Sites on
 * {@code 127.0.0.2} play partners on the internet (the address policy is told to let that one address through);
 * a site on {@code 127.0.0.1} plays a service inside PSG's network, which no partner may make Quipu reach.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartnerAddressIT {

    private static final String PARTNER = "127.0.0.2";
    private static final String NOT_PUBLIC = ", not a public one (partners.allow-private-addresses is false)";
    private FixturePartnerSite inside;
    private FixturePartnerSite partner;
    /** A partner whose robots.txt redirects inside: robots.txt is read once per site, so it has a site of its own. */
    private FixturePartnerSite robots;
    private TestServer server;
    private final Map<String, String[]> sources = new LinkedHashMap<>();

    @BeforeAll
    void start() throws Exception {
        inside = new FixturePartnerSite()
                .text("/robots.txt", "text/plain", "User-agent: *\nAllow: /\n")
                .fixture("/en/feed/", "amnesty-location-peru-feed.synthetic.xml", "application/rss+xml; charset=UTF-8");
        partner = new FixturePartnerSite(PARTNER, 0, null)
                .text("/robots.txt", "text/plain", "User-agent: *\nAllow: /\n")
                .fixture("/en/feed/", "amnesty-location-peru-feed.synthetic.xml", "application/rss+xml; charset=UTF-8")
                .route("/redirect", r -> r.response().setStatusCode(302).putHeader("Location", r.getParam("to")).end())
                .text("/peru/", "text/html", "<!DOCTYPE html><html><head><title>Peru</title><link rel=\"alternate\""
                        + " type=\"application/rss+xml\" href=\"" + inside.base + "/en/feed/\"></head><body></body></html>");
        robots = new FixturePartnerSite(PARTNER, 0, null)
                .route("/robots.txt", r -> r.response().setStatusCode(301).putHeader("Location", inside.base + "/robots.txt").end())
                .text("/news", "text/html", "<html><body><article><h1><a href=\"/a\">Peru: an item</a></h1></article></body></html>");
        String site = "http://partner.test:" + partner.port();
        String ipv6 = "http://[::1]:" + inside.port() + "/en/feed/";
        source("public", "feed", site + "/en/feed/");
        source("loopback", "feed", inside.base + "/en/feed/");
        source("private-10", "feed", "http://10.0.0.1/feed");
        source("metadata", "feed", "http://169.254.169.254/latest/meta-data/");
        source("ipv6-loopback", "feed", ipv6);
        source("intranet-name", "feed", "http://intranet.test/feed");
        source("to-loopback", "feed", redirect(site, inside.base + "/en/feed/"));
        source("to-10", "feed", redirect(site, "http://10.0.0.1/feed"));
        source("to-metadata", "feed", redirect(site, "http://169.254.169.254/latest/meta-data/"));
        source("to-ipv6-loopback", "feed", redirect(site, ipv6));
        source("robots-inside", "html", "http://robots.test:" + robots.port() + "/news");
        source("auto-inside", "auto", site + "/peru/");
        Path file = Files.createTempFile("partners", ".yaml");
        Files.writeString(file, partnersYaml());
        FixtureHosts hosts = new FixtureHosts().name("partner.test", PARTNER).name("robots.test", PARTNER)
                .name("intranet.test", "10.20.30.40");
        server = TestServer.start(Map.of(
                "QUIPU_PARTNERS_ENABLED", "true",
                "QUIPU_PARTNERS_FILE", file.toString(),
                "QUIPU_PARTNERS_TIMEOUT", "2s",
                "QUIPU_PARTNERS_HOST_INTERVAL", "100ms",
                "QUIPU_PARTNERS_ALLOW_PRIVATE_ADDRESSES", "false"),
                hosts, policy -> FixtureHosts.standingIn(PARTNER, policy));
        // a refresh answers once the poll is recorded (after any poll of the schedule under way)
        for (String id : sources.keySet()) {
            HttpResponse<String> polled = server.api("POST", "/api/partners/" + id + "/refresh", null);
            assertEquals(200, polled.statusCode(), polled.body());
        }
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        inside.close();
        partner.close();
        robots.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            loopback         | refused: 127.0.0.1 is a loopback address{np}; not fetching {inside}/en/feed/
            private-10       | refused: 10.0.0.1 is a private address{np}; not fetching http://10.0.0.1/feed
            metadata         | refused: 169.254.169.254 is a link-local address{np}; not fetching http://169.254.169.254/latest/meta-data/
            ipv6-loopback    | refused: ::1 is a loopback address{np}; not fetching http://[::1]:{port}/en/feed/
            intranet-name    | refused: intranet.test resolves to 10.20.30.40, a private address{np}; not fetching http://intranet.test/feed
            to-loopback      | refused: 127.0.0.1 is a loopback address{np}; not following the redirect from {redirect} to {inside}/en/feed/
            to-10            | refused: 10.0.0.1 is a private address{np}; not following the redirect from {redirect} to http://10.0.0.1/feed
            to-metadata      | refused: 169.254.169.254 is a link-local address{np}; not following the redirect from {redirect} to http://169.254.169.254/latest/meta-data/
            to-ipv6-loopback | refused: ::1 is a loopback address{np}; not following the redirect from {redirect} to http://[::1]:{port}/en/feed/
            robots-inside    | refused: 127.0.0.1 is a loopback address{np}; not following the redirect from http://robots.test:{robots}/robots.txt to {inside}/robots.txt
            auto-inside      | refused: 127.0.0.1 is a loopback address{np}; not fetching {inside}/en/feed/
            """)
    void aSourceLeadingToAnAddressThatIsNotPublicIsRefusedAndItsHealthSaysWhy(String id, String error) {
        JsonObject health = health(id);
        String expected = error.replace("{np}", NOT_PUBLIC).replace("{inside}", inside.base)
                .replace("{port}", Integer.toString(inside.port())).replace("{robots}", Integer.toString(robots.port()))
                .replace("{redirect}", sources.get(id)[1]);
        assertEquals("failing", health.getString("status"), health.encodePrettily());
        assertEquals(expected, health.getString("lastError"));
        assertTrue(Instant.parse(health.getString("nextCheck")).isAfter(Instant.now()), "tried again later, not dropped");
    }

    @Test
    void nothingReachedTheInsideWhilePartnersOnPublicAddressesArePolledAsUsual() {
        assertEquals(List.of(), inside.requests(), "no request reached 127.0.0.1");
        JsonObject ok = health("public");
        assertEquals("ok", ok.getString("status"), ok.encodePrettily());
        assertTrue(ok.getInteger("items") > 0);
        assertFalse(partner.requests("/peru/").isEmpty(), "the auto page was read; the feed it names was not");
        assertEquals(List.of(), robots.requests("/news"), "robots.txt could not be read: the page is not fetched");
    }

    @Test
    void healthWarnsOfTheRefusedSources() {
        HttpResponse<String> health = server.get("/health");
        assertEquals(200, health.statusCode());
        String problems = new JsonObject(health.body()).getJsonObject("checks").getJsonObject("partners").getJsonArray("problems").encode();
        assertTrue(problems.contains("metadata: failing: refused: 169.254.169.254 is a link-local address"), problems);
    }

    // --- set-up ------------------------------------------------------------------------------------

    private static String redirect(String site, String to) {
        return site + "/redirect?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8);
    }

    private void source(String id, String kind, String url) {
        sources.put(id, new String[] {kind, url});
    }

    private String partnersYaml() {
        StringBuilder yaml = new StringBuilder("sources:\n");
        sources.forEach((id, source) -> yaml.append("  - id: ").append(id).append("\n    name: Partner ").append(id)
                .append("\n    home: '").append(source[1]).append("'\n    kind: ").append(source[0]).append("\n    url: '")
                .append(source[1]).append("'\n    interval: 1h\n    language: en\n    reuse: excerpt\n")
                .append(source[0].equals("html") ? "    html: {item: article, title: h1, link: h1 a}\n" : ""));
        return yaml.toString();
    }

    private JsonObject health(String id) {
        HttpResponse<String> response = server.api("GET", "/api/partners", null);
        return new JsonObject(response.body()).getJsonArray("sources").stream().map(JsonObject.class::cast)
                .filter(s -> s.getString("id").equals(id)).findFirst().orElseThrow();
    }
}
