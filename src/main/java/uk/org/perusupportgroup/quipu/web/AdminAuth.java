package uk.org.perusupportgroup.quipu.web;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin token guards the API ({@code Authorization: Bearer}) and the staff pages (HTTP Basic,
 * any user name, the token as password). Staff form posts must come from this site's own pages. A client that
 * sends too many wrong tokens is turned away for a while.
 */
final class AdminAuth {

    private static final Logger LOG = LoggerFactory.getLogger(AdminAuth.class);

    /** Wrong tokens a client may send: 10 at once, then one more every 90 seconds (10 per quarter of an hour). */
    static final Bandwidth FAILURES = Bandwidth.builder().capacity(10).refillGreedy(10, Duration.ofMinutes(15)).build();

    private final byte[] token;
    private final String origin;
    private final ClientBuckets failures = new ClientBuckets(FAILURES, Duration.ofMinutes(15));

    /** @param base the public base URL, whose origin staff pages are served from */
    AdminAuth(String token, String base) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create(base);
        this.origin = uri.getScheme() + "://" + uri.getRawAuthority();
    }

    void bearer(RoutingContext ctx) {
        if (throttled(ctx)) {
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && matches(header.substring(7).strip())) {
            ctx.next();
            return;
        }
        failed(ctx, header);
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"quipu\"");
        ErrorResponder.send(ctx, Problem.error(401, header == null ? "bearer_missing" : "bearer_wrong"));
    }

    /**
     * A client that sent too many wrong tokens is refused for a while, with {@code 429} and {@code Retry-After}, even
     * with the right one: guessing gains nothing. Each instance counts its own.
     */
    private boolean throttled(RoutingContext ctx) {
        Optional<Bucket> known = failures.known(Clients.key(ctx));
        if (known.isEmpty() || known.get().getAvailableTokens() > 0) {
            return false;
        }
        long seconds = ClientBuckets.secondsUntilNext(known.get().estimateAbilityToConsume(1).getNanosToWaitForRefill());
        ctx.response().putHeader("Retry-After", Long.toString(seconds));
        ErrorResponder.send(ctx, Problem.error(429, seconds >= 120 ? "token_throttled_minutes" : "token_throttled_seconds",
                Map.of("minutes", seconds / 60, "seconds", seconds)));
        return true;
    }

    /** Counts a wrong token; a request without any (a browser's first try, before it asks) is not a failure. */
    private void failed(RoutingContext ctx, String header) {
        if (header != null) {
            String client = Clients.key(ctx);
            failures.of(client).tryConsume(1);
            LOG.warn("admin: wrong token from client={} path={}", client, ctx.normalizedPath());
        }
    }

    void basic(RoutingContext ctx) {
        if (throttled(ctx)) {
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon >= 0 && matches(decoded.substring(colon + 1))) {
                    ctx.next();
                    return;
                }
            } catch (IllegalArgumentException e) {
                // not Base64: refused below
            }
        }
        failed(ctx, header);
        ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"Quipu staff\", charset=\"UTF-8\"");
        ErrorResponder.send(ctx, Problem.error(401, "staff_password"));
    }

    /** Refuses cross-site form posts (CSRF): a browser's Origin or Sec-Fetch-Site must say "this site". */
    void sameOrigin(RoutingContext ctx) {
        String fetchSite = ctx.request().getHeader("Sec-Fetch-Site");
        String requestOrigin = ctx.request().getHeader("Origin");
        boolean crossSite = fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none");
        if ("null".equals(requestOrigin)) {
            crossSite = true;   // an opaque origin (sandboxed frame, data: URL) is never this site
        } else if (requestOrigin != null) {
            String host = ctx.request().authority() == null ? "" : ctx.request().authority().toString();
            String own = (ctx.request().isSSL() ? "https://" : "http://") + host;
            crossSite = !requestOrigin.toLowerCase(Locale.ROOT).equals(origin.toLowerCase(Locale.ROOT))
                    && !requestOrigin.equalsIgnoreCase(own);
        }
        if (crossSite) {
            ErrorResponder.send(ctx, Problem.error(403, "cross_site"));
            return;
        }
        ctx.next();
    }

    private boolean matches(String candidate) {
        return MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }
}
