package uk.org.perusupportgroup.quipu.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import uk.org.perusupportgroup.quipu.MutableClock;
import uk.org.perusupportgroup.quipu.TestServer;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.store.TestDatabases;

/**
 * Named staff on two instances sharing one PostgreSQL database: a staff member made with the {@code staff add} command
 * signs in on one instance and is let in by the other with the same cookie; the cookie's attributes exactly; form posts
 * of a session need its CSRF token; signing out ends the session everywhere; an idle session ends; a wrong name and a
 * wrong password get the same answer and count against the client until it is turned away. The cookie is sent back by
 * hand: Java's CookieManager (like Vert.x's WebClientSession) keeps a Secure cookie but returns it only over https, even
 * to 127.0.0.1; Chromium returns it over http to a loopback address ({@link StaffSignInBrowserIT}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StaffSignInIT {

    private static final String NAME = "Ana Núñez";
    private static final String PASSWORD = "a long staff password";
    private static final Pattern SESSION_COOKIE = Pattern.compile("quipu_staff=([A-Za-z0-9_-]{43}); Path=/admin; HttpOnly; Secure; SameSite=Strict");
    private static final MutableClock CLOCK = new MutableClock(Instant.now());
    private static TestServer first;
    private static TestServer second;

    @BeforeAll
    static void start() throws Exception {
        QuipuConfig.Db db = TestDatabases.postgresConfig("staff-sign-in");
        Map<String, String> env = Map.of("QUIPU_DB_URL", db.url());
        first = TestServer.start(env, CLOCK);
        second = TestServer.start(env, CLOCK);
        first.addStaff(NAME, PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        for (TestServer server : new TestServer[] {second, first}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    @Order(1)
    void aBrowserWithoutASessionIsSentToSignInAndAScriptIsAskedForBasic() {
        HttpResponse<String> page = first.get("/admin/queue?x=1", "Accept", "text/html,application/xhtml+xml");
        assertEquals(303, page.statusCode());
        assertEquals("/admin/signin?then=" + encode("/admin/queue?x=1"), page.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> script = first.get("/admin/queue");
        assertEquals(401, script.statusCode());
        assertTrue(script.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Basic"));
        HttpResponse<String> post = form(first, "/admin/articles/new", "title=x", "Accept", "text/html");
        assertEquals(403, post.statusCode());
        assertTrue(post.body().contains("you are not signed in"), post.body());

        Document signIn = Jsoup.parse(first.get("/admin/signin?then=" + encode("/admin/queue")).body());
        assertEquals("/admin/queue", signIn.selectFirst("input[name=then]").attr("value"));
        assertEquals("current-password", signIn.selectFirst("input[name=password]").attr("autocomplete"));

        // one person without staff accounts: the browser is asked for the admin token there, and remembers it
        String byToken = signIn.selectFirst("a[href^=/admin/token]").attr("href");
        assertEquals("/admin/token?then=" + encode("/admin/queue"), byToken);
        HttpResponse<String> asked = first.get(byToken, "Accept", "text/html");
        assertEquals(401, asked.statusCode());
        assertTrue(asked.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Basic realm="));
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("me:" + TestServer.TOKEN).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> given = first.get(byToken, "Accept", "text/html", "Authorization", basic);
        assertEquals(303, given.statusCode());
        assertEquals("/admin/queue", given.headers().firstValue("Location").orElseThrow());
    }

    @Test
    @Order(2)
    void aStaffMemberSignsInOnOneInstanceAndTheOtherLetsThemIn() {
        HttpResponse<String> signedIn = signIn(first, NAME, PASSWORD, "/admin/queue");
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        assertEquals("/admin/queue", signedIn.headers().firstValue("Location").orElseThrow(), "back to the page asked for");
        List<String> cookies = signedIn.headers().allValues("Set-Cookie");
        assertEquals(1, cookies.size(), cookies.toString());
        Matcher cookie = SESSION_COOKIE.matcher(cookies.get(0));
        assertTrue(cookie.matches(), cookies.get(0));
        String token = cookie.group(1);

        for (TestServer server : List.of(first, second)) {
            HttpResponse<String> queue = server.get("/admin/queue", "Cookie", "quipu_staff=" + token);
            assertEquals(200, queue.statusCode(), queue.body());
            Document page = Jsoup.parse(queue.body());
            assertEquals("Signed in as " + NAME + " · Sign out", page.selectFirst("nav form").text());
            assertEquals(43, page.selectFirst("nav input[name=csrf]").attr("value").length());
        }
        assertTrue(queue(first, token).contains("name=\"csrf\""));
    }

    @Test
    @Order(3)
    void aSessionsFormPostNeedsItsCsrfTokenBasicNeedsOnlyItsOrigin() {
        String token = signedIn(first);
        Document form = Jsoup.parse(first.get("/admin/articles/new", "Cookie", "quipu_staff=" + token).body());
        String csrf = form.selectFirst("form[action=/admin/articles/new] input[name=csrf]").attr("value");
        String article = "title=Staff+names&summary=Signed+in&published=2025-05-01&language=en&topics=civic-space&regions=national";

        HttpResponse<String> without = form(first, "/admin/articles/new", article, "Cookie", "quipu_staff=" + token);
        assertEquals(403, without.statusCode());
        assertTrue(without.body().contains("lacks its security token"), without.body());
        HttpResponse<String> wrong = form(first, "/admin/articles/new", article + "&csrf=" + csrf.substring(1) + "x",
                "Cookie", "quipu_staff=" + token);
        assertEquals(403, wrong.statusCode());
        assertEquals(404, first.get("/articles/staff-names").statusCode(), "nothing saved");

        HttpResponse<String> with = form(second, "/admin/articles/new", article + "&csrf=" + encode(csrf), "Cookie", "quipu_staff=" + token);
        assertEquals(303, with.statusCode(), with.body());
        assertEquals(200, first.get("/articles/staff-names").statusCode());

        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("script:" + TestServer.TOKEN).getBytes(StandardCharsets.UTF_8));
        // the save is Ana's: her name on its revision, and on the refusal of a save made from an older version
        assertEquals(NAME, new io.vertx.core.json.JsonObject(first.api("GET", "/api/articles/staff-names/revisions", null).body())
                .getJsonArray("revisions").getJsonObject(0).getString("by"));
        HttpResponse<String> stale = form(first, "/admin/articles/staff-names/edit", article + "&version=%22v1%22",
                "Authorization", basic);
        assertEquals(412, stale.statusCode());
        assertTrue(Jsoup.parse(stale.body()).text().contains("this article was changed by " + NAME + " at "), stale.body());
        HttpResponse<String> byToken = form(first, "/admin/articles/staff-names/delete", "", "Authorization", basic);
        assertEquals(303, byToken.statusCode(), "HTTP Basic with the admin token: no session, no CSRF token");
        assertTrue(first.get("/admin/articles", "Authorization", basic).body().contains("Signed in with the admin token"));

        // Chromium's own form on a page with Referrer-Policy: no-referrer: Origin null, Sec-Fetch-Site same-origin
        HttpResponse<String> ownPage = send(first, "/admin/articles/new", article.replace("Staff+names", "Browser+form")
                + "&csrf=" + encode(csrf), "Cookie",
                "quipu_staff=" + token, "Origin", "null", "Sec-Fetch-Site", "same-origin");
        assertEquals(303, ownPage.statusCode(), ownPage.body());
        HttpResponse<String> otherSite = send(first, "/admin/articles/browser-form/delete", "csrf=" + encode(csrf), "Cookie",
                "quipu_staff=" + token, "Origin", "null", "Sec-Fetch-Site", "cross-site");
        assertEquals(403, otherSite.statusCode());
        assertTrue(otherSite.body().contains("must be sent from this site's own pages"), otherSite.body());
        assertEquals(303, form(first, "/admin/articles/browser-form/delete", "", "Authorization", basic).statusCode());
    }

    /** A form post with only the headers given. */
    private static HttpResponse<String> send(TestServer server, String path, String body, String... headers) {
        return server.send(server.request(path).header("Content-Type", "application/x-www-form-urlencoded").headers(headers)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    @Order(4)
    void signingOutEndsTheSessionOnEveryInstance() {
        String token = signedIn(first);
        String csrf = Jsoup.parse(queue(second, token)).selectFirst("nav input[name=csrf]").attr("value");
        HttpResponse<String> out = form(second, "/admin/signout", "csrf=" + encode(csrf), "Cookie", "quipu_staff=" + token);
        assertEquals(303, out.statusCode(), out.body());
        assertEquals("/admin/signin?out", out.headers().firstValue("Location").orElseThrow());
        assertEquals("quipu_staff=; Path=/admin; HttpOnly; Secure; SameSite=Strict; Max-Age=0",
                out.headers().firstValue("Set-Cookie").orElseThrow());
        assertTrue(first.get("/admin/signin?out").body().contains("You are signed out."));
        for (TestServer server : List.of(first, second)) {
            HttpResponse<String> after = server.get("/admin/queue", "Cookie", "quipu_staff=" + token, "Accept", "text/html");
            assertEquals(303, after.statusCode());
            assertTrue(after.headers().firstValue("Location").orElseThrow().startsWith("/admin/signin?then="));
        }
    }

    @Test
    @Order(5)
    void anIdleSessionEnds() {
        String token = signedIn(first);
        CLOCK.advance(Duration.ofHours(11));
        assertEquals(200, second.get("/admin/queue", "Cookie", "quipu_staff=" + token).statusCode());
        CLOCK.advance(Duration.ofHours(11));
        assertEquals(200, first.get("/admin/queue", "Cookie", "quipu_staff=" + token).statusCode(), "used 11 hours ago");
        CLOCK.advance(Duration.ofHours(12).plusMinutes(1));
        HttpResponse<String> expired = second.get("/admin/queue", "Cookie", "quipu_staff=" + token, "Accept", "text/html");
        assertEquals(303, expired.statusCode(), "12 hours unused");
        assertEquals("quipu_staff=; Path=/admin; HttpOnly; Secure; SameSite=Strict; Max-Age=0",
                expired.headers().firstValue("Set-Cookie").orElseThrow());
        assertEquals(401, first.get("/admin/queue", "Cookie", "quipu_staff=" + token).statusCode());
    }

    @Test
    @Order(6)
    void aPageOutsideTheStaffPagesIsNeverWhereSignInLeads() {
        for (String then : new String[] {"https://evil.example/", "//evil.example/admin", "/admin/../articles", "/admin/./x",
                "/admin/..", "/articles", "/admin\\evil", "/admin/signin"}) {
            HttpResponse<String> signedIn = signIn(first, NAME, PASSWORD, then);
            assertEquals(303, signedIn.statusCode());
            assertEquals("/admin/articles", signedIn.headers().firstValue("Location").orElseThrow(), then);
        }
        assertEquals("/admin/articles/new?x=1", signIn(first, NAME, PASSWORD, "/admin/articles/new?x=1").headers()
                .firstValue("Location").orElseThrow());
    }

    @Test
    @Order(7)
    void aWrongNameAndAWrongPasswordGetTheSameAnswerUntilTheClientIsTurnedAway() {
        HttpResponse<String> wrongPassword = signIn(second, NAME, "not the password", "/admin/articles");
        HttpResponse<String> wrongName = signIn(second, "Ana", PASSWORD, "/admin/articles");
        for (HttpResponse<String> wrong : List.of(wrongPassword, wrongName)) {
            assertEquals(403, wrong.statusCode());
            assertTrue(wrong.headers().allValues("Set-Cookie").isEmpty());
            assertEquals("wrong name or password", Jsoup.parse(wrong.body()).selectFirst("[role=alert]").text());
        }
        for (int i = 3; i <= 10; i++) {
            assertEquals(403, signIn(second, NAME, "guess number " + i, "/admin/articles").statusCode());
        }
        HttpResponse<String> turnedAway = signIn(second, NAME, PASSWORD, "/admin/articles");
        assertEquals(429, turnedAway.statusCode(), "even with the right password");
        assertTrue(turnedAway.body().startsWith("too many wrong names or passwords from your address"), turnedAway.body());
        assertTrue(Long.parseLong(turnedAway.headers().firstValue("Retry-After").orElseThrow()) > 0);
        assertEquals(303, signIn(first, NAME, PASSWORD, "/admin/articles").statusCode(), "each instance counts its own");
    }

    private static String signedIn(TestServer server) {
        HttpResponse<String> signedIn = signIn(server, NAME, PASSWORD, "/admin/articles");
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        Matcher cookie = SESSION_COOKIE.matcher(signedIn.headers().firstValue("Set-Cookie").orElseThrow());
        assertTrue(cookie.matches());
        return cookie.group(1);
    }

    private static String queue(TestServer server, String token) {
        HttpResponse<String> page = server.get("/admin/queue", "Cookie", "quipu_staff=" + token);
        assertEquals(200, page.statusCode());
        return page.body();
    }

    private static HttpResponse<String> signIn(TestServer server, String name, String password, String then) {
        return form(server, "/admin/signin", "name=" + encode(name) + "&password=" + encode(password) + "&then=" + encode(then));
    }

    /** A form post from the site's own page (its Origin), with more headers. */
    private static HttpResponse<String> form(TestServer server, String path, String body, String... headers) {
        HttpRequest.Builder request = server.request(path).header("Origin", server.base)
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (headers.length > 0) {
            request.headers(headers);
        }
        return server.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
