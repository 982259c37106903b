package uk.org.perusupportgroup.quipu.web;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.TestServer;

/** The editor's files: added, changed, broken and removed while the server runs. */
class ArticleFilesIT {

    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(Map.of("QUIPU_ARTICLES_SCAN_INTERVAL", "200ms"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private static String article(String title, String region) {
        return "---\ntitle: \"" + title + "\"\npublished: 2025-03-01\ntopics: [environment]\nregions: [" + region
                + "]\nlanguage: en\nsummary: \"Wildfires affected large areas.\"\n---\nWildfires affected large areas.\n";
    }

    @Test
    void anAddedFileIsPublishedWithoutARestart() throws Exception {
        Files.createDirectories(server.articles.resolve("2025"));
        Files.writeString(server.articles.resolve("2025/wildfires-in-san-martin.md"), article("Wildfires in San Martín", "san-martin"));
        awaitFeed("/feeds/regions/san-martin.atom", "Wildfires in San Martín", true);
        assertEquals(200, server.get("/articles/wildfires-in-san-martin").statusCode());
    }

    @Test
    void aChangedFileUpdatesAndARemovedFileDeletes() throws Exception {
        Path file = server.articles.resolve("2014/regional-elections-in-puno.md");
        String text = Files.readString(file).replace("title: \"Regional Elections in Puno\"", "title: \"Regional Elections in Puno (updated)\"");
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        awaitFeed("/feeds/regions/puno.rss", "Regional Elections in Puno (updated)", true);
        Files.delete(file);
        awaitFeed("/feeds/regions/puno.rss", "Regional Elections in Puno", false);
        HttpResponse<String> withdrawn = server.get("/articles/regional-elections-in-puno");
        assertEquals(410, withdrawn.statusCode(), "kept for 30 days, to restore");
        assertTrue(withdrawn.body().contains("was withdrawn by the Peru Support Group on"), withdrawn.body());
    }

    @Test
    void aFileMovedToAnotherFolderKeepsItsArticle() throws Exception {
        Files.createDirectories(server.articles.resolve("moved"));
        Files.move(server.articles.resolve("2014/regional-elections-in-puno.md"), server.articles.resolve("moved/regional-elections-in-puno.md"));
        server.scanArticles();
        assertEquals(200, server.get("/articles/regional-elections-in-puno").statusCode());
        assertTrue(server.get("/api/articles/regional-elections-in-puno", "Authorization", "Bearer " + TestServer.TOKEN).body()
                .contains("\"source_file\" : \"moved/regional-elections-in-puno.md\""));
        assertFalse(server.get("/health").body().contains("regional-elections-in-puno"), "no problem reported");
    }

    @Test
    void aFileBlockedByAnApiArticleIsImportedOnceThatArticleIsDeleted() throws Exception {
        server.api("POST", "/api/articles", "{\"slug\":\"wildfires\",\"title\":\"API wildfires\",\"summary\":\"s\","
                + "\"published\":\"2025-01-01\",\"topics\":[\"environment\"],\"regions\":[\"loreto\"],\"language\":\"en\"}");
        Files.writeString(server.articles.resolve("2017/wildfires.md"), article("File wildfires", "loreto"));
        server.scanArticles();
        assertTrue(server.get("/health").body().contains("2017/wildfires.md: slug 'wildfires' is already used by an article created through the API"));
        server.api("DELETE", "/api/articles/wildfires", null);
        server.scanArticles();
        assertTrue(server.get("/feeds/regions/loreto.atom").body().contains("File wildfires"));
        assertFalse(server.get("/health").body().contains("wildfires"));
    }

    @Test
    void aBadFileIsReportedByPathAndLineAndTheOthersStillLoad() throws Exception {
        Files.writeString(server.articles.resolve("2017/broken.md"),
                "---\ntitle: \"Broken\"\npublished: 2017-13-45\ntopics: [mining]\nregions: [puno]\nlanguage: en\nsummary: \"s\"\n---\nText\n");
        server.scanArticles();
        String health = server.get("/health").body();
        assertTrue(health.contains("2017/broken.md:3: published"), health);
        assertTrue(health.contains("2017/broken.md:4: topics: unknown topic 'mining'"), health);
        String all = server.get("/feeds/all.atom?page=1").body();
        assertFalse(all.contains("Broken"));
        assertEquals(22, new io.vertx.core.json.JsonObject(server.api("GET", "/api/articles", null).body()).getInteger("total"));
    }

    @Test
    void aFileBrokenByAnEditKeepsItsLastGoodVersionPublished() throws Exception {
        Path file = server.articles.resolve("2014/electoral-tea-leaves.md");
        Files.writeString(file, Files.readString(file).replace("regions: [national]", "regions: [nowhere]"));
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        server.scanArticles();
        assertTrue(server.get("/health").body().contains("2014/electoral-tea-leaves.md:5: regions: unknown region 'nowhere'"));
        assertTrue(server.get("/feeds/regions/national.atom").body().contains("Electoral tea-leaves"));
    }

    private void awaitFeed(String path, String text, boolean present) {
        await(path + " should " + (present ? "" : "not ") + "contain " + text).atMost(Duration.ofSeconds(5))
                .until(() -> server.get(path).body().contains(text) == present);
    }
}
