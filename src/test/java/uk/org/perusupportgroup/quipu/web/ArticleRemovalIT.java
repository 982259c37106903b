package uk.org.perusupportgroup.quipu.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.TestServer;

/**
 * No operator slip unpublishes everything: an emptied, half-synced or vanished article folder removes nothing until
 * staff confirm, every instance agrees on it, and every removal can be undone from the staff pages for 30 days.
 */
class ArticleRemovalIT {

    private static final String STAFF = "Basic " + Base64.getEncoder().encodeToString(("editor:" + TestServer.TOKEN).getBytes());

    @Test
    void anEmptiedFolderRemovesNothingWarnsAndRecoversWhenTheFilesReturn() throws Exception {
        try (TestServer server = TestServer.start()) {
            Map<Path, String> files = contents(server.articles);
            assertEquals(22, files.size());
            files.keySet().forEach(ArticleRemovalIT::delete);

            server.scanArticles();

            assertEquals(22, items(server), "every article is still published");
            JsonObject health = new JsonObject(server.get("/health").body());
            JsonObject check = health.getJsonObject("checks").getJsonObject("article-files");
            assertEquals("warn", check.getString("status"));
            assertTrue(check.getJsonArray("problems").getString(0).startsWith("removals held: 22 of 22 file articles have lost"
                    + " their files, more than the 5 one scan may remove"), check.encode());
            String desk = staff(server, "/admin/articles").body();
            assertTrue(desk.contains("22 article files are missing: nothing was removed"), desk);
            assertTrue(desk.contains("Remove these 22 articles"));

            files.forEach(ArticleRemovalIT::write);
            server.scanArticles();

            assertEquals("up", new JsonObject(server.get("/health").body()).getJsonObject("checks").getJsonObject("article-files")
                    .getString("status"));
            assertFalse(staff(server, "/admin/articles").body().contains("are missing"));
            assertEquals(22, items(server));
        }
    }

    @Test
    void aHalfSyncedFolderIsHeldButAFewRemovedFilesGoAtOnce() throws Exception {
        try (TestServer server = TestServer.start()) {
            List<Path> files = contents(server.articles).keySet().stream().sorted().toList();
            files.subList(0, 5).forEach(ArticleRemovalIT::delete);
            server.scanArticles();
            assertEquals(17, items(server), "five is within the limit (the larger of 5 and 10%)");

            files.subList(5, 11).forEach(ArticleRemovalIT::delete);
            server.scanArticles();
            assertEquals(17, items(server), "six more at once are held");
            assertTrue(staff(server, "/admin/articles").body().contains("6 article files are missing"));
        }
    }

