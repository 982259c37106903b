package uk.org.perusupportgroup.quipu.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.TestServer;
import uk.org.perusupportgroup.quipu.media.Fixture;
import uk.org.perusupportgroup.quipu.publish.FeedChecks;
import uk.org.perusupportgroup.quipu.publish.FeedFormat;

/**
 * An article with a lead photo and a linked PDF, through the running service: the feeds carry them as readers expect
 * (RSS enclosure and Media RSS, Atom enclosure links, JSON Feed image and attachments) and stay valid by every check
 * the feeds pass; the page shows the photo with srcset, alt text, caption and credit, and Open Graph and Twitter card
 * meta; a lead image that is no upload, or a document, is refused by field.
 */
class ArticleMediaIT {

    private static final String PUBLIC = "https://news.example.org";
    private static TestServer server;
    private static Vertx vertx;
    private static WebClient client;
    private static JsonObject photo;
    private static JsonObject pdf;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("QUIPU_BASE_URL", PUBLIC));
        vertx = Vertx.vertx();
        client = WebClient.create(vertx);
        photo = upload(Fixture.bytes("gps-exif.jpg"), "juliaca.jpg", "image/jpeg", "Families with photographs of the dead");
        pdf = upload(Fixture.bytes("document.pdf"), "informe.pdf", "application/pdf", null);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().get();
        server.close();
    }

    private static JsonObject upload(byte[] file, String name, String type, String alt) throws Exception {
        MultipartForm form = MultipartForm.create().binaryFileUpload("file", name, Buffer.buffer(file), type);
        if (alt != null) {
            form.attribute("alt", alt);
        }
        var response = client.postAbs(server.base + "/api/media").bearerTokenAuthentication(TestServer.TOKEN)
                .sendMultipartForm(form).toCompletionStage().toCompletableFuture().get();
        assertEquals(201, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static String article(String slug, JsonObject image) {
        String pdfPath = java.net.URI.create(pdf.getString("url")).getPath();
        return new JsonObject().put("slug", slug).put("title", "Juliaca: the families' report").put("summary", "A year on.")
                .put("body", "The report is [here](" + pdfPath + ").").put("published", "2025-01-09")
                .put("topics", new JsonArray().add("justice-and-impunity")).put("regions", new JsonArray().add("puno"))
                .put("language", "en").put("image", image).encode();
    }

    /** The upload's file of this width. */
    private static JsonObject rendition(int width) {
        for (Object each : photo.getJsonArray("renditions")) {
            JsonObject file = (JsonObject) each;
            if (file.getInteger("width") == width) {
                return file;
            }
        }
        throw new AssertionError("no rendition " + width + " in " + photo);
    }

    @Test
    void feedsAndPagesCarryTheLeadPhotoAndTheLinkedDocument() {
        JsonObject image = new JsonObject().put("id", photo.getLong("id")).put("alt", "Families holding photographs in Juliaca")
                .put("caption", "Juliaca, January 2024.").put("credit", "Ana Quispe");
        assertEquals(201, server.api("POST", "/api/articles", article("juliaca-report", image)).statusCode());
        JsonObject full = rendition(1000);
        JsonObject thumbnail = rendition(480);
        JsonObject document = pdf.getJsonArray("renditions").getJsonObject(0);

        // RSS: one enclosure (the photo), Media RSS for both, with the photo's alt text, caption, credit and thumbnail
        byte[] rss = server.getBytes("/feeds/topics/justice-and-impunity.rss").body();
        assertTrue(FeedChecks.check(FeedFormat.RSS, rss, PUBLIC + "/feeds/topics/justice-and-impunity.rss").get(0)
                .endsWith(":articles/juliaca-report"), "valid, the article first");
        Element item = Jsoup.parse(new String(rss, StandardCharsets.UTF_8), "", org.jsoup.parser.Parser.xmlParser())
                .selectFirst("item");
        Element enclosure = item.selectFirst("enclosure");
        assertEquals(full.getString("url"), enclosure.attr("url"));
        assertEquals("image/jpeg", enclosure.attr("type"));
        assertEquals(String.valueOf(full.getLong("length")), enclosure.attr("length"));
        assertEquals(1, item.select("enclosure").size());
        List<Element> contents = item.select("media|content");
        assertEquals(2, contents.size());
        assertEquals(List.of(full.getString("url"), document.getString("url")), contents.stream().map(e -> e.attr("url")).toList());
        assertEquals("1000", contents.get(0).attr("width"));
        assertEquals("image", contents.get(0).attr("medium"));
        assertEquals("Families holding photographs in Juliaca", contents.get(0).selectFirst("media|title").text());
        assertEquals("Ana Quispe", contents.get(0).selectFirst("media|credit").text());
        assertEquals(thumbnail.getString("url"), contents.get(0).selectFirst("media|thumbnail").attr("url"));
        assertEquals("application/pdf", contents.get(1).attr("type"));
        assertEquals(String.valueOf(document.getLong("length")), contents.get(1).attr("fileSize"));

        // Atom: an enclosure link for each, with its length
        byte[] atom = server.getBytes("/feeds/all.atom").body();
        assertTrue(FeedChecks.check(FeedFormat.ATOM, atom, PUBLIC + "/feeds/all.atom").stream()
                .anyMatch(id -> id.endsWith(":articles/juliaca-report")));
        Document atomDoc = Jsoup.parse(new String(atom, StandardCharsets.UTF_8), "", org.jsoup.parser.Parser.xmlParser());
        Element entry = atomDoc.select("entry").stream().filter(e -> e.selectFirst("id").text().endsWith(":articles/juliaca-report"))
                .findFirst().orElseThrow();
        List<Element> links = entry.select("link[rel=enclosure]");
        assertEquals(List.of(full.getString("url"), document.getString("url")), links.stream().map(e -> e.attr("href")).toList());
        assertEquals(String.valueOf(document.getLong("length")), links.get(1).attr("length"));
        assertEquals("application/pdf", links.get(1).attr("type"));

        // JSON Feed: the photo as the item's image, both as attachments
        byte[] json = server.getBytes("/feeds/regions/puno.json").body();
        assertTrue(FeedChecks.check(FeedFormat.JSON, json, PUBLIC + "/feeds/regions/puno.json").get(0)
                .endsWith(":articles/juliaca-report"));
        JsonObject jsonItem = new JsonObject(Buffer.buffer(json)).getJsonArray("items").getJsonObject(0);
        assertEquals(full.getString("url"), jsonItem.getString("image"));
        JsonArray attachments = jsonItem.getJsonArray("attachments");
        assertEquals(2, attachments.size());
        assertEquals("application/pdf", attachments.getJsonObject(1).getString("mime_type"));
        assertEquals(document.getLong("length"), attachments.getJsonObject(1).getLong("size_in_bytes"));

        // the page: the photo in every width, its alt text, caption and credit; a shared link shows it
        Document page = Jsoup.parse(server.get("/articles/juliaca-report").body());
        Element img = page.selectFirst("article figure img");
        assertEquals("Families holding photographs in Juliaca", img.attr("alt"));
        assertEquals(rendition(960).getString("url"), img.attr("src"));
        assertEquals(full.getString("url") + " 1000w, " + rendition(960).getString("url") + " 960w, " + thumbnail.getString("url")
                + " 480w", img.attr("srcset"));
        assertEquals("Juliaca, January 2024. Photo: Ana Quispe", page.selectFirst("article figcaption").text());
        assertEquals(full.getString("url"), page.selectFirst("meta[property=og:image]").attr("content"));
        assertEquals("Families holding photographs in Juliaca", page.selectFirst("meta[property=og:image:alt]").attr("content"));
        assertEquals("summary_large_image", page.selectFirst("meta[name=twitter:card]").attr("content"));
        assertEquals("Juliaca: the families' report", page.selectFirst("meta[property=og:title]").attr("content"));
        assertEquals(PUBLIC + "/articles/juliaca-report", page.selectFirst("meta[property=og:url]").attr("content"));
    }

    @Test
    void aLeadImageMustBeAnUploadedPhoto() {
        var missing = server.api("POST", "/api/articles", article("no-such-photo", new JsonObject().put("id", 999_999)
                .put("alt", "x")));
        assertEquals(400, missing.statusCode());
        assertTrue(missing.body().contains("\"field\" : \"image.id\"") && missing.body().contains("no upload number 999999"),
                missing.body());
        var document = server.api("POST", "/api/articles", article("document-as-photo", new JsonObject()
                .put("id", pdf.getLong("id")).put("alt", "x")));
        assertEquals(400, document.statusCode());
        assertTrue(document.body().contains("is a document, not a photo"), document.body());
        var noAlt = server.api("POST", "/api/articles", article("photo-without-alt", new JsonObject()
                .put("id", photo.getLong("id"))));
        assertEquals(400, noAlt.statusCode());
        assertTrue(noAlt.body().contains("describe what it shows"), noAlt.body());
        assertEquals(404, server.get("/articles/no-such-photo").statusCode());
    }

    @Test
    void aPhotoNumberAskedForBeforeItsUploadIsFoundOnceItIsUploaded() throws Exception {
        long next = Math.max(photo.getLong("id"), pdf.getLong("id")) + 1;
        JsonObject image = new JsonObject().put("id", next).put("alt", "A grey square");
        assertEquals(400, server.api("POST", "/api/articles", article("too-early", image)).statusCode());
        JsonObject uploaded = upload(Fixture.bytes("opaque.png"), "square.png", "image/png", "A grey square");
        org.junit.jupiter.api.Assumptions.assumeTrue(uploaded.getLong("id") == next, "uploads are numbered one after another");
        var saved = server.api("POST", "/api/articles", article("too-early", image));
        assertEquals(201, saved.statusCode(), "'not found' was not kept: " + saved.body());
    }
}
