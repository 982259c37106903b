package uk.org.perusupportgroup.quipu.aggregate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.ReachRows;
import uk.org.perusupportgroup.quipu.TestServer;

/**
 * Staff hide a partner item that is not about Peru: it leaves every feed and page at once, no later poll brings it
 * back (even edited at its source), and restoring it shows it again, followed by its source as before. Through the
 * admin API and through the staff pages.
 */
class PartnerModerationIT {

    private static FixturePartnerSite site;
    private static TestServer server;

    private static String feed(String... titles) {
        StringBuilder items = new StringBuilder();
        for (String title : titles) {
            String key = title.replaceAll("[^A-Za-z]", "").toLowerCase();
            items.append("<item><title>").append(title).append("</title><link>").append(site.base).append("/news/")
                    .append(key.substring(0, Math.min(12, key.length()))).append("</link><guid>").append(key.substring(0,
                    Math.min(12, key.length()))).append("</guid><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate>")
                    .append("<description>").append(title).append(".</description></item>");
        }
        return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Partner</title><link>" + site.base
                + "</link><description>News</description>" + items + "</channel></rss>";
    }

    @BeforeAll
    static void start() throws Exception {
        site = new FixturePartnerSite();
        site.text("/feed", "application/rss+xml", feed("Peru: water defenders meet in Cusco", "Spain: football results"));
        site.text("/held-feed", "application/rss+xml", feed("Peru: Apurimac story staff approve", "Peru: Ayacucho story staff turn down"));
        Path partners = Files.createTempFile("partners", ".yaml");
        Files.writeString(partners, "sources:\n  - id: partner\n    name: A Partner\n    home: " + site.base + "\n    kind: feed\n"
                + "    url: " + site.base + "/feed\n    interval: 1h\n    language: en\n    reuse: excerpt\n"
                + "  - id: held\n    name: A Held Partner\n    home: " + site.base + "\n    kind: feed\n"
                + "    url: " + site.base + "/held-feed\n    interval: 1h\n    language: en\n    reuse: excerpt\n"
                + "    moderation: pre\n");
        server = TestServer.start(Map.of("QUIPU_PARTNERS_ENABLED", "true", "QUIPU_PARTNERS_FILE", partners.toString(),
                "QUIPU_PARTNERS_HOST_INTERVAL", "100ms", "QUIPU_PARTNERS_ALLOW_PRIVATE_ADDRESSES", "true"));
        await("the partner polled").atMost(Duration.ofSeconds(30)).until(() -> titles().size() == 2);
        await("the held partner polled").atMost(Duration.ofSeconds(30)).until(() -> queue().size() == 2);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        site.close();
    }

    private static List<String> titles() {
        return new JsonObject(server.get("/feeds/partners/partner.json").body()).getJsonArray("items").stream()
                .map(item -> ((JsonObject) item).getString("title")).toList();
    }

    private static List<JsonObject> queue() {
        return new JsonObject(server.api("GET", "/api/queue", null).body()).getJsonArray("items").stream()
                .map(JsonObject.class::cast).toList();
    }

    private static String slugOf(String title) {
        return new JsonObject(server.get("/feeds/partners/partner.json").body()).getJsonArray("items").stream()
                .map(JsonObject.class::cast).filter(item -> item.getString("title").equals(title)).findFirst().orElseThrow()
                .getString("id").replaceAll("^.*:articles/", "");
    }

    private static void refresh() {
        refresh("partner");
    }

    private static void refresh(String source) {
        assertEquals(200, server.api("POST", "/api/partners/" + source + "/refresh", null).statusCode());
    }

