package uk.org.perusupportgroup.quipu.web;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.org.perusupportgroup.quipu.TestServer;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.media.CleanFiles;
import uk.org.perusupportgroup.quipu.media.Fixture;
import uk.org.perusupportgroup.quipu.store.TestDatabases;

/**
 * Photos and documents through the running service: two instances on one PostgreSQL database; uploads (real
 * multipart/form-data, Vert.x's WebClient) to the first, every file served by the second, immutable and without a
 * trace of the photo's metadata; each hostile upload refused with its sentence; the upload directory left empty.
 */
class MediaIT {

    /** The file limit here: 1 MB (a request may carry 1 MB more, for the form's text fields). */
    private static final int LIMIT = 1024 * 1024;

    /** The public address both instances stand behind. */
    private static final String PUBLIC = "https://quipu.example.org";

    private static Vertx vertx;
    private static WebClient client;
    private static TestServer first;
    private static TestServer second;

    @BeforeAll
    static void start() throws Exception {
        QuipuConfig.Db db = TestDatabases.postgresConfig("media");
        Map<String, String> env = new HashMap<>(Map.of("QUIPU_DB_URL", db.url(), "QUIPU_MEDIA_MAX_BYTES", "1MB",
                "QUIPU_BASE_URL", PUBLIC));
        first = TestServer.start(env);
        second = TestServer.start(env);
        vertx = Vertx.vertx();
        client = WebClient.create(vertx);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
        for (TestServer server : new TestServer[] {second, first}) {
            if (server != null) {
                server.close();
            }
        }
    }

    private static HttpResponse<Buffer> upload(TestServer server, MultipartForm form, String token) throws Exception {
        var request = client.postAbs(server.base + "/api/media").timeout(30_000);
        if (token != null) {
            request.bearerTokenAuthentication(token);
        }
        return request.sendMultipartForm(form).toCompletionStage().toCompletableFuture().get();
    }

    private static MultipartForm form(byte[] file, String name, String type, String alt) {
        MultipartForm form = MultipartForm.create();
        if (alt != null) {
            form.attribute("alt", alt);
        }
        return form.attribute("caption", "Marcha por la justicia, Lima").attribute("credit", "Foto: PSG")
                .binaryFileUpload("file", name, Buffer.buffer(file), type);
    }

    private static String path(String url) {
        return URI.create(url).getRawPath();
    }

