package uk.org.perusupportgroup.quipu.aggregate;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.KeyCertOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A partner's web site in this JVM on a free port: serves fixture files with ETags (and gzip when
 * asked), plus whatever misbehaviour a test installs, and records every request it gets.
 */
public final class FixturePartnerSite implements AutoCloseable {

    /** One request as the site saw it. */
    public record Seen(String path, MultiMap headers, long startNanos, long endNanos) {}

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Map<String, Consumer<HttpServerRequest>> routes = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    public final String base;

    public FixturePartnerSite() throws Exception {
        this("127.0.0.1", 0, null);
    }

    /**
     * A site on a loopback address of its choice (tests let one stand in for a partner on the internet), on a given
     * port (0: any free one), over TLS with this key and certificate when one is given.
     */
    FixturePartnerSite(String address, int port, KeyCertOptions tls) throws Exception {
        HttpServerOptions options = new HttpServerOptions().setHost(address).setPort(port).setCompressionSupported(true);
        if (tls != null) {
            options.setSsl(true).setKeyCertOptions(tls);
        }
        server = vertx.createHttpServer(options).requestHandler(this::handle);
        server.listen().toCompletionStage().toCompletableFuture().get();
        base = (tls == null ? "http" : "https") + "://" + address + ":" + server.actualPort();
    }

    int port() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        long start = System.nanoTime();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
        request.response().endHandler(v -> seen.add(new Seen(request.path(), headers, start, System.nanoTime())));
        request.response().closeHandler(v -> {
            if (!request.response().ended()) {
                seen.add(new Seen(request.path(), headers, start, System.nanoTime()));
            }
        });
        Consumer<HttpServerRequest> route = routes.get(request.path());
        if (route == null) {
            request.response().setStatusCode(404).end("not found");
        } else {
            route.accept(request);
        }
    }

    /** Serves bytes with a strong ETag; a matching If-None-Match gets 304. */
    FixturePartnerSite file(String path, String contentType, byte[] body, String etag) {
        routes.put(path, request -> {
            if (etag.equals(request.getHeader("If-None-Match"))) {
                request.response().setStatusCode(304).putHeader("ETag", etag).end();
                return;
            }
            request.response().putHeader("Content-Type", contentType).putHeader("ETag", etag).end(Buffer.buffer(body));
        });
        return this;
    }

    public FixturePartnerSite fixture(String path, String fixture, String contentType) {
        return file(path, contentType, Fixtures.bytes(fixture), "\"" + fixture.hashCode() + "\"");
    }

    public FixturePartnerSite text(String path, String contentType, String body) {
        return file(path, contentType, body.getBytes(StandardCharsets.UTF_8), "\"" + body.hashCode() + "\"");
    }

    FixturePartnerSite route(String path, Consumer<HttpServerRequest> handler) {
        routes.put(path, handler);
        return this;
    }

    Vertx vertx() {
        return vertx;
    }

    public List<Seen> requests(String path) {
        return seen.stream().filter(s -> s.path().equals(path)).toList();
    }

    List<Seen> requests() {
        return List.copyOf(seen);
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }
}
