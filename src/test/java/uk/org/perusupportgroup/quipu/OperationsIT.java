package uk.org.perusupportgroup.quipu;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.store.TestDatabases;

/**
 * The operations files as shipped: nginx runs {@code config/nginx/quipu.conf} (only its ports, upstream servers,
 * certificate and log file replaced) in front of two instances on one PostgreSQL database, over TLS; and systemd accepts
 * {@code config/systemd/quipu@.service}. Needs Debian's nginx and openssl ({@code .ci/run} installs them).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsIT {

    private static final Path NGINX_CONF = Path.of("config/nginx/quipu.conf");
    private static final Path UNIT = Path.of("config/systemd/quipu@.service");

    private static TestServer first;
    private static TestServer second;
    private static Path dir;
    private static Process nginx;
    private static int httpPort;
    private static int httpsPort;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        QuipuConfig.Db db = TestDatabases.postgresConfig("operations");
        Map<String, String> env = Map.of("QUIPU_DB_URL", db.url(), "QUIPU_HTTP_BEHIND_PROXY", "true",
                "QUIPU_BASE_URL", "https://feeds.example.org", "QUIPU_ALERTS_SIGNUPS_PER_HOUR", "3");
        first = TestServer.start(env);
        second = TestServer.start(env);
        dir = Files.createTempDirectory("quipu-nginx");
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve("key.pem").toString(),
                "-out", dir.resolve("cert.pem").toString(), "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1"));
        httpPort = freePort();
        httpsPort = freePort();
        Files.writeString(dir.resolve("quipu.conf"), site(Files.readString(NGINX_CONF), List.of(port(first), port(second))));
        Files.writeString(dir.resolve("nginx.conf"), "user root root;\nworker_processes 1;\npid " + dir.resolve("nginx.pid")
                + ";\nerror_log " + dir.resolve("error.log") + ";\nevents { worker_connections 256; }\nhttp {\n"
                // as Debian's nginx.conf: a default log for every server that names none
                + "  access_log " + dir.resolve("default-access.log") + ";\n  client_body_temp_path " + dir.resolve("body") + ";\n  proxy_temp_path "
                + dir.resolve("proxy") + ";\n  include " + dir.resolve("quipu.conf") + ";\n}\n");
        String binary = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
        nginx = new ProcessBuilder(binary, "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        awaitListening(httpsPort);
        client = HttpClient.newBuilder().sslContext(trusting(dir.resolve("cert.pem"))).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
        for (TestServer server : new TestServer[] {second, first}) {
            if (server != null) {
                server.close();
            }
        }
    }

    /** The shipped site with this test's ports, instances and certificate; fails if the file no longer has them. */
    static String site(String shipped, List<Integer> instances) {
        StringBuilder upstream = new StringBuilder();
        for (int port : instances) {
            upstream.append("    server 127.0.0.1:").append(port).append(" max_fails=3 fail_timeout=10s;\n");
        }
        String site = replaceOnce(shipped, "(?m)(^\\s*server 127\\.0\\.0\\.1:\\d+ [^\\n]*\\n)+", upstream.toString());
        site = replaceOnce(site, "listen 80;", "listen 127.0.0.1:" + httpPort + ";");
        site = replaceOnce(site, "listen 443 ssl http2;", "listen 127.0.0.1:" + httpsPort + " ssl http2;");
        site = replaceOnce(site, "ssl_certificate /etc/letsencrypt/live/feeds.perusupportgroup.org.uk/fullchain.pem;",
                "ssl_certificate " + dir.resolve("cert.pem") + ";");
        site = replaceOnce(site, "ssl_certificate_key /etc/letsencrypt/live/feeds.perusupportgroup.org.uk/privkey.pem;",
                "ssl_certificate_key " + dir.resolve("key.pem") + ";");
        return site.replace("access_log /var/log/nginx/quipu.access.log ", "access_log " + dir.resolve("access.log") + " ");
    }

    private static String replaceOnce(String text, String what, String with) {
        Matcher matcher = Pattern.compile(what.startsWith("(?m)") ? what : Pattern.quote(what)).matcher(text);
        assertTrue(matcher.find(), NGINX_CONF + " no longer has " + what);
        String out = text.substring(0, matcher.start()) + with + text.substring(matcher.end());
        assertTrue(!matcher.find(), NGINX_CONF + " has " + what + " more than once");
        return out;
    }

    @Test
    @Order(1)
    void plainHttpIsRedirectedToHttps() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/feeds/all.atom")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(301, response.statusCode());
        assertEquals("https://127.0.0.1/feeds/all.atom", response.headers().firstValue("Location").orElseThrow());
    }

    @Test
    @Order(2)
    void feedsComeThroughNginxFromBothInstancesWithTheirBytesAndValidators() throws Exception {
        byte[] direct = first.getBytes("/feeds/all.atom").body();
        double[] before = {feedRequests(first), feedRequests(second)};
        String etag = null;
        for (int i = 0; i < 20; i++) {
            HttpResponse<byte[]> feed = get("/feeds/all.atom");
            assertEquals(200, feed.statusCode());
            assertArrayEquals(direct, feed.body(), "the instances' bytes, untouched");
            etag = feed.headers().firstValue("ETag").orElseThrow();
        }
        assertTrue(feedRequests(first) > before[0] && feedRequests(second) > before[1], "nginx used both instances");
        assertEquals(304, get("/feeds/all.atom", "If-None-Match", etag).statusCode(), "conditional requests pass through");
        assertEquals(200, get("/health").statusCode(), "/health answers the machine itself");
    }

    @Test
    @Order(2)
    void healthAndMetricsAreForTheMachineOnly() throws Exception {
        for (String path : List.of("/health", "/metrics", "/health/", "/metrics/")) {
            assertTrue(fromAnotherAddress(path).startsWith("HTTP/1.1 403"), path + " from 127.0.0.2");
        }
        assertTrue(fromAnotherAddress("/feeds/all.atom").startsWith("HTTP/1.1 200"), "feeds are for everyone");
    }

    /** The status line of a GET through nginx from 127.0.0.2, another address than the machine's own 127.0.0.1. */
    private static String fromAnotherAddress(String path) throws Exception {
        try (var socket = (javax.net.ssl.SSLSocket) trusting(dir.resolve("cert.pem")).getSocketFactory().createSocket(
                "127.0.0.1", httpsPort, java.net.InetAddress.getByName("127.0.0.2"), 0)) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    /**
     * A subscriber's signed link opens their alerts and data: the access log keeps the path of a subscriber page, never
     * its query string, over https and plain http alike; other requests are logged whole.
     */
    @Test
    @Order(2)
    void theAccessLogKeepsNoSubscriberLinkButEveryOtherRequestWhole() throws Exception {
        String secret = "SECRETtoken0123456789";
        assertEquals(400, get("/subscriptions/manage?token=" + secret + "m").statusCode());
        assertEquals(400, client.send(request("/subscriptions/unsubscribe?token=" + secret + "u")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(301, client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/subscriptions/confirm?token=" + secret + "c")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(200, get("/feeds/search.atom?q=kept-in-the-log").statusCode());

        String lines = await("nginx wrote the lines").atMost(Duration.ofSeconds(5))
                .until(() -> read(dir.resolve("access.log")) + read(dir.resolve("default-access.log")), l -> l.contains("kept-in-the-log"));
        assertFalse(lines.contains(secret), "a subscriber's token in the access log:\n" + lines);
        assertTrue(lines.contains("\"GET /subscriptions/manage HTTP/2.0\" 400"), lines);
        assertTrue(lines.contains("\"POST /subscriptions/unsubscribe HTTP/2.0\" 400"), lines);
        assertTrue(lines.contains("\"GET /subscriptions/confirm HTTP/1.1\" 301"), lines);
        assertTrue(lines.contains("\"GET /feeds/search.atom?q=kept-in-the-log HTTP/2.0\" 200"), lines);
        assertEquals(lines, read(dir.resolve("access.log")), "the site's own log, not nginx's default one");
    }

    private static String read(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @Test
    @Order(3)
    void aClientCannotChooseTheAddressItsSignUpsAreCountedUnder() throws Exception {
        for (int i = 1; i <= 4; i++) {
            HttpResponse<byte[]> response = client.send(request("/subscriptions").header("Content-Type", "application/json")
                    .header("X-Forwarded-For", "198.51.100." + i)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"proxy" + i + "@example.org\", \"query\": \"mining\","
                            + " \"frequency\": \"daily\", \"language\": \"en\"}")).build(), HttpResponse.BodyHandlers.ofByteArray());
            // the proxy replaced the forged header with the real address; the two instances count it together
            assertEquals(i <= 3 ? 202 : 429, response.statusCode(), "request " + i + ": " + new String(response.body()));
        }
    }

    @Test
    @Order(4)
    void whenAnInstanceStopsNginxSendsEveryRequestToTheOther() throws Exception {
        second.close();
        second = null;
        for (int i = 0; i < 10; i++) {
            assertEquals(200, get("/feeds/all.atom").statusCode(), "request " + i);
        }
    }

    @Test
    void systemdAcceptsTheUnit() throws Exception {
        Path units = Files.createTempDirectory("quipu-unit");
        Files.copy(UNIT, units.resolve("quipu@.service"));
        Files.createSymbolicLink(units.resolve("quipu@8081.service"), units.resolve("quipu@.service"));
        String out = run(List.of("systemd-analyze", "verify", "--man=no", units.resolve("quipu@8081.service").toString()));
        assertEquals("", out.strip(), "systemd-analyze has remarks on " + UNIT);
    }

    private static double feedRequests(TestServer server) {
        double total = 0;
        for (String line : server.get("/metrics").body().split("\n")) {
            if (line.startsWith("quipu_feed_requests_total{")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort + path)).timeout(Duration.ofSeconds(20));
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = request(path).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static int port(TestServer server) {
        return URI.create(server.base).getPort();
    }

    private static int freePort() throws Exception {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitListening(int port) throws Exception {
        try {
            await("nginx listening").atMost(Duration.ofSeconds(10)).until(() -> {
                if (!nginx.isAlive()) {
                    throw new IllegalStateException("nginx exited");
                }
                try (Socket ignored = new Socket("127.0.0.1", port)) {
                    return true;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            return;
        } catch (org.awaitility.core.ConditionTimeoutException | IllegalStateException e) {
            // said below, with nginx's own words
        }
        throw new AssertionError("nginx did not start:\n" + Files.readString(dir.resolve("nginx.out")) + "\n"
                + (Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : ""));
    }

    /** Runs a command to its end; returns what it printed; fails naming the command when it fails. */
    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }

    /** A TLS context that trusts exactly this certificate. */
    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("nginx", CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Files.readAllBytes(certificate))));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
