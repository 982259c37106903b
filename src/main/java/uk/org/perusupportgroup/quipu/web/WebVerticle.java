package uk.org.perusupportgroup.quipu.web;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.function.IntFunction;

/**
 * One event loop's HTTP server; several instances share the port. The routes are installed once the
 * port is bound, because the links in every response are built on the actual port when no base URL
 * is configured.
 */
public final class WebVerticle extends VerticleBase {

    private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("X-Content-Type-Options");
    private static final CharSequence NOSNIFF_VALUE = HttpHeaders.createOptimized("nosniff");

    private final String host;
    private final int port;
    private final IntFunction<WebServices> services;
    private HttpServer server;

    /**
     * @param port the port; a negative port shares one random port among the instances
     * @param services the collaborators for the actually bound port (built once, shared)
     */
    public WebVerticle(String host, int port, IntFunction<WebServices> services) {
        this.host = host;
        this.port = port;
        this.services = services;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
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
            router.handle(request);
        });
        return server.listen(port, host).map(bound -> {
            Routes.install(router, services.apply(bound.actualPort()));
            return bound;
        });
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
