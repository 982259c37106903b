package uk.org.perusupportgroup.quipu.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.org.perusupportgroup.quipu.RunningServer;
import uk.org.perusupportgroup.quipu.TestServer;

/** The admin API: auth, validation (every problem, nothing stored changes), and feeds changing at once. */
class AdminApiIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(running -> server = running);
    private static TestServer server;

    private static JsonObject article(String title) {
        return new JsonObject().put("title", title).put("summary", "Families of the victims met officials in Juliaca.")
                .put("body", "Families **met** officials.\n\n[More](https://example.org/more)").put("published", "2025-02-03")
                .put("topics", new JsonArray().add("justice-and-impunity")).put("regions", new JsonArray().add("puno"))
                .put("language", "en");
    }

    @Test
    void withoutTheTokenEverythingIs401() {
        assertEquals(401, server.get("/api/articles").statusCode());
        assertEquals(401, server.get("/api/articles", "Authorization", "Bearer wrong-token").statusCode());
        HttpResponse<String> post = server.send(server.request("/api/articles").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(article("Sneaky").encode())).build());
        assertEquals(401, post.statusCode());
        assertTrue(post.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
        assertFalse(server.get("/feeds/all.atom").body().contains("Sneaky"));
    }

    @Test
    void createUpdateDeleteChangeEveryAffectedFeedAtOnce() {
        String punoBefore = server.get("/feeds/regions/puno.atom").headers().firstValue("ETag").orElseThrow();
        String allBefore = server.get("/feeds/all.rss").headers().firstValue("ETag").orElseThrow();
        String cuscoBefore = server.get("/feeds/regions/cusco.atom").headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> created = server.api("POST", "/api/articles", article("Juliaca victims meet officials").encode());
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("/api/articles/juliaca-victims-meet-officials", created.headers().firstValue("Location").orElseThrow());
        JsonObject body = new JsonObject(created.body());
        assertTrue(body.getString("id").startsWith("tag:perusupportgroup.org.uk,"));

        HttpResponse<String> puno = server.get("/feeds/regions/puno.atom", "If-None-Match", punoBefore);
        assertEquals(200, puno.statusCode(), "the cached puno feed was invalidated");
        assertTrue(puno.body().contains("Juliaca victims meet officials"));
        assertTrue(server.get("/feeds/all.rss").body().contains("Juliaca victims meet officials"));
        assertNotEquals(allBefore, server.get("/feeds/all.rss").headers().firstValue("ETag").orElseThrow());
        assertEquals(304, server.get("/feeds/regions/cusco.atom", "If-None-Match", cuscoBefore).statusCode(), "cusco untouched");
        assertTrue(server.get("/feeds/topics/justice-and-impunity.json").body().contains("<strong>met</strong>"));

        JsonObject edited = article("Juliaca victims meet ministers").put("regions", new JsonArray().add("ayacucho"));
        HttpResponse<String> updated = server.api("PUT", "/api/articles/juliaca-victims-meet-officials", edited.encode());
        assertEquals(200, updated.statusCode(), updated.body());
        assertFalse(server.get("/feeds/regions/puno.atom").body().contains("Juliaca victims"), "left the puno feed");
        assertTrue(server.get("/feeds/regions/ayacucho.atom").body().contains("Juliaca victims meet ministers"));
        assertEquals(body.getString("id"), new JsonObject(updated.body()).getString("id"), "the id never changes");

        assertEquals(204, server.api("DELETE", "/api/articles/juliaca-victims-meet-officials", null).statusCode());
        assertFalse(server.get("/feeds/regions/ayacucho.atom").body().contains("Juliaca victims"));
        assertFalse(server.get("/feeds/all.json").body().contains("Juliaca victims"));
        assertEquals(404, server.api("DELETE", "/api/articles/juliaca-victims-meet-officials", null).statusCode());
        assertEquals(410, server.get("/articles/juliaca-victims-meet-officials").statusCode(), "withdrawn, kept to restore");
    }

    @Test
    void twoEditorsOfOneArticleTheLaterSaveWithAStaleIfMatchIs412AndNothingIsLost() {
        HttpResponse<String> created = server.api("POST", "/api/articles", article("Two editors meet").put("slug", "two-editors")
                .encode());
        assertEquals(201, created.statusCode(), created.body());
        HttpResponse<String> opened = server.api("GET", "/api/articles/two-editors", null);
        String version = opened.headers().firstValue("ETag").orElseThrow();
        assertEquals(created.headers().firstValue("ETag").orElseThrow(), version, "the version written is the one read");

        HttpResponse<String> first = server.send(server.request("/api/articles/two-editors")
                .header("Authorization", "Bearer " + TestServer.TOKEN).header("Content-Type", "application/json")
                .header("If-Match", version).PUT(HttpRequest.BodyPublishers.ofString(article("First editor's title")
                        .encode())).build());
        assertEquals(200, first.statusCode(), first.body());
        assertNotEquals(version, first.headers().firstValue("ETag").orElseThrow());
        HttpResponse<String> second = server.send(server.request("/api/articles/two-editors")
                .header("Authorization", "Bearer " + TestServer.TOKEN).header("Content-Type", "application/json")
                .header("If-Match", version).PUT(HttpRequest.BodyPublishers.ofString(article("Second editor's title")
                        .encode())).build());
        assertEquals(412, second.statusCode(), second.body());
        assertTrue(second.body().contains("changed by admin API at") && second.body().contains("since you opened it"), second.body());
        assertEquals("First editor's title", new JsonObject(server.api("GET", "/api/articles/two-editors", null).body())
                .getString("title"), "the first save stands");

        for (String match : new String[] {"\"not-ours\"", "W/\"v1\""}) {
            HttpResponse<String> other = server.send(server.request("/api/articles/two-editors")
                    .header("Authorization", "Bearer " + TestServer.TOKEN).header("Content-Type", "application/json")
                    .header("If-Match", match).PUT(HttpRequest.BodyPublishers.ofString(article("Third").encode())).build());
            assertEquals(412, other.statusCode(), match);
        }
        HttpResponse<String> any = server.send(server.request("/api/articles/two-editors")
                .header("Authorization", "Bearer " + TestServer.TOKEN).header("Content-Type", "application/json")
                .header("If-Match", "*").PUT(HttpRequest.BodyPublishers.ofString(article("Any version").encode())).build());
        assertEquals(200, any.statusCode(), "If-Match: * matches whatever is stored");
        assertEquals(200, server.api("PUT", "/api/articles/two-editors", article("No If-Match").encode()).statusCode(),
                "without If-Match the last save wins, as before");
    }

    @Test
    void aTakenSlugIsAConflictAndADerivedOneGetsASuffix() {
        assertEquals(201, server.api("POST", "/api/articles", article("Twice told").encode()).statusCode());
        HttpResponse<String> second = server.api("POST", "/api/articles", article("Twice told").encode());
        assertEquals(201, second.statusCode());
        assertEquals("/api/articles/twice-told-2", second.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> chosen = server.api("POST", "/api/articles", article("Other").put("slug", "twice-told").encode());
        assertEquals(409, chosen.statusCode());
        assertTrue(chosen.body().contains("already used"), chosen.body());
    }

    @Test
    void fileBackedArticlesAreReadOnlyWith409NamingTheFile() {
        String slug = "death-penalty-debate";
        HttpResponse<String> put = server.api("PUT", "/api/articles/" + slug, article("Changed").encode());
        assertEquals(409, put.statusCode());
        assertTrue(put.body().contains("2017/death-penalty-debate.md"), put.body());
        HttpResponse<String> delete = server.api("DELETE", "/api/articles/" + slug, null);
        assertEquals(409, delete.statusCode());
        assertTrue(delete.body().contains("2017/death-penalty-debate.md"));
        HttpResponse<String> create = server.api("POST", "/api/articles", article("x").put("slug", slug).encode());
        assertEquals(409, create.statusCode());
        assertTrue(create.body().contains("2017/death-penalty-debate.md"), create.body());
        assertTrue(server.get("/feeds/all.atom").body().contains("Death penalty debate"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        malformed JSON            | {"title": "x",                                              | 400 | not valid JSON
        an array, not an object   | [1, 2]                                                      | 400 | must be a JSON object
        empty body                |                                                             | 400 | empty
        unknown field             | {"title":"t","summary":"s","published":"2020-01-01","topics":["corruption"],"regions":["lima"],"language":"en","colour":"red"} | 400 | colour
        unknown topic             | {"title":"t","summary":"s","published":"2020-01-01","topics":["mining"],"regions":["lima"],"language":"en"} | 400 | unknown topic 'mining'
        unknown region            | {"title":"t","summary":"s","published":"2020-01-01","topics":["corruption"],"regions":["atlantis"],"language":"en"} | 400 | unknown region 'atlantis'
        bad date                  | {"title":"t","summary":"s","published":"19/11/2017","topics":["corruption"],"regions":["lima"],"language":"en"} | 400 | is not a date
        slug with dot-dot         | {"title":"t","summary":"s","published":"2020-01-01","topics":["corruption"],"regions":["lima"],"language":"en","slug":"../etc"} | 400 | slug
        slug with a slash         | {"title":"t","summary":"s","published":"2020-01-01","topics":["corruption"],"regions":["lima"],"language":"en","slug":"a/b"} | 400 | slug
        """)
    void badInputIs4xxAndStoresNothing(String name, String json, int status, String message) {
        int before = total();
        HttpResponse<String> response = server.api("POST", "/api/articles", json == null ? "" : json);
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.body().contains(message), response.body());
        assertEquals(before, total());
    }

    @Test
    void everyProblemIsListedAtOnce() {
        HttpResponse<String> response = server.api("POST", "/api/articles",
                "{\"title\":\"\",\"published\":\"soon\",\"topics\":[\"mining\"],\"regions\":[],\"colour\":1}");
        assertEquals(400, response.statusCode());
        JsonArray errors = new JsonObject(response.body()).getJsonArray("errors");
        List<String> fields = errors.stream().map(e -> ((JsonObject) e).getString("field")).toList();
        assertTrue(fields.containsAll(List.of("colour", "title", "summary", "published", "topics", "regions", "language")), fields.toString());
    }

    @Test
    void aBodyOverOneMebibyteIs413() {
        int before = total();
        String huge = article("Huge").put("body", "x".repeat(1024 * 1024 + 10)).encode();
        HttpResponse<String> response = server.api("POST", "/api/articles", huge);
        assertEquals(413, response.statusCode());
        assertEquals(before, total());
    }

    @Test
    void wrongContentTypeIs415AndBadPathSlugIs400() {
        HttpResponse<String> response = server.send(server.request("/api/articles").header("Authorization", "Bearer " + TestServer.TOKEN)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(article("Plain").encode())).build());
        assertEquals(415, response.statusCode());
        assertEquals(400, server.api("PUT", "/api/articles/..%2F..%2Fetc", article("x").encode()).statusCode());
        assertEquals(400, server.api("DELETE", "/api/articles/Bad%20Slug", null).statusCode());
    }

    @Test
    void listAndGetShowArticlesWithTheirSource() {
        JsonObject list = new JsonObject(server.api("GET", "/api/articles", null).body());
        assertTrue(list.getInteger("total") >= 22);
        JsonObject one = new JsonObject(server.api("GET", "/api/articles/cusco-goes-to-a-second-round", null).body());
        assertEquals("2014/cusco-goes-to-a-second-round.md", one.getString("source_file"));
        assertEquals("2014-11-16", one.getString("published"));
        assertTrue(one.getString("body").startsWith("Cusco is one of the many regions"));
    }

    private static int total() {
        return new JsonObject(server.api("GET", "/api/articles", null).body()).getInteger("total");
    }
}
