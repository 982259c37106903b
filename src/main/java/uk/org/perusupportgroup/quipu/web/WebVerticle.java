package uk.org.perusupportgroup.quipu.web;

import uk.org.perusupportgroup.quipu.text.Messages;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.util.function.Predicate;

/**
 * One event loop's HTTP server; several instances share the port. The port is bound first, because the links in
 * every response are built on the actual port when no base URL is configured; until the services built on it are
 * {@linkplain #serve installed}, every request is answered 503 with {@code Retry-After: 1}.
 */
public final class WebVerticle extends VerticleBase {

    private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("X-Content-Type-Options");
    private static final CharSequence NOSNIFF_VALUE = HttpHeaders.createOptimized("nosniff");

    private final String host;
    private final int port;
    private HttpServer server;
    private Router router;
    /** Set on this verticle's event loop once the routes are installed. */
    private boolean serving;
    /** What answers a request before the route table, when it can (set with the routes). */
    private Predicate<HttpServerRequest> answeredFirst;

    /** @param port the port; a negative port shares one random port among the instances */
    public WebVerticle(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        router = Router.router(vertx);
        HttpServerOptions options = new HttpServerOptions()
                // no on-the-fly compression: feeds and pages are sent pre-gzipped, each variant with its own ETag
                .setCompressionSupported(false)
                // no HTTP/2 upgrade on plain http (h2c): no browser or feed reader needs it, and a client's
                // upgrade attempt once left a test request unanswered until the idle timeout
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout(120)
                .setMaxHeaderSize(16 * 1024);
        server = vertx.createHttpServer(options).requestHandler(request -> {
            // on every response, errors included: browsers take each for the type it says, never sniff another
            request.response().headers().add(NOSNIFF, NOSNIFF_VALUE);
            if (serving) {
                if (!answeredFirst.test(request)) {
                    router.handle(request);
                }
            } else {
                request.response().setStatusCode(503).putHeader("Retry-After", "1")
                        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end(Messages.ERRORS.get("starting") + "\n");
            }
        });
        return server.listen(port, host);
    }

    /** Installs the routes of {@code services} on this verticle's event loop; completes when it answers with them. */
    public Future<Void> serve(WebServices services) {
        Promise<Void> installed = Promise.promise();
        context.runOnContext(v -> {
            try {
                answeredFirst = Routes.install(router, services);
                serving = true;
                installed.complete();
            } catch (RuntimeException e) {
                installed.fail(e);
            }
        });
        return installed.future();
    }

    /** @return the bound port */
    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.shutdown();
    }
}
