package uk.org.perusupportgroup.quipu.web;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;

/**
 * The HTTP servers, one per event loop, sharing one port: bound first (answering 503 while the service starts), then
 * given the services built on the bound port.
 */
public final class WebServer {

    private final List<WebVerticle> servers;

    private WebServer(List<WebVerticle> servers) {
        this.servers = servers;
    }

    /** Binds {@code http.port} ({@code 0}: one free port, shared) on {@code http.event-loops} event loops. */
    public static Future<WebServer> bind(Vertx vertx, QuipuConfig.Http http) {
        List<WebVerticle> servers = new CopyOnWriteArrayList<>();
        int port = http.port() == 0 ? -1 : http.port();
        return vertx.deployVerticle(() -> {
            var server = new WebVerticle(http.host(), port);
            servers.add(server);
            return server;
        }, new DeploymentOptions().setInstances(http.eventLoopsOrCores())).map(id -> new WebServer(List.copyOf(servers)));
    }

    /** The bound port. */
    public int port() {
        return servers.get(0).actualPort();
    }

    /** Every server answers with the routes of {@code services}; completes when all do. */
    public Future<Void> serve(WebServices services) {
        return Future.all(servers.stream().map(server -> server.serve(services)).toList()).mapEmpty();
    }
}
