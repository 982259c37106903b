package uk.org.perusupportgroup.quipu.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.TestServer;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;

/**
 * The staff's reach dashboard, {@code /admin/reach}, on a running server behind a proxy: feeds read by Feedly (stating
 * 16 subscribers) and by Firefox from several addresses, written by {@code POST /api/reach/write}; the page shows the
 * totals, the client families, a chart with bars for each, the feeds ranked, each one's page; alerts' and partners'
 * figures when there are; a bad day says what is wrong ({@code 400}); its downloads are the admin API's exports; and it
 * is for staff only.
 */
class ReachDashboardIT {

    static final String FEEDLY = "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 16 subscribers; like FeedFetcher-Google)";
    static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    static final String ALL = "/feeds/all.atom";
    static final String MINING = "/es/feeds/topics/extractive-industries.rss";
    private static final String NAME = "Rosa Quispe";
    private static final String PASSWORD = "a long staff password";
    private static final Pattern SESSION_COOKIE = Pattern.compile("quipu_staff=([A-Za-z0-9_-]{43});.*");

    private static TestServer server;
    private static String session;
    private static final String TODAY = LocalDate.now(ZoneOffset.UTC).toString();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("QUIPU_HTTP_BEHIND_PROXY", "true", "QUIPU_REACH_WRITE_EVERY", "1h"));
        server.addStaff(NAME, PASSWORD);
        session = signIn(server, NAME, PASSWORD);
        readFeeds(server);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /**
     * Feedly once and Firefox from six addresses read {@value #ALL}; Firefox from three more reads {@value #MINING}
     * twice (200, then 304); then the server writes what it counted.
     */
    static void readFeeds(TestServer server) {
        assertEquals(200, server.api("POST", "/api/reach/write", null).statusCode(), "the day's key is read");
        assertEquals(200, server.getBytes(ALL, "User-Agent", FEEDLY, "X-Forwarded-For", "192.0.2.1").statusCode());
        for (int i = 1; i <= 6; i++) {
            assertEquals(200, server.getBytes(ALL, "User-Agent", FIREFOX, "X-Forwarded-For", "203.0.113." + i).statusCode());
        }
        for (int i = 1; i <= 3; i++) {
            String address = "198.51.100." + i;
            var first = server.getBytes(MINING, "User-Agent", FIREFOX, "X-Forwarded-For", address);
            assertEquals(200, first.statusCode());
            String etag = first.headers().firstValue("ETag").orElseThrow();
            assertEquals(304, server.getBytes(MINING, "User-Agent", FIREFOX, "X-Forwarded-For", address, "If-None-Match", etag)
                    .statusCode());
        }
        assertEquals(200, server.api("POST", "/api/reach/write", null).statusCode());
    }

    /** Signs in through the sign-in form: the session cookie's value. */
    static String signIn(TestServer server, String name, String password) {
        var signedIn = server.send(server.request("/admin/signin").header("Origin", server.base)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=" + encode(name) + "&password=" + encode(password))).build());
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        Matcher cookie = SESSION_COOKIE.matcher(signedIn.headers().firstValue("Set-Cookie").orElseThrow());
        assertTrue(cookie.matches());
        return cookie.group(1);
    }

    @Test
    void theFeedsFiguresAreShownWithTheirCharts() {
        Document page = page("/admin/reach?from=" + TODAY + "&to=" + TODAY, 200);
        assertNotNull(page.selectFirst("nav a[href=/admin/reach]"), "in the staff navigation");
        assertEquals("Reach: who reads the feeds and the alerts", page.selectFirst("h1").text());
        assertNull(page.selectFirst("#counting-off"));
        assertEquals("10", page.selectFirst("#total-full").text(), "1 + 6 + 3 answered in full");
        assertEquals("3", page.selectFirst("#total-not-modified").text());
        assertEquals("16 (" + TODAY + ")", page.selectFirst("#total-stated").text(), "Feedly's 16 subscribers");
        assertEquals("9.0", page.selectFirst("#total-readers-mean").text(), "nine direct readers: Feedly is not one");
        assertEquals("9 (" + TODAY + ")", page.selectFirst("#total-readers-peak").text());
        assertTrue(page.selectFirst("#total-mb").text().matches("[0-9]+\\.[0-9]{2} MB"), page.selectFirst("#total-mb").text());
        assertTrue(page.text().contains("Readers are an estimate"), "the note under readers");

        assertEquals(Map.of("Firefox", "12", "Feedly", "1"), table(page, "#chart-families + details"));
        assertEquals(List.of("Firefox", "Feedly"), List.copyOf(table(page, "#chart-families + details").keySet()), "largest first");
        for (String chart : List.of("requests", "readers", "families")) {
            Element svg = page.selectFirst("#chart-" + chart + " svg[role=img][viewBox]");
            assertNotNull(svg, chart);
            assertFalse(svg.attr("aria-label").isBlank(), chart);
            assertEquals(svg.attr("aria-label"), svg.selectFirst("> title").text());
            assertFalse(svg.select("rect").isEmpty(), chart + " has bars");
            svg.select("rect").forEach(bar -> assertFalse(bar.selectFirst("title").text().isBlank(), "each bar says its figure"));
        }
        assertEquals(TODAY + ": 10 Answered in full (200)",
                page.selectFirst("#chart-requests rect[fill='" + ReachDashboard.BLUE + "'] title").text());
        assertEquals(Map.of(TODAY, "10"), column(page, "#chart-requests + details", 1));
        assertEquals(Map.of(TODAY, "3"), column(page, "#chart-requests + details", 2));
        assertEquals(Map.of(TODAY, "16"), column(page, "#chart-readers + details", 2));

        var feeds = page.select("#feed-table tbody tr");
        assertEquals(List.of(ALL, MINING), feeds.stream().map(row -> row.selectFirst("th").text()).toList(), "most requested first");
        assertEquals(List.of("7", "7", "0"), feeds.get(0).select("td").eachText().subList(0, 3));
        assertEquals(List.of("6", "3", "3"), feeds.get(1).select("td").eachText().subList(0, 3));
        assertEquals("16", feeds.get(0).select("td").get(4).text(), "stated subscribers of all.atom");
        assertEquals("/admin/reach?from=" + TODAY + "&to=" + TODAY + "&feed=" + encode(MINING), feeds.get(1).selectFirst("a").attr("href"));
        assertEquals("/admin/reach.csv?from=" + TODAY + "&to=" + TODAY, page.selectFirst("a[href^='/admin/reach.csv']").attr("href"));
    }

    @Test
    void oneFeedIsShownAlone() {
        Document page = page("/admin/reach?from=" + TODAY + "&to=" + TODAY + "&feed=" + encode(MINING), 200);
        assertEquals(MINING, page.selectFirst("#feed option[selected]").attr("value"));
        assertEquals("3", page.selectFirst("#total-full").text());
        assertEquals("3", page.selectFirst("#total-not-modified").text());
        assertEquals("3.0", page.selectFirst("#total-readers-mean").text());
        assertEquals("0", page.selectFirst("#total-stated").text());
        assertEquals(Map.of("Firefox", "6"), table(page, "#chart-families + details"));
        assertEquals(List.of(MINING), page.select("#feed-table tbody th").eachText());
        assertNotNull(page.selectFirst("a[href='/admin/reach?from=" + TODAY + "&to=" + TODAY + "']"), "back to all feeds");
    }

    @Test
    void theDefaultIsTheLastThirtyDaysAndTheQuickRangesKeepTheFeed() {
        Document page = page("/admin/reach?feed=" + encode(ALL), 200);
        String from = LocalDate.parse(TODAY).minusDays(29).toString();
        assertEquals(from, page.selectFirst("input#from[type=date]").attr("value"));
        assertEquals(TODAY, page.selectFirst("input#to[type=date]").attr("value"));
        assertEquals(30, page.select("#chart-requests + details tbody tr").size(), "a row a day");
        assertEquals("0.2", page.selectFirst("#total-readers-mean").text(), "6 readers over 30 days: 0.2 a day");
        assertEquals("6 (" + TODAY + ")", page.selectFirst("#total-readers-peak").text());
        assertEquals(List.of("last 7 days", "last 30 days", "last 90 days", "last 365 days"),
                page.select("a[href^='/admin/reach?from=']").eachText().subList(0, 4));
        assertEquals("/admin/reach?from=" + LocalDate.parse(TODAY).minusDays(6) + "&to=" + TODAY + "&feed=" + encode(ALL),
                page.selectFirst("a[href^='/admin/reach?from=']").attr("href"));
    }

    @Test
    void withNothingCountedTheAlertsAndPartnersSaySo() {
        Document page = page("/admin/reach?from=2024-01-01&to=2024-01-31", 200);
        assertEquals("Nothing counted in this range.", page.selectFirst("#feeds-nothing").text());
        assertEquals("Nothing counted in this range.", page.selectFirst("#alerts-nothing").text());
        assertEquals("Nothing counted in this range.", page.selectFirst("#alert-counts-nothing").text());
        assertEquals("Nothing counted in this range.", page.selectFirst("#partners-nothing").text());
        assertEquals("0", page.selectFirst("#total-full").text());
    }

    @Test
    void theAlertsAndPartnersFiguresAreShown() throws Exception {
        countAlerts(server, LocalDate.parse("2025-03-09"), LocalDate.parse("2025-03-10"));
        Document page = page("/admin/reach?from=2025-03-01&to=2025-03-31", 200);
        Map<String, Map<String, String>> levels = new LinkedHashMap<>();
        for (Element table : page.select("table.level")) {
            levels.put(table.selectFirst("caption").text(), rows(table));
        }
        assertEquals(List.of("By state", "By frequency", "By language", "By topic", "By region"), List.copyOf(levels.keySet()));
        assertEquals(Map.of("confirmed", "5", "pending", "2"), levels.get("By state"), "the latest day's level");
        assertEquals(Map.of("puno", "2"), levels.get("By region"));
        Map<String, String> counts = rows(page.selectFirst("#alert-counts"));
        assertEquals("4", counts.get("Alerts confirmed"));
        assertEquals("3", counts.get("Alerts ended (by how)"));
        assertTrue(page.selectFirst("#alert-counts").text().contains("one-click: 2 bounce: 1"), page.selectFirst("#alert-counts").text());
        assertEquals("7", counts.get("Messages sent (by kind)"));
        assertEquals("1", counts.get("Bounces (hard or soft)"));
        assertFalse(page.select("#chart-alerts svg rect").isEmpty());
        assertEquals(List.of("amnesty-peru", "4", "0", "1"), page.select("#partner-table tbody tr").get(0).children().eachText());
        assertEquals(List.of("cooperaccion", "0", "2", "0"), page.select("#partner-table tbody tr").get(1).children().eachText());
    }

    /**
     * Alerts' and partners' figures of two days, written in the table as the reach package writes them: what this
     * server's own alerts and partners would take minutes to make happen (AlertsIT, BouncesIT and PartnerModerationIT
     * count them for real). A figure the server already wrote (its alerts by state: none) is replaced.
     */
    static void countAlerts(TestServer server, LocalDate before, LocalDate day) throws Exception {
        QuipuConfig.Db db = server.config.db();
        try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password());
                PreparedStatement delete = connection.prepareStatement("DELETE FROM reach_count WHERE on_day = ? AND metric = ? AND feed = '' AND label = ?");
                PreparedStatement insert = connection.prepareStatement("INSERT INTO reach_count (on_day, metric, feed, label, n) VALUES (?, ?, '', ?, ?)")) {
            Object[][] rows = {
                {before, "subscriptions", "state=confirmed", 3}, {day, "subscriptions", "state=confirmed", 5},
                {day, "subscriptions", "state=pending", 2}, {day, "subscriptions", "frequency=daily", 4},
                {day, "subscriptions", "language=es", 6}, {day, "subscriptions", "topic=mining", 1},
                {day, "subscriptions", "region=puno", 2}, {day, "confirmed", "", 3}, {before, "confirmed", "", 1},
                {day, "unsubscribed", "one-click", 2}, {day, "unsubscribed", "bounce", 1}, {day, "mail_sent", "digest", 7},
                {day, "mail_bounced", "hard", 1}, {day, "mail_suppressed", "hard", 1}, {day, "partner_stored", "amnesty-peru", 4},
                {day, "partner_poll_failed", "amnesty-peru", 1}, {day, "partner_hidden", "cooperaccion", 2}};
            for (Object[] row : rows) {
                delete.setObject(1, row[0]);
                delete.setString(2, (String) row[1]);
                delete.setString(3, (String) row[2]);
                delete.executeUpdate();
                insert.setObject(1, row[0]);
                insert.setString(2, (String) row[1]);
                insert.setString(3, (String) row[2]);
                insert.setLong(4, ((Integer) row[3]).longValue());
                insert.executeUpdate();
            }
        }
    }

    @Test
    void aBadDayOrRangeSaysWhatIsWrong() {
        Document day = page("/admin/reach?from=2026-13-01&to=" + TODAY, 400);
        Element summary = day.selectFirst(".error-summary[role=alert]");
        assertEquals("from must be a day written YYYY-MM-DD, such as 2026-12-06, not '2026-13-01'", summary.selectFirst("a[href='#from']").text());
        assertEquals("from-error", day.selectFirst("input#from").attr("aria-describedby"));
        assertEquals("2026-13-01", day.selectFirst("input#from").attr("value"), "as sent");
        assertNull(day.selectFirst("#totals"), "no figures");

        Document range = page("/admin/reach?from=2026-12-06&to=2026-12-01", 400);
        assertTrue(range.selectFirst(".error-summary").text().contains("from (2026-12-06) must not be after to (2026-12-01)"));
        Document to = page("/admin/reach?to=yesterday", 400);
        assertEquals("to-error", to.selectFirst("input#to").attr("aria-describedby"));
    }

    @Test
    void theDownloadsAreTheAdminApisExports() {
        String range = "from=" + LocalDate.parse(TODAY).minusDays(6) + "&to=" + TODAY;
        HttpResponse<String> csv = staff("/admin/reach.csv?" + range);
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElseThrow().startsWith("text/csv"));
        assertEquals(server.api("GET", "/api/reach?format=csv&" + range, null).body(), csv.body());
        assertTrue(csv.body().contains(TODAY + ",feed_client," + ALL + ",Firefox,6"), csv.body());
        HttpResponse<String> json = staff("/admin/reach.json?" + range);
        assertEquals(200, json.statusCode());
        assertEquals(server.api("GET", "/api/reach?format=json&" + range, null).body(), json.body());
    }

    @Test
    void itIsForStaffOnly() {
        HttpResponse<String> browser = server.get("/admin/reach", "Accept", "text/html");
        assertEquals(303, browser.statusCode());
        assertTrue(browser.headers().firstValue("Location").orElseThrow().startsWith("/admin/signin?then="));
        assertEquals(401, server.get("/admin/reach.csv").statusCode());
        assertEquals(401, server.get("/admin/reach.json").statusCode());
        assertEquals(401, server.get("/admin/reach", "Cookie", "quipu_staff=" + "x".repeat(43)).statusCode());
    }

    @Test
    void withCountingOffThePageSaysSo() throws Exception {
        try (TestServer off = TestServer.start(Map.of("QUIPU_REACH_COUNTING", "false"))) {
            off.addStaff(NAME, PASSWORD);
            String offSession = signIn(off, NAME, PASSWORD);
            HttpResponse<String> answer = off.get("/admin/reach", "Cookie", "quipu_staff=" + offSession);
            assertEquals(200, answer.statusCode());
            Document page = Jsoup.parse(answer.body());
            assertTrue(page.selectFirst("#counting-off").text().contains("reach.counting is off"));
        }
    }

    private static Document page(String path, int status) {
        HttpResponse<String> answer = staff(path);
        assertEquals(status, answer.statusCode(), answer.body());
        assertTrue(answer.headers().firstValue("Content-Security-Policy").orElseThrow().contains("default-src 'none'"));
        Document page = Jsoup.parse(answer.body());
        assertTrue(page.select("script").isEmpty(), "no script");
        return page;
    }

    private static HttpResponse<String> staff(String path) {
        return server.get(path, "Cookie", "quipu_staff=" + session);
    }

    /** The table after a chart: its rows' first cell to second. */
    private static Map<String, String> table(Document page, String selector) {
        return column(page, selector, 1);
    }

    /** A table's rows: the heading cell to the {@code column}th cell after it. */
    private static Map<String, String> column(Document page, String selector, int column) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (Element row : page.select(selector + " tbody tr")) {
            if (!row.child(column).text().equals("0")) {
                rows.put(row.child(0).text(), row.child(column).text());
            }
        }
        return rows;
    }

    /** A table's rows: heading cell to the next cell's text. */
    private static Map<String, String> rows(Element table) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (Element row : table.select("tbody tr")) {
            rows.put(row.child(0).text(), row.child(1).text());
        }
        return rows;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
