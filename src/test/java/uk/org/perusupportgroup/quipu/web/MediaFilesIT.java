package uk.org.perusupportgroup.quipu.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.TestServer;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.media.CleanFiles;
import uk.org.perusupportgroup.quipu.media.Fixture;
import uk.org.perusupportgroup.quipu.publish.FeedChecks;
import uk.org.perusupportgroup.quipu.publish.FeedFormat;
import uk.org.perusupportgroup.quipu.store.TestDatabases;

/**
 * Photos and documents as files under feeds/media/, beside the article files, on two instances sharing one PostgreSQL
 * database and one feeds directory: imported at start-up through the same checks and cleaning as an upload, each once
 * (a second scan, a touched file, the other instance: nothing new stored); an article file names its lead photo by
 * file and gets it in its feeds; a photo without its sidecar, an SVG and an article naming a file not imported are
 * problems on /health with their sentences, and the rest goes on.
 */
class MediaFilesIT {

    private static final String PUBLIC = "https://news.example.org";
    private static Path feeds;
    private static TestServer first;
    private static TestServer second;
    private static QuipuConfig.Db db;

    @BeforeAll
    static void start() throws Exception {
        feeds = Files.createTempDirectory("quipu-media-files").resolve("feeds");
        Path media = Files.createDirectories(feeds.resolve("media"));
        Path articles = Files.createDirectories(feeds.resolve("articles"));
        Files.write(media.resolve("juliaca.jpg"), Fixture.bytes("gps-exif.jpg"));
        Files.writeString(media.resolve("juliaca.jpg.yaml"), "alt: Families holding photographs in Juliaca\n"
                + "caption: \"Juliaca, January 2024.\"\ncredit: Ana Quispe\n");
        Files.createDirectories(media.resolve("informes"));
        Files.write(media.resolve("informes/informe.pdf"), Fixture.bytes("document.pdf"));
        Files.write(media.resolve("sin-texto.webp"), Fixture.bytes("photo.webp"));
        Files.write(media.resolve("logo.png"), Fixture.bytes("svg-with-script.png"));
        Files.writeString(articles.resolve("juliaca-report.md"), article("Juliaca: the families' report",
                "image: {file: juliaca.jpg, caption: \"Juliaca, 9 January 2024.\"}"));
        Files.writeString(articles.resolve("march-in-lima.md"), article("A march in Lima",
                "image:\n  file: sin-texto.webp\n  alt: Marchers in Lima"));
        Files.writeString(articles.resolve("the-report.md"), article("The report", "image: {file: informes/informe.pdf, alt: A report}"));
        db = TestDatabases.postgresConfig("media_files");
        Map<String, String> env = Map.of("QUIPU_DB_URL", db.url(), "QUIPU_ARTICLES_DIR", articles.toString(),
                "QUIPU_BASE_URL", PUBLIC);
        first = TestServer.start(env);
        second = TestServer.start(env);
    }

