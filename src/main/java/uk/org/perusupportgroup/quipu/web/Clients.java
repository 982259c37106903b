package uk.org.perusupportgroup.quipu.web;

import io.vertx.ext.web.RoutingContext;
import uk.org.perusupportgroup.quipu.alert.ClientKeys;

/** Who is asking, for per-client limits: an IPv4 address, or the /64 network of an IPv6 one. */
final class Clients {

    private Clients() {}

    /**
     * The client's address: the connection's, or the proxy's {@code X-Forwarded-For} when {@code http.behind-proxy}
     * is set (the router then gives it as the remote address).
     */
    static String address(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
    }

    /** An IPv4 address, or the /64 network of an IPv6 one (one household or server has a whole /64 to hop through). */
    static String key(RoutingContext ctx) {
        return ClientKeys.of(address(ctx));
    }
}