    @Test
    void itemsStoredHiddenAndFailedPollsAreCountedPerSourceForReach() {
        JsonArray before = server.reachRows();
        assertTrue(ReachRows.sum(before, "partner_stored", null, "partner") >= 2, "the first poll's two items: " + before);
        String current = "Peru: Ica farmers meet";
        site.text("/feed", "application/rss+xml", feed("Peru: water defenders meet in Cusco", current));
        refresh();
        site.text("/feed", "application/rss+xml", "this is not a feed");
        refresh();
        site.text("/feed", "application/rss+xml", feed("Peru: water defenders meet in Cusco", current));
        refresh();
        assertEquals(204, server.api("POST", "/api/articles/" + slugOf(current) + "/hide", "{\"reason\": \"a duplicate\"}")
                .statusCode());
        JsonArray after = server.reachRows();
        assertEquals(1, ReachRows.sum(after, "partner_stored", null, "partner") - ReachRows.sum(before, "partner_stored", null, "partner"), "one new item");
        assertEquals(1, ReachRows.sum(after, "partner_poll_failed", null, "partner") - ReachRows.sum(before, "partner_poll_failed", null, "partner"));
        assertEquals(1, ReachRows.sum(after, "partner_hidden", null, "partner") - ReachRows.sum(before, "partner_hidden", null, "partner"));
    }

    @Test
    void aHiddenItemLeavesEveryFeedAndNoPollBringsItBackUntilStaffShowItAgain() {
        String slug = slugOf("Spain: football results");
        HttpResponse<String> noReason = server.api("POST", "/api/articles/" + slug + "/hide", "{}");
        assertEquals(400, noReason.statusCode(), noReason.body());
        assertTrue(noReason.body().contains("\"reason\""), noReason.body());
        String own = new JsonObject(server.get("/feeds/all.json?origin=psg").body()).getJsonArray("items").getJsonObject(0)
                .getString("id").replaceAll("^.*:articles/", "");
        HttpResponse<String> psg = server.api("POST", "/api/articles/" + own + "/hide", "{\"reason\": \"x\"}");
        assertEquals(409, psg.statusCode(), "PSG's own articles are deleted, not hidden: " + psg.body());

        assertEquals(204, server.api("POST", "/api/articles/" + slug + "/hide", "{\"reason\": \"not about Peru\"}").statusCode());
        assertEquals(List.of("Peru: water defenders meet in Cusco"), titles());
        assertFalse(server.get("/feeds/all.atom").body().contains("Spain: football results"));
        assertEquals(410, server.get("/articles/" + slug).statusCode());

        // the partner edits the item and adds another: the edit does not bring it back, the new one comes
        site.text("/feed", "application/rss+xml", feed("Peru: water defenders meet in Cusco", "Spain: football results (updated)",
                "Peru: Congress debates the mining law"));
        refresh();
        assertEquals(Set.of("Peru: water defenders meet in Cusco", "Peru: Congress debates the mining law"),
                Set.copyOf(titles()));
        String basic = Base64.getEncoder().encodeToString(("staff:" + TestServer.TOKEN).getBytes(StandardCharsets.UTF_8));
        String desk = server.get("/admin/articles", "Authorization", "Basic " + basic).body();
        assertTrue(desk.contains("hidden: not about Peru"), desk);

        HttpResponse<String> shown = server.api("POST", "/api/articles/" + slug + "/restore", null);
        assertEquals(200, shown.statusCode(), shown.body());
        site.text("/feed", "application/rss+xml", feed("Peru: water defenders meet in Cusco", "Spain: football results (again)",
                "Peru: Congress debates the mining law"));
        refresh();
        assertTrue(titles().contains("Spain: football results (again)"), "followed by its source again: " + titles());
    }