    @AfterAll
    static void stop() throws Exception {
        for (TestServer server : new TestServer[] {second, first}) {
            if (server != null) {
                server.close();
            }
        }
        try (Stream<Path> walk = Files.walk(feeds.getParent())) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static String article(String title, String image) {
        return "---\ntitle: \"" + title + "\"\npublished: 2025-01-09\ntopics: [justice-and-impunity]\nregions: [puno]\n"
                + "language: en\nsummary: \"A year on.\"\n" + image + "\n---\nThe families ask for justice.\n";
    }

    /** Every upload, newest first. */
    private static JsonArray uploads(TestServer server) {
        return new JsonObject(server.api("GET", "/api/media", null).body()).getJsonArray("media");
    }

    private static List<String> problems(TestServer server) {
        JsonArray problems = new JsonObject(server.get("/health").body()).getJsonObject("checks")
                .getJsonObject("article-files").getJsonArray("problems");
        List<String> list = new ArrayList<>();
        problems.forEach(problem -> list.add((String) problem));
        return list;
    }

    private static List<List<String>> sources() throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT s.path, m.kind, m.created_by, m.alt FROM media_source s"
                        + " JOIN media m ON m.id = s.media_id ORDER BY s.path")) {
            while (result.next()) {
                rows.add(List.of(result.getString(1), result.getString(2), result.getString(3), result.getString(4)));
            }
        }
        return rows;
    }

    @Test
    void mediaFilesAreImportedOnceAndAnArticleFileGetsItsPhotoByFile() throws Exception {
        // the photo and the document, through the upload's checks, each stored once though both instances started
        JsonArray uploads = uploads(first);
        assertEquals(2, uploads.size(), uploads.encodePrettily());
        assertEquals(List.of(
                List.of("informes/informe.pdf", "document", "media file feeds/media/informes/informe.pdf", ""),
                List.of("juliaca.jpg", "image", "media file feeds/media/juliaca.jpg", "Families holding photographs in Juliaca")),
                sources());
        JsonObject photo = uploads.stream().map(JsonObject.class::cast).filter(u -> u.getString("kind").equals("image"))
                .findFirst().orElseThrow();
        assertEquals("juliaca.jpg", photo.getString("originalName"));
        assertEquals("Ana Quispe", photo.getString("credit"));

        // served without its metadata (the fixture carries EXIF with a GPS position, XMP, ICC and a comment)
        for (Object each : photo.getJsonArray("renditions")) {
            String path = URI.create(((JsonObject) each).getString("url")).getRawPath();
            var served = first.getBytes(path);
            assertEquals(200, served.statusCode(), path);
            CleanFiles.assertClean(served.body(), path);
        }

        // the article file that names it: its feed carries the photo, the sidecar's alt text and credit, its own caption
        byte[] rss = second.getBytes("/feeds/topics/justice-and-impunity.rss").body();
        FeedChecks.check(FeedFormat.RSS, rss, PUBLIC + "/feeds/topics/justice-and-impunity.rss");
        Element item = Jsoup.parse(new String(rss, StandardCharsets.UTF_8), "", org.jsoup.parser.Parser.xmlParser())
                .select("item").stream().filter(i -> i.selectFirst("title").text().startsWith("Juliaca")).findFirst()
                .orElseThrow(() -> new AssertionError(new String(rss, StandardCharsets.UTF_8)));
        Element enclosure = item.selectFirst("enclosure");
        assertEquals(photo.getString("url"), enclosure.attr("url"));
        assertEquals("image/jpeg", enclosure.attr("type"));
        Element content = item.selectFirst("media|content");
        assertEquals("Families holding photographs in Juliaca", content.selectFirst("media|title").text());
        assertEquals("Ana Quispe", content.selectFirst("media|credit").text());
        String page = first.get("/articles/juliaca-report").body();
        assertTrue(page.contains("Juliaca, 9 January 2024."), "the article's caption over the sidecar's");

        // the problems, each with its file and sentence; nothing else is held up
        List<String> problems = problems(first);
        assertTrue(problems.contains("feeds/media/sin-texto.webp: a photo needs its alt text: put it in"
                + " feeds/media/sin-texto.webp.yaml beside it (alt: what it shows; caption and credit if you like)"), problems.toString());
        assertTrue(problems.contains("feeds/media/logo.png: SVG images are not accepted: they can carry scripts; export it as PNG"),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("march-in-lima.md:9: image.file: the photo is not imported:"
                + " feeds/media/sin-texto.webp: a photo needs its alt text")), problems.toString());
        assertTrue(problems.contains("the-report.md:8: image.file: feeds/media/informes/informe.pdf is a document, not a photo:"
                + " a lead image must be a photo (link a PDF from the body instead)"), problems.toString());
        assertEquals(4, problems.size(), problems.toString());
        assertEquals(problems, problems(second), "both instances report the same");
        assertEquals(404, first.get("/articles/march-in-lima").statusCode());

        // scans on both instances at once, a touched file: nothing new is stored, nothing fails
        Files.setLastModifiedTime(feeds.resolve("media/juliaca.jpg"), FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        var one = CompletableFuture.supplyAsync(first::scanArticles);
        var two = CompletableFuture.supplyAsync(second::scanArticles);
        one.get();
        two.get();
        assertEquals(2, uploads(second).size());
        assertEquals(problems, problems(first));

        // the missing sidecar written: the photo is imported, and the article that named it is read again and published
        Files.writeString(feeds.resolve("media/sin-texto.webp.yaml"), "alt: Marchers on a street in Lima\ncredit: PSG\n");
        first.scanArticles();
        assertEquals(3, uploads(first).size());
        List<String> after = problems(first);
        assertFalse(after.stream().anyMatch(p -> p.contains("sin-texto") || p.contains("march-in-lima")), after.toString());
        assertEquals(200, first.get("/articles/march-in-lima").statusCode());
        String march = first.get("/articles/march-in-lima").body();
        assertTrue(march.contains("Marchers in Lima"), "the article's alt text over the sidecar's");
    }
}
