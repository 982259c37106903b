package uk.org.perusupportgroup.quipu.web;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
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
import uk.org.perusupportgroup.quipu.staff.StaffAccounts;
import uk.org.perusupportgroup.quipu.staff.StaffMember;

/**
 * The admin token guards the API ({@code Authorization: Bearer}). The staff pages take a named staff member's session
 * (the cookie {@value #COOKIE}, from {@code /admin/signin}) or, for scripts and one-person setups, HTTP Basic with any
 * user name and the token as password (as the staff member {@value StaffAccounts#TOKEN_NAME}). Staff form posts must
 * come from this site's own pages, and a session's must carry its CSRF token. A client that sends too many wrong tokens
 * or passwords is turned away for a while.
 */
final class AdminAuth {

    private static final Logger LOG = LoggerFactory.getLogger(AdminAuth.class);

    /** Wrong tokens a client may send: 10 at once, then one more every 90 seconds (10 per quarter of an hour). */
    static final Bandwidth FAILURES = Bandwidth.builder().capacity(10).refillGreedy(10, Duration.ofMinutes(15)).build();
    /** The staff session's cookie; its value is the session token. */
    static final String COOKIE = "quipu_staff";
    /** The cookie's attributes: sent to the staff pages only, never to scripts, only over HTTPS (or to localhost), never cross-site. */
    static final String COOKIE_ATTRIBUTES = "; Path=/admin; HttpOnly; Secure; SameSite=Strict";
    /** The request's {@link StaffMember}, for the handlers: who is doing this. */
    static final String STAFF = "staff";
    /** The session's CSRF token, when the request came with a session. */
    private static final String CSRF = "quipu.csrf";
    /** The session token of the request's cookie, when it opened a session. */
    private static final String SESSION = "quipu.session";

    private final byte[] token;
    private final String origin;
    private final StaffAccounts accounts;
    private final ClientBuckets failures = new ClientBuckets(FAILURES, Duration.ofMinutes(15));

