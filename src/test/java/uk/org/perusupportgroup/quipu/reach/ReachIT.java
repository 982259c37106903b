package uk.org.perusupportgroup.quipu.reach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import uk.org.perusupportgroup.quipu.ReachRows;
import uk.org.perusupportgroup.quipu.TestServer;

/**
 * Feed readership end to end on one instance (H2, behind a proxy that names each reader's address): every client of
 * the User-Agent fixture reads a feed, direct readers read another twice (200, then 304); the figures come back from
 * {@code /api/reach} as JSON and as CSV alike, and as Prometheus counters; no address or User-Agent is in any table.
 */
class ReachIT {

    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    private static final int DIRECT = 20;

    private static HttpResponse<byte[]> read(TestServer server, String path, String userAgent, String address, String... more) {
        List<String> headers = new ArrayList<>(List.of("User-Agent", userAgent, "X-Forwarded-For", address));
        headers.addAll(List.of(more));
        return server.getBytes(path, headers.toArray(String[]::new));
    }

    @Test
    void feedReadersAreCountedWithoutKeepingWhoTheyAre() throws Exception {
        try (TestServer server = TestServer.start(Map.of("QUIPU_HTTP_BEHIND_PROXY", "true", "QUIPU_REACH_WRITE_EVERY", "1h"))) {
            assertEquals(200, server.api("POST", "/api/reach/write", null).statusCode(), "the day's key is read");
            List<ReachChecks.Agent> agents = ReachChecks.agents();
            List<String> secrets = new ArrayList<>();
            Map<String, Long> families = new HashMap<>();
            Map<String, Long> stated = new LinkedHashMap<>();
            long bytes = 0;
            int direct = 0;
            for (int i = 0; i < agents.size(); i++) {
                ReachChecks.Agent agent = agents.get(i);
                String address = "198.51." + (100 + i / 250) + "." + (1 + i % 250);
                HttpResponse<byte[]> answer = read(server, "/feeds/all.atom", agent.userAgent(), address);
                assertEquals(200, answer.statusCode());
                bytes += answer.body().length;
                families.merge(agent.family(), 1L, Long::sum);
                if (agent.stated() != null && !Readership.NOT_AGGREGATORS.contains(agent.family())) {
                    stated.put(agent.family(), agent.stated());   // the latest figure of each aggregator counts
                } else {
                    direct++;
                }
                if (!agent.userAgent().equalsIgnoreCase(agent.family())) {   // a User-Agent that is only its family's name ("Zapier")
                    secrets.add(agent.userAgent());
                }
                secrets.add(address);
            }
            for (int i = 1; i <= DIRECT; i++) {
                String address = "203.0.113." + i;
                HttpResponse<byte[]> first = read(server, "/es/feeds/topics/extractive-industries.rss", FIREFOX, address);
                assertEquals(200, first.statusCode());
                String etag = first.headers().firstValue("ETag").orElseThrow();
                assertEquals(304, read(server, "/es/feeds/topics/extractive-industries.rss", FIREFOX, address, "If-None-Match", etag).statusCode());
                secrets.add(address);
            }
            secrets.add(FIREFOX);
            assertEquals(200, server.send(server.request("/feeds/all.atom").method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody())
                    .header("User-Agent", FIREFOX).build()).statusCode(), "a HEAD: not a read, not counted");
            assertEquals(200, server.api("POST", "/api/reach/write", null).statusCode());

            HttpResponse<String> json = server.api("GET", "/api/reach?format=json", null);
            assertEquals(200, json.statusCode(), json.body());
            JsonObject report = new JsonObject(json.body());
            JsonArray rows = report.getJsonArray("rows");
            assertEquals(agents.size(), ReachRows.sum(rows, "feed_200", "/feeds/all.atom", ""));
            assertEquals(bytes, ReachRows.sum(rows, "feed_bytes", "/feeds/all.atom", ""), "the body bytes sent");
            assertEquals(0, ReachRows.sum(rows, "feed_304", "/feeds/all.atom", ""));
            families.forEach((family, n) -> assertEquals(n, ReachRows.sum(rows, "feed_client", "/feeds/all.atom", family), family));
            stated.forEach((aggregator, n) ->
                    assertEquals(n, ReachRows.sum(rows, "stated_subscribers", "/feeds/all.atom", aggregator), aggregator));
            long statedSum = stated.values().stream().mapToLong(Long::longValue).sum();
            assertEquals(statedSum, ReachRows.sum(rows, "stated_subscribers", "/feeds/all.atom", ""), "summed per feed");
            assertClose(direct, ReachRows.sum(rows, "readers", "/feeds/all.atom", ""), "direct readers of all.atom");
            assertEquals(DIRECT, ReachRows.sum(rows, "feed_200", "/es/feeds/topics/extractive-industries.rss", ""));
            assertEquals(DIRECT, ReachRows.sum(rows, "feed_304", "/es/feeds/topics/extractive-industries.rss", ""));
            assertEquals(2 * DIRECT, ReachRows.sum(rows, "feed_client", "/es/feeds/topics/extractive-industries.rss", "Firefox"));
            assertClose(DIRECT, ReachRows.sum(rows, "readers", "/es/feeds/topics/extractive-industries.rss", ""), "a reader is one however often");
            assertClose(direct + DIRECT, ReachRows.sum(rows, "readers", "", ""), "readers over every feed");

            JsonObject today = report.getJsonArray("days").getJsonObject(report.getJsonArray("days").size() - 1);
            assertEquals(LocalDate.now(ZoneOffset.UTC).toString(), today.getString("day"));
            assertEquals(agents.size() + DIRECT, today.getLong("feed_200"));
            assertEquals(DIRECT, today.getLong("feed_304"));
            assertEquals(statedSum, today.getLong("stated_subscribers"));

            HttpResponse<String> csv = server.api("GET", "/api/reach?format=csv", null);
            assertEquals(200, csv.statusCode());
            assertTrue(csv.headers().firstValue("Content-Type").orElseThrow().startsWith("text/csv"));
            ReachChecks.assertSameRows(rows, ReachChecks.csvRows(csv.body()));

            String metrics = server.get("/metrics").body();
            assertTrue(metrics.contains("quipu_reach_feed_200_total{feed=\"/feeds/all.atom\",label=\"\"} " + agents.size() + ".0"),
                    "the same figures as Prometheus counters");
            assertTrue(metrics.contains("quipu_reach_feed_client_total{client=\"Firefox\",feed=\"/es/feeds/topics/extractive-industries.rss\"} "
                    + 2 * DIRECT + ".0"));

            assertThrows(AssertionFailedError.class, () -> ReachChecks.assertNowhere(server.config.db(), List.of("/feeds/all.atom")),
                    "the check finds what is there");
            int cells = ReachChecks.assertNowhere(server.config.db(), secrets);
            assertTrue(cells > 1000, "every table was read: " + cells + " values");
        }
    }

    @Test
    void aBadRangeOrFormatSaysWhatIsWrong() throws Exception {
        try (TestServer server = TestServer.start(Map.of())) {
            HttpResponse<String> day = server.api("GET", "/api/reach?from=2026-13-01", null);
            assertEquals(400, day.statusCode());
            assertTrue(day.body().contains("from must be a day written YYYY-MM-DD, such as 2026-12-06, not '2026-13-01'"), day.body());
            HttpResponse<String> backwards = server.api("GET", "/api/reach?from=2026-12-06&to=2026-12-01", null);
            assertEquals(400, backwards.statusCode());
            assertTrue(backwards.body().contains("from (2026-12-06) must not be after to (2026-12-01)"), backwards.body());
            assertEquals(400, server.api("GET", "/api/reach?from=2020-01-01&to=2026-12-01", null).statusCode(), "over 1,100 days");
            HttpResponse<String> far = server.api("GET", "/api/reach?to=%2B999999999-12-31", null);
            assertEquals(400, far.statusCode(), far.body());
            assertTrue(far.body().contains("to must be a day written YYYY-MM-DD"), far.body());
            HttpResponse<String> format = server.api("GET", "/api/reach?format=xml", null);
            assertEquals(400, format.statusCode());
            assertTrue(format.body().contains("format must be csv or json, not 'xml'"), format.body());
            assertEquals(401, server.get("/api/reach").statusCode(), "the admin token is needed");
        }
    }

    @Test
    void withCountingOffNothingIsCountedOrWritten() throws Exception {
        try (TestServer server = TestServer.start(Map.of("QUIPU_REACH_COUNTING", "false"))) {
            assertEquals(200, server.get("/feeds/all.atom", "User-Agent", FIREFOX).statusCode());
            HttpResponse<String> write = server.api("POST", "/api/reach/write", null);
            assertEquals(409, write.statusCode());
            assertTrue(write.body().contains("reach.counting is false"), write.body());
            JsonObject report = new JsonObject(server.api("GET", "/api/reach", null).body());
            assertEquals(false, report.getBoolean("counting"));
            assertEquals(0, report.getJsonArray("rows").size());
            assertTrue(!server.get("/metrics").body().contains("quipu_reach_"), "no reach counters");
        }
    }

    /** An HLL estimate of a few hundred readers: within 2 %. */
    static void assertClose(long expected, long estimate, String what) {
        assertTrue(Math.abs(estimate - expected) <= Math.max(1, expected * 0.02), what + ": " + expected + " expected, " + estimate + " estimated");
    }
}