    @Test
    void staffConfirmExactlyWhatTheyWereShownThenRestoreFromTheStaffPagesAndTheApi() throws Exception {
        try (TestServer server = TestServer.start()) {
            Map<Path, String> files = contents(server.articles);
            files.keySet().forEach(ArticleRemovalIT::delete);
            server.scanArticles();
            String desk = staff(server, "/admin/articles").body();
            List<String> shown = Pattern.compile("name=\"slug\" value=\"([a-z0-9-]+)\"").matcher(desk).results()
                    .map(m -> m.group(1)).toList();
            assertEquals(22, shown.size());

            // one file comes back between looking and confirming: it stays
            Path back = server.articles.resolve("2014/regional-elections-in-puno.md");
            write(back, files.get(back));
            StringBuilder form = new StringBuilder();
            shown.forEach(slug -> form.append(form.isEmpty() ? "" : "&").append("slug=").append(slug));
            HttpResponse<String> confirmed = server.send(server.request("/admin/articles/removals").header("Authorization", STAFF)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build());
            assertEquals(303, confirmed.statusCode(), confirmed.body());
            assertEquals("/admin/articles?done=removed+21", confirmed.headers().firstValue("Location").orElseThrow());

            assertEquals(1, items(server), "21 removed, the one whose file came back stays");
            HttpResponse<String> gone = server.get("/articles/mining-unconvincing-efforts-at-consultation-in-espinar");
            assertEquals(410, gone.statusCode(), gone.body());
            desk = staff(server, "/admin/articles").body();
            assertFalse(desk.contains("are missing"), "the hold is over");
            assertTrue(desk.contains("Removed articles") && desk.contains("(removal confirmed by staff)"), desk);
            assertEquals("up", new JsonObject(server.get("/health").body()).getJsonObject("checks").getJsonObject("article-files")
                    .getString("status"));

            HttpResponse<String> restored = server.send(server.request(
                    "/admin/articles/mining-unconvincing-efforts-at-consultation-in-espinar/restore").header("Authorization", STAFF)
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(303, restored.statusCode(), restored.body());
            assertEquals(200, server.get("/articles/mining-unconvincing-efforts-at-consultation-in-espinar").statusCode());
            assertTrue(server.get("/feeds/regions/cusco.atom").body().contains("Mining: unconvincing efforts at consultation"));
            server.scanArticles();
            assertEquals(200, server.get("/articles/mining-unconvincing-efforts-at-consultation-in-espinar").statusCode(),
                    "restored without its file, it is the staff pages' own: the next scan leaves it");

            HttpResponse<String> api = server.api("POST", "/api/articles/death-penalty-debate/restore", null);
            assertEquals(200, api.statusCode(), api.body());
            assertEquals(404, server.api("POST", "/api/articles/never-was/restore", null).statusCode());
            assertEquals(409, server.api("POST", "/api/articles/regional-elections-in-puno/restore", null).statusCode(),
                    "published: nothing to restore");
            assertEquals(3, items(server));
        }
    }

    @Test
    void twoInstancesOnOneDatabaseAndOneFolderAgreeOnTheHoldAndOnTheConfirmation() throws Exception {
        try (TestServer first = TestServer.start()) {
            try (TestServer second = TestServer.start(Map.of("QUIPU_DB_URL", first.config.db().url(),
                    "QUIPU_ARTICLES_DIR", first.articles.toString()))) {
                contents(first.articles).keySet().forEach(ArticleRemovalIT::delete);
                first.scanArticles();
                second.scanArticles();
                for (TestServer server : List.of(first, second)) {
                    assertTrue(staff(server, "/admin/articles").body().contains("22 article files are missing"));
                }
                String form = Pattern.compile("name=\"slug\" value=\"([a-z0-9-]+)\"").matcher(staff(second, "/admin/articles").body())
                        .results().map(m -> "slug=" + m.group(1)).reduce((a, b) -> a + "&" + b).orElseThrow();
                assertEquals(303, second.send(second.request("/admin/articles/removals").header("Authorization", STAFF)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build()).statusCode());

                first.scanArticles();

                for (TestServer server : List.of(first, second)) {
                    String desk = staff(server, "/admin/articles").body();
                    assertFalse(desk.contains("are missing"), "no instance holds anything any more");
                    assertTrue(desk.contains("Removed articles"), "both list what can be restored");
                    assertEquals("up", new JsonObject(server.get("/health").body()).getJsonObject("checks")
                            .getJsonObject("article-files").getString("status"));
                }
            }
        }
    }

    private static HttpResponse<String> staff(TestServer server, String path) {
        return server.get(path, "Authorization", STAFF);
    }

    /** Articles in the all-news feed (at most 30 a page: the sample has 22). */
    private static int items(TestServer server) {
        return server.get("/feeds/all.atom").body().split("<entry>", -1).length - 1;
    }

    private static Map<Path, String> contents(Path root) throws IOException {
        Map<Path, String> files = new java.util.TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.filter(p -> p.toString().endsWith(".md")).toList()) {
                files.put(path, Files.readString(path));
            }
        }
        return files;
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void write(Path path, String text) {
        try {
            Files.writeString(path, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
