package uk.org.perusupportgroup.quipu.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
import uk.org.perusupportgroup.quipu.media.Fixture;

/**
 * The staff page of photos and documents, {@code /admin/media}, on a running server: a photo uploaded through its form
 * (real multipart/form-data, a signed-in staff member's session and its CSRF token) is listed with its number, its
 * thumbnail and the Markdown that places it, under the staff member's name; a PDF by HTTP Basic with the admin token; a
 * refused file shows the page again with its sentence beside the field, nothing stored; a post without the session's
 * CSRF token, or from another site, is refused {@code 403}.
 */
class StaffMediaIT {

    private static final String NAME = "Rosa Quispe";
    private static final String PASSWORD = "a long staff password";
    private static final String ALT = "Families of the victims with their photographs outside the court in Lima";
    private static final Pattern SESSION_COOKIE = Pattern.compile("quipu_staff=([A-Za-z0-9_-]{43});.*");
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(("editor:" + TestServer.TOKEN)
            .getBytes(StandardCharsets.UTF_8));

    private static TestServer server;
    private static Vertx vertx;
    private static WebClient client;
    private static String session;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("QUIPU_MEDIA_MAX_BYTES", "1MB"));
        vertx = Vertx.vertx();
        client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
        server.addStaff(NAME, PASSWORD);
        var signedIn = server.send(server.request("/admin/signin").header("Origin", server.base)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=" + encode(NAME) + "&password=" + encode(PASSWORD)
                        + "&then=" + encode("/admin/media"))).build());
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        Matcher cookie = SESSION_COOKIE.matcher(signedIn.headers().firstValue("Set-Cookie").orElseThrow());
        assertTrue(cookie.matches());
        session = cookie.group(1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aPhotoUploadedThroughTheStaffPageIsListedWithItsNumberAndItsMarkdown() throws Exception {
        Document page = page("/admin/media");
        assertNotNull(page.selectFirst("nav a[href=/admin/media]"), "in the staff navigation");
        Element form = page.selectFirst("form[action=/admin/media]");
        assertEquals("multipart/form-data", form.attr("enctype"));
        assertEquals("image/jpeg,image/png,image/webp,image/gif,application/pdf", form.selectFirst("input[name=file]").attr("accept"));
        assertTrue(form.selectFirst("label[for=alt]").text().contains("required for a photo"));

        HttpResponse<Buffer> uploaded = post(upload("gps-exif.jpg", "image/jpeg", ALT).attribute("csrf", csrf(page)),
                "Cookie", "quipu_staff=" + session);
        assertEquals(303, uploaded.statusCode(), uploaded.bodyAsString());
        String location = uploaded.getHeader("Location");
        assertTrue(location.matches("/admin/media\\?done=[0-9]+"), location);
        String id = location.substring(location.indexOf('=') + 1);

        Document done = page(location);
        Element notice = done.selectFirst("#uploaded");
        assertTrue(notice.text().startsWith("Uploaded: number " + id + " (Photo)."), notice.text());
        String snippet = notice.selectFirst("input#uploaded-snippet").attr("value");
        assertTrue(snippet.matches("!\\[" + Pattern.quote(ALT) + "]\\(/media/[0-9a-f]{20}-960\\.jpg\\)"), snippet);
        assertEquals(200, server.getBytes(snippet.substring(snippet.indexOf("(/") + 1, snippet.length() - 1)).statusCode());

        Element row = done.selectFirst("tr#media-" + id);
        assertEquals(id, row.selectFirst("td").text(), "its number, for the article form's Photo number");
        Element thumbnail = row.selectFirst("img");
        assertEquals(ALT, thumbnail.attr("alt"));
        assertTrue(thumbnail.attr("src").matches("/media/[0-9a-f]{20}-480\\.jpg"), "the smallest copy: " + thumbnail.attr("src"));
        assertEquals(200, server.getBytes(thumbnail.attr("src")).statusCode());
        assertTrue(row.text().contains("Photo, 1000 × 1100 pixels"), row.text());
        assertTrue(row.text().contains(" by " + NAME), "recorded under the staff member's name: " + row.text());
        assertEquals(snippet, row.selectFirst("input[id^=snippet-]").attr("value"));
        MediaIT.assertUploadsCleaned(server);
    }

    @Test
    void aPdfUploadedWithTheAdminTokenIsLinkedByItsCaption() throws Exception {
        MultipartForm form = MultipartForm.create().attribute("caption", "Informe anual [2025]")
                .binaryFileUpload("file", "informe.pdf", Buffer.buffer(Fixture.bytes("document.pdf")), "application/pdf");
        HttpResponse<Buffer> uploaded = post(form, "Authorization", BASIC);
        assertEquals(303, uploaded.statusCode(), "HTTP Basic: no session, no CSRF token, the Origin only; " + uploaded.bodyAsString());
        String location = uploaded.getHeader("Location");
        Document done = Jsoup.parse(server.get(location, "Authorization", BASIC).body());
        String snippet = done.selectFirst("#uploaded-snippet").attr("value");
        assertTrue(snippet.matches("\\[Informe anual \\\\\\[2025\\\\]]\\(/media/[0-9a-f]{20}\\.pdf\\)"), snippet);
        Element row = done.selectFirst("tr#media-" + location.substring(location.indexOf('=') + 1));
        assertTrue(row.text().contains("PDF document") && row.text().contains(" by admin token"), row.text());
        assertEquals(snippet.substring(snippet.indexOf("(/") + 1, snippet.length() - 1), row.selectFirst("a").attr("href"));
    }

    @Test
    void aRefusedFileShowsThePageAgainWithItsSentenceAndNothingIsStored() throws Exception {
        int before = stored();
        String csrf = csrf(page("/admin/media"));
        HttpResponse<Buffer> svg = post(upload("svg-with-script.png", "image/png", "A logo").attribute("csrf", csrf),
                "Cookie", "quipu_staff=" + session);
        assertEquals(415, svg.statusCode());
        Document page = Jsoup.parse(svg.bodyAsString());
        assertEquals("SVG images are not accepted: they can carry scripts; export it as PNG", page.selectFirst("#file-error").text());
        assertEquals("file-error", page.selectFirst("input[name=file]").attr("aria-describedby"));
        assertEquals("A logo", page.selectFirst("input[name=alt]").attr("value"), "what was typed is kept");
        assertNotNull(page.selectFirst("[role=alert]"));

        HttpResponse<Buffer> noAlt = post(upload("photo.webp", "image/webp", "").attribute("csrf", csrf), "Cookie", "quipu_staff=" + session);
        assertEquals(400, noAlt.statusCode());
        Document altPage = Jsoup.parse(noAlt.bodyAsString());
        assertTrue(altPage.selectFirst("#alt-error").text().startsWith("alt: required for an image"), altPage.selectFirst("#alt-error").text());
        assertNull(altPage.selectFirst("#file-error"));

        HttpResponse<Buffer> huge = post(MultipartForm.create().attribute("csrf", csrf).attribute("alt", "big")
                .binaryFileUpload("file", "big.jpg", Buffer.buffer(new byte[3 * 1024 * 1024]), "image/jpeg"), "Cookie", "quipu_staff=" + session);
        assertEquals(413, huge.statusCode());
        assertEquals("the file is larger than the limit of 1 MB: make it smaller (a photo 2400 pixels wide is plenty)",
                Jsoup.parse(huge.bodyAsString()).selectFirst("#file-error").text(), huge.bodyAsString());
        assertEquals(before, stored(), "nothing stored");
        MediaIT.assertUploadsCleaned(server);
    }

    @Test
    void anUploadWithoutTheSessionsCsrfTokenOrFromAnotherSiteIsRefused() throws Exception {
        int before = stored();
        HttpResponse<Buffer> without = post(upload("opaque.png", "image/png", "A square"), "Cookie", "quipu_staff=" + session);
        assertEquals(403, without.statusCode());
        assertTrue(without.bodyAsString().contains("lacks its security token"), without.bodyAsString());
        HttpResponse<Buffer> wrong = post(upload("opaque.png", "image/png", "A square").attribute("csrf", "x".repeat(43)),
                "Cookie", "quipu_staff=" + session);
        assertEquals(403, wrong.statusCode());
        HttpResponse<Buffer> crossSite = client.postAbs(server.base + "/admin/media").timeout(30_000)
                .putHeader("Origin", "https://evil.example").putHeader("Authorization", BASIC)
                .sendMultipartForm(upload("opaque.png", "image/png", "A square")).toCompletionStage().toCompletableFuture().get();
        assertEquals(403, crossSite.statusCode());
        assertTrue(crossSite.bodyAsString().contains("must be sent from this site's own pages"), crossSite.bodyAsString());
        assertEquals(before, stored(), "nothing stored");
        MediaIT.assertUploadsCleaned(server);
    }

    private static Document page(String path) {
        var page = server.get(path, "Cookie", "quipu_staff=" + session);
        assertEquals(200, page.statusCode(), page.body());
        return Jsoup.parse(page.body());
    }

    private static String csrf(Document page) {
        return page.selectFirst("form[action=/admin/media] input[name=csrf]").attr("value");
    }

    private static MultipartForm upload(String fixture, String type, String alt) {
        return MultipartForm.create().attribute("alt", alt).attribute("caption", "Marcha por la justicia, Lima")
                .attribute("credit", "Foto: PSG").binaryFileUpload("file", fixture, Buffer.buffer(Fixture.bytes(fixture)), type);
    }

    /** A post of the staff form from the site's own page (its Origin), with more headers. */
    private static HttpResponse<Buffer> post(MultipartForm form, String... headers) throws Exception {
        var request = client.postAbs(server.base + "/admin/media").timeout(30_000).putHeader("Origin", server.base)
                .putHeader("Accept", "text/html");
        for (int i = 0; i < headers.length; i += 2) {
            request.putHeader(headers[i], headers[i + 1]);
        }
        return request.sendMultipartForm(form).toCompletionStage().toCompletableFuture().get();
    }

    /** How many uploads are stored. */
    private static int stored() {
        return new JsonObject(server.api("GET", "/api/media", null).body()).getJsonArray("media").size();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