    @Test
    void aPhotoUploadedToOneInstanceIsServedCleanByTheOther() throws Exception {
        byte[] photo = Fixture.bytes("gps-exif.jpg");
        HttpResponse<Buffer> created = upload(first, form(photo, "IMG_2041.JPG", "image/jpeg",
                "Families of the victims with their photographs outside the court in Lima"), TestServer.TOKEN);
        assertEquals(201, created.statusCode(), created.bodyAsString());
        JsonObject body = created.bodyAsJsonObject();
        assertEquals("image", body.getString("kind"));
        assertEquals("image/jpeg", body.getString("type"));
        assertEquals(1000, body.getInteger("width"), "turned upright by its EXIF orientation");
        assertEquals(1100, body.getInteger("height"));
        assertEquals("IMG_2041.JPG", body.getString("originalName"));
        assertTrue(body.getString("url").matches(Pattern.quote(PUBLIC) + "/media/[0-9a-f]{20}-1000\\.jpg"), body.getString("url"));
        JsonArray renditions = body.getJsonArray("renditions");
        assertEquals(List.of(1000, 960, 480), renditions.stream().map(r -> ((JsonObject) r).getInteger("width")).toList());
        assertEquals(body.getString("url"), renditions.getJsonObject(0).getString("url"));

        for (Object each : renditions) {
            JsonObject rendition = (JsonObject) each;
            String path = path(rendition.getString("url"));
            java.net.http.HttpResponse<byte[]> served = second.getBytes(path);
            assertEquals(200, served.statusCode(), path);
            var headers = served.headers();
            assertEquals("image/jpeg", headers.firstValue("Content-Type").orElseThrow());
            assertEquals("public, max-age=31536000, immutable", headers.firstValue("Cache-Control").orElseThrow());
            String name = path.substring(path.lastIndexOf('/') + 1);
            String etag = headers.firstValue("ETag").orElseThrow();
            assertEquals("\"" + name.substring(0, name.indexOf('.')) + "\"", etag, "strong, the content hash and width");
            assertEquals("nosniff", headers.firstValue("X-Content-Type-Options").orElseThrow());
            assertEquals("default-src 'none'; sandbox", headers.firstValue("Content-Security-Policy").orElseThrow());
            assertEquals("inline; filename=\"" + name + "\"", headers.firstValue("Content-Disposition").orElseThrow());
            assertEquals(rendition.getLong("length"), (long) served.body().length);
            CleanFiles.assertClean(served.body(), path);
            assertEquals(304, second.getBytes(path, "If-None-Match", etag).statusCode());
            assertEquals(304, first.getBytes(path, "If-None-Match", "\"other\", " + etag).statusCode());
            assertArrayEquals(served.body(), first.getBytes(path).body(), "both instances serve the same bytes");
            // read again, now from the cache (answered before the route table): the same answer
            java.net.http.HttpResponse<byte[]> cached = second.getBytes(path);
            assertEquals(headers.map(), cached.headers().map());
            assertArrayEquals(served.body(), cached.body());
            java.net.http.HttpResponse<String> head = second.send(second.request(path)
                    .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(200, head.statusCode());
            assertEquals(etag, head.headers().firstValue("ETag").orElseThrow());
            assertEquals(String.valueOf(served.body().length), head.headers().firstValue("Content-Length").orElseThrow());
            assertEquals("", head.body());
            java.net.http.HttpResponse<String> post = second.send(second.request(path)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x")).build());
            assertEquals(405, post.statusCode(), "only read: " + post.body());
        }

        // the same file again: nothing new is stored, the first upload answers
        HttpResponse<Buffer> again = upload(second, form(photo, "copy.jpg", "image/jpeg", "other words"), TestServer.TOKEN);
        assertEquals(200, again.statusCode(), again.bodyAsString());
        assertEquals(body.getLong("id"), again.bodyAsJsonObject().getLong("id"));

        java.net.http.HttpResponse<String> listed = second.api("GET", "/api/media", null);
        assertTrue(listed.body().contains(body.getString("url")), listed.body());
        java.net.http.HttpResponse<String> one = second.api("GET", "/api/media/" + body.getLong("id"), null);
        assertEquals(200, one.statusCode());
        assertEquals("Families of the victims with their photographs outside the court in Lima",
                new JsonObject(one.body()).getString("alt"));
        assertEquals(404, second.api("GET", "/api/media/999999", null).statusCode());
    }

    @Test
    void aPdfIsKeptAsSentAndAPhotoFromAnyFormatComesOutAsJpegOrPng() throws Exception {
        byte[] pdf = Fixture.bytes("document.pdf");
        HttpResponse<Buffer> created = upload(first, form(pdf, "informe anual.pdf", "application/pdf", null), TestServer.TOKEN);
        assertEquals(201, created.statusCode(), created.bodyAsString());
        JsonObject body = created.bodyAsJsonObject();
        assertEquals("document", body.getString("kind"));
        assertEquals("application/pdf", body.getString("type"));
        java.net.http.HttpResponse<byte[]> served = second.getBytes(path(body.getString("url")));
        assertArrayEquals(pdf, served.body());
        assertEquals("application/pdf", served.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(served.headers().firstValue("Content-Disposition").orElseThrow().startsWith("inline"));

        HttpResponse<Buffer> webp = upload(first, form(Fixture.bytes("alpha.webp"), "logo.webp", "image/webp",
                "The Peru Support Group's logo"), TestServer.TOKEN);
        assertEquals(201, webp.statusCode(), webp.bodyAsString());
        assertEquals("image/png", webp.bodyAsJsonObject().getString("type"), "transparency kept: PNG");
        java.net.http.HttpResponse<byte[]> png = second.getBytes(path(webp.bodyAsJsonObject().getString("url")));
        assertEquals("image/png", png.headers().firstValue("Content-Type").orElseThrow());
        CleanFiles.assertClean(png.body(), "logo");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        svg-with-script.png | image/png       | a logo | 415 | SVG images are not accepted: they can carry scripts; export it as PNG
        polyglot.jpg        | image/jpeg      | a view | 415 | the file holds HTML markup as well as an image: refused
        huge-ihdr.png       | image/png       | a map  | 413 | the image claims 100000 × 100000 pixels, more than the limit of 50 megapixels: make it smaller
        page.html           | text/html       | a page | 415 | HTML pages are not accepted: send a JPEG, PNG, WebP or GIF image or a PDF document
        notes.txt           | text/plain      | notes  | 415 | 'notes.txt' is not a JPEG, PNG, WebP, GIF or PDF file
        empty.jpg           | image/jpeg      | none   | 400 | the file is empty: choose the photo or PDF again
        truncated.jpg       | image/jpeg      | a half | 400 | the JPEG image cannot be read: the file is truncated or damaged; export it again
        photo.webp          | image/webp      |        | 400 | alt: required for an image: describe what it shows for people who cannot see it
        """)
    void aHostileOrIncompleteUploadIsRefusedWithItsSentence(String file, String type, String alt, int status, String message)
            throws Exception {
        HttpResponse<Buffer> refused = upload(first, form(Fixture.bytes(file), file, type, alt), TestServer.TOKEN);
        assertEquals(status, refused.statusCode(), refused.bodyAsString());
        assertEquals(message, refused.bodyAsJsonObject().getString("error"));
        assertUploadsCleaned(first);
    }

    @Test
    void aFileOverTheLimitIsRefusedWhileItArrivesOrOnceRead() throws Exception {
        String message = "the file is larger than the limit of 1 MB: make it smaller (a photo 2400 pixels wide is plenty)";
        // a little over: read whole, refused by the check of its size
        HttpResponse<Buffer> over = upload(first, form(new byte[LIMIT + 1], "big.jpg", "image/jpeg", "big"), TestServer.TOKEN);
        assertEquals(413, over.statusCode(), over.bodyAsString());
        assertEquals(message, over.bodyAsJsonObject().getString("error"));
        // far over: refused while it arrives, by the upload route's body limit
        HttpResponse<Buffer> far = upload(first, form(new byte[3 * LIMIT], "huge.jpg", "image/jpeg", "huge"), TestServer.TOKEN);
        assertEquals(413, far.statusCode(), far.bodyAsString());
        assertEquals(message, far.bodyAsJsonObject().getString("error"));
        assertUploadsCleaned(first);
    }

    @Test
    void uploadsNeedTheTokenAFormAndAFile() throws Exception {
        HttpResponse<Buffer> anonymous = upload(first, form(Fixture.bytes("photo.webp"), "p.webp", "image/webp", "x"), null);
        assertEquals(401, anonymous.statusCode());
        java.net.http.HttpResponse<String> json = first.api("POST", "/api/media", "{\"file\": \"x\"}");
        assertEquals(415, json.statusCode());
        assertEquals("send the file as multipart/form-data, with the fields file, alt, caption and credit",
                new JsonObject(json.body()).getString("error"));
        HttpResponse<Buffer> noFile = upload(first, MultipartForm.create().attribute("alt", "x"), TestServer.TOKEN);
        assertEquals(400, noFile.statusCode());
        assertEquals("no file: send it in the form field 'file'", noFile.bodyAsJsonObject().getString("error"));
    }

    @Test
    void anUnknownFileIs404() {
        java.net.http.HttpResponse<String> unknown = second.get("/media/00000000000000000000-480.jpg");
        assertEquals(404, unknown.statusCode());
        assertEquals("no such file: 00000000000000000000-480.jpg\n", unknown.body());
        assertEquals(404, second.get("/media/..%2Fadmin-token").statusCode());
        assertEquals(404, second.get("/media/photo.svg").statusCode());
    }

    /** Every uploaded file is deleted once its request has been answered (the staff page's uploads too). */
    static void assertUploadsCleaned(TestServer server) {
        Path uploads = server.config.dataDir().resolve("uploads");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            if (Files.isDirectory(uploads)) {
                try (Stream<Path> files = Files.list(uploads)) {
                    assertEquals(List.of(), files.toList());
                }
            }
        });
    }
}