    /** @param base the public base URL, whose origin staff pages are served from */
    AdminAuth(String token, String base, StaffAccounts accounts) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create(base);
        this.origin = uri.getScheme() + "://" + uri.getRawAuthority();
        this.accounts = accounts;
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
        refuse(ctx, known.get(), "token_throttled_minutes", "token_throttled_seconds");
        return true;
    }

    private static void refuse(RoutingContext ctx, Bucket bucket, String minutesKey, String secondsKey) {
        long seconds = ClientBuckets.secondsUntilNext(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
        ctx.response().putHeader("Retry-After", Long.toString(seconds));
        ErrorResponder.send(ctx, Problem.error(429, seconds >= 120 ? minutesKey : secondsKey,
                Map.of("minutes", seconds / 60, "seconds", seconds)));
    }

    /**
     * Takes one of the client's tries before a staff password is checked, so that tries sent at once count too; when
     * none is left, answers {@code 429} and returns false. A right password gives the try back ({@link #signedIn}).
     */
    boolean trySignIn(RoutingContext ctx) {
        Bucket bucket = failures.of(Clients.key(ctx));
        if (bucket.tryConsume(1)) {
            return true;
        }
        refuse(ctx, bucket, "signin_throttled_minutes", "signin_throttled_seconds");
        return false;
    }

    /** The try of a sign-in that succeeded, given back. */
    void signedIn(RoutingContext ctx) {
        failures.of(Clients.key(ctx)).addTokens(1);
    }

    /** Counts a wrong token; a request without any (a browser's first try, before it asks) is not a failure. */
    private void failed(RoutingContext ctx, String header) {
        if (header != null) {
            String client = Clients.key(ctx);
            failures.of(client).tryConsume(1);
            LOG.warn("admin: wrong token from client={} path={}", client, ctx.normalizedPath());
        }
    }

    /**
     * Lets a staff page's request through with its {@link StaffMember} ({@link #member}): HTTP Basic with the admin token
     * (throttled like the API's), else the session of the cookie (looked up in the database, which every instance
     * shares). Without either, a browser asking for a page is sent to {@code /admin/signin?then=…} and a browser's form
     * post refused {@code 403}; other clients (scripts), and browsers at {@code /admin/token}, are asked for HTTP Basic
     * ({@code 401}).
     */
    void staff(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header != null) {
            basic(ctx, header);
            return;
        }
        Cookie cookie = ctx.request().getCookie(COOKIE);
        if (cookie == null) {
            notSignedIn(ctx);
            return;
        }
        boolean body = ctx.request().method() != HttpMethod.GET && ctx.request().method() != HttpMethod.HEAD;
        if (body) {
            ctx.request().pause();   // kept for the BodyHandler after this, while the database is asked
        }
        String sessionToken = cookie.getValue();
        Blocking.run(ctx, () -> accounts.session(sessionToken), session -> {
            if (session.isEmpty()) {
                if (body) {
                    ctx.request().resume();
                }
                ctx.response().putHeader("Set-Cookie", ended());
                notSignedIn(ctx);
                return;
            }
            ctx.put(STAFF, session.get().member());
            ctx.put(CSRF, session.get().csrf());
            ctx.put(SESSION, sessionToken);
            ctx.next();
        });
    }

    private void basic(RoutingContext ctx, String header) {
        if (throttled(ctx)) {
            return;
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon >= 0 && matches(decoded.substring(colon + 1))) {
                    ctx.put(STAFF, StaffMember.TOKEN);
                    ctx.next();
                    return;
                }
            } catch (IllegalArgumentException e) {
                // not Base64: refused below
            }
        }
        failed(ctx, header);
        askForBasic(ctx);
    }

    private static void notSignedIn(RoutingContext ctx) {
        String accept = ctx.request().getHeader("Accept");
        boolean browser = accept != null && accept.toLowerCase(Locale.ROOT).contains("text/html")
                && !ctx.normalizedPath().equals(StaffSignInHandler.BY_TOKEN);   // where a browser asks for the token
        if (!browser) {
            askForBasic(ctx);
        } else if (ctx.request().method() == HttpMethod.GET || ctx.request().method() == HttpMethod.HEAD) {
            ctx.response().setStatusCode(303).putHeader("Cache-Control", "no-store")
                    .putHeader("Location", StaffSignInHandler.signInPath(ctx.request().uri())).end();
        } else {
            ErrorResponder.send(ctx, Problem.error(403, "staff_signed_out"));
        }
    }

    private static void askForBasic(RoutingContext ctx) {
        ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"Quipu staff\", charset=\"UTF-8\"");
        ErrorResponder.send(ctx, Problem.error(401, "staff_password"));
    }

    /**
     * A session's form post must carry the session's CSRF token as the field {@code csrf} (compared in constant time);
     * one signed in with HTTP Basic has no session, and the Origin check ({@link #sameOrigin}) alone. After the body is read.
     */
    void csrf(RoutingContext ctx) {
        String expected = ctx.get(CSRF);
        if (expected == null) {
            ctx.next();
            return;
        }
        String given = ctx.request().getFormAttribute("csrf");
        if (given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            ctx.next();
            return;
        }
        LOG.warn("admin: form without its session's csrf token from client={} staff={} path={}", Clients.key(ctx),
                member(ctx).name(), ctx.normalizedPath());
        ErrorResponder.send(ctx, Problem.error(403, given == null ? "csrf_missing" : "csrf_wrong"));
    }

    /** Who is using the staff pages; set by {@link #staff} before any staff handler runs. */
    static StaffMember member(RoutingContext ctx) {
        StaffMember member = ctx.get(STAFF);
        if (member == null) {
            throw new IllegalStateException("a staff page was reached without AdminAuth.staff: " + ctx.normalizedPath());
        }
        return member;
    }

    /** The CSRF token the request's forms carry: its session's, or empty with HTTP Basic. */
    static String csrfToken(RoutingContext ctx) {
        String csrf = ctx.get(CSRF);
        return csrf == null ? "" : csrf;
    }

    /** The session token of the request's cookie, when it came with an open session. */
    static Optional<String> sessionToken(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(SESSION));
    }

    /** The {@code Set-Cookie} value that gives the browser a session. */
    static String cookie(String sessionToken) {
        return COOKIE + "=" + sessionToken + COOKIE_ATTRIBUTES;
    }

    /** The {@code Set-Cookie} value that makes the browser forget its session. */
    static String ended() {
        return COOKIE + "=" + COOKIE_ATTRIBUTES + "; Max-Age=0";
    }

    /**
     * Refuses cross-site form posts (CSRF): a browser's Sec-Fetch-Site, or else its Origin, must say "this site". The
     * browser's Sec-Fetch-Site decides when it is sent: a page served with {@code Referrer-Policy: no-referrer} (every
     * page here) makes Chromium send {@code Origin: null} with its own forms.
     */
    void sameOrigin(RoutingContext ctx) {
        String fetchSite = ctx.request().getHeader("Sec-Fetch-Site");
        String requestOrigin = ctx.request().getHeader("Origin");
        boolean crossSite;
        if (fetchSite != null) {
            crossSite = !fetchSite.equals("same-origin") && !fetchSite.equals("none");
        } else if ("null".equals(requestOrigin)) {
            crossSite = true;   // an opaque origin (sandboxed frame, data: URL) is never this site
        } else if (requestOrigin != null) {
            String host = ctx.request().authority() == null ? "" : ctx.request().authority().toString();
            String own = (ctx.request().isSSL() ? "https://" : "http://") + host;
            crossSite = !requestOrigin.toLowerCase(Locale.ROOT).equals(origin.toLowerCase(Locale.ROOT))
                    && !requestOrigin.equalsIgnoreCase(own);
        } else {
            crossSite = false;
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
