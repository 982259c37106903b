package uk.org.perusupportgroup.quipu;

import com.github.benmanes.caffeine.cache.Ticker;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import uk.org.perusupportgroup.quipu.aggregate.AddressPolicy;
import uk.org.perusupportgroup.quipu.aggregate.HostResolver;
import uk.org.perusupportgroup.quipu.config.ConfigLoader;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;

/**
 * The whole service running in this JVM on a free port, with its own data directory, an in-memory
 * database (or the one given) and a copy of the sample articles it may change; plus a real HTTP client.
 */
public final class TestServer implements AutoCloseable {

    public static final String TOKEN = "test-admin-token-0123456789";

    public final Path dir;
    public final Path articles;
    public final QuipuConfig config;
    public final String base;
    public final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Vertx vertx;
    private final QuipuVerticle app;

    private TestServer(Map<String, String> env, Clock clock, UnaryOperator<QuipuVerticle> prepared) throws Exception {
        dir = Files.createTempDirectory("quipu-test");
        articles = dir.resolve("articles");
        copyTree(Path.of("feeds/articles"), articles);
        Map<String, String> all = new HashMap<>();
        all.put("QUIPU_HTTP_PORT", "0");
        all.put("QUIPU_DATA_DIR", dir.resolve("data").toString());
        all.put("QUIPU_DB_URL", "jdbc:h2:mem:server-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        all.put("QUIPU_ARTICLES_DIR", articles.toString());
        all.put("QUIPU_ADMIN_TOKEN", TOKEN);
        all.put("QUIPU_ARTICLES_SCAN_INTERVAL", "1h");
        // no machine here reaches the partners of the shipped config: tests that poll give their own
        all.put("QUIPU_PARTNERS_ENABLED", "false");
        all.putAll(env);
        config = new ConfigLoader(all).load(Optional.empty());
        vertx = Vertx.vertx();
        app = prepared.apply(QuipuVerticle.prepare(config, clock, Ticker.systemTicker()));
        vertx.deployVerticle(app).toCompletionStage().toCompletableFuture().get();
        base = "http://127.0.0.1:" + app.port();
    }

    public static TestServer start() throws Exception {
        return start(Map.of());
    }

    public static TestServer start(Map<String, String> env) throws Exception {
        return new TestServer(env, Clock.systemUTC(), UnaryOperator.identity());
    }

    /** @param clock the service's clock (a {@link MutableClock} moves it by hand) */
    public static TestServer start(Map<String, String> env, Clock clock) throws Exception {
        return new TestServer(env, clock, UnaryOperator.identity());
    }

    /**
     * With partner hosts resolved by {@code resolver}, and the address policy of partners.allow-private-addresses
     * passed through {@code policy} (so that a loopback address can play a partner on the internet).
     */
    public static TestServer start(Map<String, String> env, HostResolver resolver, UnaryOperator<AddressPolicy> policy)
            throws Exception {
        return new TestServer(env, Clock.systemUTC(), app -> app.partnerAddresses(resolver, policy));
    }

    /** The Vert.x instance the service runs on (its worker pool, for tests that occupy it). */
    public Vertx vertx() {
        return vertx;
    }

    /** Runs one scan of the article files now, as the timer would (the admin API's {@code POST /api/articles/scan}). */
    /**
     * Adds a staff member on this server's database the way an operator does, with the command line
     * ({@code staff add NAME}, the password on its standard input).
     */
    public void addStaff(String name, String password) {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int status = uk.org.perusupportgroup.quipu.staff.StaffCommand.run(java.util.List.of("add", name), config,
                uk.org.perusupportgroup.quipu.staff.StaffCommand.passwords(Map.of(), null, new java.io.ByteArrayInputStream(
                        (password + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        if (status != 0) {
            throw new IllegalStateException("staff add " + name + " answered " + status + ": "
                    + err.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    public JsonObject scanArticles() {
        return ran("/api/articles/scan");
    }

    /**
     * Runs a round of alerts now, digests checked, and sends what is due ({@code POST /api/alerts/run}): {@code queued},
     * {@code sent}, {@code relay}.
     */
    public JsonObject runAlerts() {
        return ran("/api/alerts/run");
    }

    /** Runs the daily clean-up now unless it ran today ({@code POST /api/retention/run}): rows removed by retention. */
    public JsonObject runCleanUp() {
        return ran("/api/retention/run").getJsonObject("removed");
    }

    /** Every reach figure of the last 30 days ({@code GET /api/reach}), once this instance has written what it counted. */
    public io.vertx.core.json.JsonArray reachRows() {
        ran("/api/reach/write");
        return new JsonObject(api("GET", "/api/reach", null).body()).getJsonArray("rows");
    }

    private JsonObject ran(String path) {
        HttpResponse<String> response = api("POST", path, null);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return new JsonObject(response.body());
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
    }

    public HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = request(path).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    public HttpResponse<byte[]> getBytes(String path, String... headers) {
        HttpRequest.Builder request = request(path).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request to the admin API with the token. */
    public HttpResponse<String> api(String method, String path, String json) {
        HttpRequest.Builder request = request(path).header("Authorization", "Bearer " + TOKEN);
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return send(request.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("server did not stop", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path path : walk.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
