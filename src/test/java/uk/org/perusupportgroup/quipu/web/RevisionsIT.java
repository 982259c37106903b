package uk.org.perusupportgroup.quipu.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.org.perusupportgroup.quipu.RunningServer;
import uk.org.perusupportgroup.quipu.TestServer;

/**
 * An article's revisions: every save keeps one (who, when, what changed), staff see the history and what a revision
 * changed, and restore one (a new revision), through the staff pages and the admin API.
 */
class RevisionsIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(running -> server = running);
    private static TestServer server;
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(("editor:" + TestServer.TOKEN)
            .getBytes(StandardCharsets.UTF_8));

    private static String article(String title, String body, String status) {
        return new JsonObject().put("slug", "cusco-water").put("title", title).put("summary", "Water in Cusco")
                .put("body", body).put("published", "2025-04-01").put("topics", new JsonArray().add("environment"))
                .put("regions", new JsonArray().add("cusco")).put("language", "en").put("status", status).encode();
    }

    private static HttpResponse<String> form(String path, String body) {
        return server.send(server.request(path).header("Authorization", BASIC)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static Document staff(String path) {
        HttpResponse<String> page = server.get(path, "Authorization", BASIC);
        assertEquals(200, page.statusCode(), page.body());
        return Jsoup.parse(page.body());
    }

    @Test
    void everySaveIsKeptAndAnEarlierOneCanBeRestored() {
        assertEquals(201, server.api("POST", "/api/articles", article("Water in Cusco", "Line one\nLine two\nLine three",
                "draft")).statusCode());
        assertEquals(200, server.api("PUT", "/api/articles/cusco-water", article("Water in Cusco", "Line one\nLine 2\nLine three",
                "published")).statusCode());
        HttpResponse<String> third = server.api("PUT", "/api/articles/cusco-water", article("Drought in Cusco",
                "Line one\nLine 2\nLine three", "published"));
        assertEquals(200, third.statusCode());

        JsonArray revisions = new JsonObject(server.api("GET", "/api/articles/cusco-water/revisions", null).body())
                .getJsonArray("revisions");
        assertEquals(3, revisions.size());
        assertEquals(new JsonArray().add("title"), revisions.getJsonObject(0).getJsonArray("changed"));
        assertEquals(new JsonArray().add("body").add("status"), revisions.getJsonObject(1).getJsonArray("changed"));
        assertEquals("admin API", revisions.getJsonObject(0).getString("by"));
        long first = revisions.getJsonObject(2).getLong("id");
        JsonObject firstVersion = new JsonObject(server.api("GET", "/api/articles/cusco-water/revisions/" + first, null).body());
        assertEquals("draft", firstVersion.getString("status"));
        assertEquals("Line one\nLine two\nLine three", firstVersion.getString("body"));

        // the staff pages: the history, what the second save changed, line by line
        Document history = staff("/admin/articles/cusco-water/history");
        assertEquals(3, history.select("tbody tr").size());
        assertTrue(history.select("tbody tr").get(1).text().contains("body, status"), history.text());
        long second = revisions.getJsonObject(1).getLong("id");
        Document changes = staff("/admin/articles/cusco-water/revisions/" + second);
        assertEquals(List.of("- Line two"), changes.select("pre.diff del").eachText());
        assertEquals(List.of("+ Line 2"), changes.select("pre.diff ins").eachText());
        assertTrue(changes.select("tbody tr").text().contains("status draft published"), changes.text());

        // restoring the second version from the page: a new revision, by whoever restored it; the feeds follow
        String version = history.selectFirst("input[name=version]").attr("value");
        HttpResponse<String> restored = form("/admin/articles/cusco-water/revisions/" + second + "/restore",
                "version=" + URLEncoder.encode(version, StandardCharsets.UTF_8));
        assertEquals(303, restored.statusCode(), restored.body());
        assertTrue(server.get("/feeds/regions/cusco.atom").body().contains("Water in Cusco"));
        JsonArray after = new JsonObject(server.api("GET", "/api/articles/cusco-water/revisions", null).body())
                .getJsonArray("revisions");
        assertEquals(4, after.size());
        assertEquals("admin token", after.getJsonObject(0).getString("by"));
        assertEquals(new JsonArray().add("title"), after.getJsonObject(0).getJsonArray("changed"));

        // the same page again, opened before that restore: refused, nothing written
        HttpResponse<String> stale = form("/admin/articles/cusco-water/revisions/" + first + "/restore",
                "version=" + URLEncoder.encode(version, StandardCharsets.UTF_8));
        assertEquals(412, stale.statusCode(), stale.body());
        assertTrue(stale.body().contains("changed by admin token at"), stale.body());
        assertEquals(4, new JsonObject(server.api("GET", "/api/articles/cusco-water/revisions", null).body())
                .getJsonArray("revisions").size());

        // through the API: the first version back, a draft again
        HttpResponse<String> api = server.api("POST", "/api/articles/cusco-water/revisions/" + first + "/restore", null);
        assertEquals(200, api.statusCode(), api.body());
        assertEquals("draft", new JsonObject(api.body()).getString("status"));
        assertEquals(404, server.get("/articles/cusco-water").statusCode(), "a draft again");
        assertEquals(404, server.api("POST", "/api/articles/cusco-water/revisions/999999/restore", null).statusCode());
        assertEquals(404, server.api("GET", "/api/articles/cusco-water/revisions/abc", null).statusCode());
        assertEquals(204, server.api("DELETE", "/api/articles/cusco-water", null).statusCode());
    }
}
