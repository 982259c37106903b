package uk.org.perusupportgroup.quipu.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import uk.org.perusupportgroup.quipu.reach.Readership;

/**
 * Counts each feed answer for reach once it has gone: the feed's path, the status, the body's bytes, and the
 * User-Agent and address, which {@link Readership} reads and forgets.
 */
final class FeedReaders {

    private final Readership readership;

    FeedReaders(Readership readership) {
        this.readership = readership;
    }

    void count(RoutingContext ctx) {
        if (ctx.request().method() == io.vertx.core.http.HttpMethod.HEAD) {
            ctx.next();   // a look at the headers, not a read
            return;
        }
        String feed = ctx.normalizedPath();
        String userAgent = ctx.request().getHeader(HttpHeaders.USER_AGENT);
        ctx.addBodyEndHandler(v -> {
            HttpServerResponse response = ctx.response();
            readership.record(feed, response.getStatusCode(), response.bytesWritten(), userAgent, Clients.address(ctx));
        });
        ctx.next();
    }
}
