package uk.org.perusupportgroup.quipu.web;

import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;

/**
 * The admin token guards the API ({@code Authorization: Bearer}) and the staff pages (HTTP Basic,
 * any user name, the token as password). Staff form posts must come from this site's own pages.
 */
final class AdminAuth {

    private final byte[] token;
    private final String origin;

    /** @param base the public base URL, whose origin staff pages are served from */
    AdminAuth(String token, String base) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create(base);
        this.origin = uri.getScheme() + "://" + uri.getRawAuthority();
    }

    void bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && matches(header.substring(7).strip())) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"quipu\"");
        ErrorResponder.send(ctx, Problem.of(401, header == null
                ? "authentication required: send Authorization: Bearer <admin token>"
                : "the admin token is not correct"));
    }

    void basic(RoutingContext ctx) {
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
        ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"Quipu staff\", charset=\"UTF-8\"");
        ErrorResponder.send(ctx, Problem.of(401, "staff pages need the admin token as password (any user name)"));
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
            ErrorResponder.send(ctx, Problem.of(403, "staff forms must be sent from this site's own pages"));
            return;
        }
        ctx.next();
    }

    private boolean matches(String candidate) {
        return MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }
}