    @Test
    void staffGiveAnItemTheirOwnTopicsAndRegionsAndPollsKeepThem() {
        String slug = slugOf("Peru: water defenders meet in Cusco");
        HttpResponse<String> unknown = server.api("PUT", "/api/articles/" + slug + "/tags",
                "{\"topics\": [\"no-such-topic\"], \"regions\": [\"cusco\"]}");
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("no-such-topic"), unknown.body());
        HttpResponse<String> retagged = server.api("PUT", "/api/articles/" + slug + "/tags",
                "{\"topics\": [\"environment\"], \"regions\": [\"cusco\"]}");
        assertEquals(200, retagged.statusCode(), retagged.body());
        assertEquals("cusco", new JsonObject(retagged.body()).getJsonArray("regions").getString(0));
        assertTrue(server.get("/feeds/regions/cusco.atom").body().contains("Peru: water defenders meet in Cusco"));
        refresh();
        assertTrue(server.get("/feeds/topics/environment.atom").body().contains("Peru: water defenders meet in Cusco"),
                "kept after a poll");
        String basic = Base64.getEncoder().encodeToString(("staff:" + TestServer.TOKEN).getBytes(StandardCharsets.UTF_8));
        String page = server.get("/admin/articles/" + slug + "/edit", "Authorization", "Basic " + basic).body();
        assertTrue(page.contains("action=\"/admin/articles/" + slug + "/tags\"")
                && page.contains("value=\"environment\" checked"), page);
    }

    @Test
    void aPreModeratedSourcesItemsWaitInTheQueueUntilStaffApproveOrHideThem() {
        assertEquals(0, new JsonObject(server.get("/feeds/partners/held.json").body()).getJsonArray("items").size(),
                "nothing published before approval");
        assertFalse(server.get("/feeds/all.atom").body().contains("Apurimac story staff approve"));
        String basic = Base64.getEncoder().encodeToString(("staff:" + TestServer.TOKEN).getBytes(StandardCharsets.UTF_8));
        String page = server.get("/admin/queue", "Authorization", "Basic " + basic).body();
        assertTrue(page.contains("Peru: Apurimac story staff approve") && page.contains("Peru: Ayacucho story staff turn down"), page);

        String first = queue().stream().filter(i -> i.getString("title").equals("Peru: Apurimac story staff approve")).findFirst()
                .orElseThrow().getString("slug");
        HttpResponse<String> approved = server.send(server.request("/admin/queue/" + first + "/approve")
                .header("Authorization", "Basic " + basic).header("Origin", server.base)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(303, approved.statusCode(), approved.body());
        assertTrue(server.get("/feeds/partners/held.atom").body().contains("Peru: Apurimac story staff approve"));
        assertEquals(302, server.get("/articles/" + first).statusCode(), "published: its page sends readers to the partner");

        String second = queue().get(0).getString("slug");
        assertEquals(204, server.api("POST", "/api/articles/" + second + "/hide", "{\"reason\": \"not about Peru\"}")
                .statusCode());
        assertEquals(List.of(), queue(), "the queue is empty");
        refresh("held");
        assertEquals(List.of(), queue(), "a poll brings nothing back");
        assertFalse(server.get("/feeds/partners/held.atom").body().contains("Ayacucho story staff turn down"));
        assertTrue(server.get("/admin/articles", "Authorization", "Basic " + basic).body().contains("hidden: not about Peru"));
    }

    @Test
    void staffHideAnItemFromItsPageSayingWhy() {
        String slug = slugOf("Peru: water defenders meet in Cusco");
        String basic = Base64.getEncoder().encodeToString(("staff:" + TestServer.TOKEN).getBytes(StandardCharsets.UTF_8));
        String page = server.get("/admin/articles/" + slug + "/edit", "Authorization", "Basic " + basic).body();
        assertTrue(page.contains("action=\"/admin/articles/" + slug + "/hide\"") && page.contains("name=\"reason\""), page);
        HttpResponse<String> hidden = server.send(server.request("/admin/articles/" + slug + "/hide")
                .header("Authorization", "Basic " + basic).header("Origin", server.base)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("reason=a+duplicate+of+our+own+story")).build());
        assertEquals(303, hidden.statusCode(), hidden.body());
        assertEquals("/admin/articles?done=hidden+" + slug, hidden.headers().firstValue("Location").orElseThrow());
        assertFalse(titles().contains("Peru: water defenders meet in Cusco"));
        assertEquals(200, server.api("POST", "/api/articles/" + slug + "/restore", null).statusCode());
        assertTrue(titles().contains("Peru: water defenders meet in Cusco"));
    }
}
