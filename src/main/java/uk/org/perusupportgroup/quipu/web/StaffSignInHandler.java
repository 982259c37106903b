package uk.org.perusupportgroup.quipu.web;

import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.staff.StaffAccounts;

/**
 * {@code /admin/signin}: a staff member signs in with their name and password and is sent back to the staff page they
 * asked for ({@code then}); {@code POST /admin/signout} ends the session. A wrong name and a wrong password get the
 * same answer, and count against the client like a wrong admin token.
 */
final class StaffSignInHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StaffSignInHandler.class);
    static final String SIGN_IN = "/admin/signin";
    /** Where a browser is asked for the admin token (HTTP Basic), for one-person setups without staff accounts. */
    static final String BY_TOKEN = "/admin/token";
    private static final String HOME = "/admin/articles";
    /** A staff page to go back to: a path under /admin, its query, nothing that leaves the site. */
    private static final Pattern THEN = Pattern.compile("/admin(/[A-Za-z0-9._~%!$&'()*+,;=:@/?-]*)?");

    private final StaffAccounts accounts;
    private final AdminAuth auth;
    private final WorkerExecutor workers;
    private final String siteTitle;

    StaffSignInHandler(StaffAccounts accounts, AdminAuth auth, WorkerExecutor workers, String siteTitle) {
        this.accounts = accounts;
        this.auth = auth;
        this.workers = workers;
        this.siteTitle = siteTitle;
    }

    /** The sign-in page's address that leads back to {@code uri} (a staff page's path and query). */
    static String signInPath(String uri) {
        return SIGN_IN + "?then=" + URLEncoder.encode(then(uri), StandardCharsets.UTF_8);
    }

    /** {@code GET /admin/signin[?then=PATH][&out]} */
    void page(RoutingContext ctx) {
        String then = then(ctx.request().getParam("then"));
        boolean out = ctx.request().getParam("out") != null;
        send(ctx, 200, form(then, "", out ? PageTemplates.STAFF.message("signin_signed_out") : "", ""));
    }

    /** {@code POST /admin/signin}: {@code name}, {@code password}, {@code then}. */
    void signIn(RoutingContext ctx) {
        String name = Optional.ofNullable(ctx.request().getFormAttribute("name")).orElse("");
        String password = Optional.ofNullable(ctx.request().getFormAttribute("password")).orElse("");
        String then = then(ctx.request().getFormAttribute("then"));
        if (!auth.trySignIn(ctx)) {
            return;
        }
        Blocking.run(ctx, workers, () -> accounts.signIn(name, password), signedIn -> {
            if (signedIn.isEmpty()) {
                LOG.warn("admin: wrong staff name or password from client={} name={}", Clients.key(ctx), printable(name));
                send(ctx, 403, form(then, name, "", PageTemplates.STAFF.message("signin_wrong")));
                return;
            }
            auth.signedIn(ctx);
            LOG.info("admin: staff={} signed in from client={}", signedIn.get().session().member().name(), Clients.key(ctx));
            ctx.response().setStatusCode(303).putHeader("Set-Cookie", AdminAuth.cookie(signedIn.get().token()))
                    .putHeader("Cache-Control", "no-store").putHeader("Location", then).end();
        });
    }

    /**
     * {@code GET /admin/token[?then=PATH]}, once the browser gave the admin token (HTTP Basic, which it then sends to
     * every staff page): on to the staff page.
     */
    void byToken(RoutingContext ctx) {
        ctx.response().setStatusCode(303).putHeader("Cache-Control", "no-store")
                .putHeader("Location", then(ctx.request().getParam("then"))).end();
    }

    /** {@code POST /admin/signout}: the session ends on every instance, and the browser forgets it. */
    void signOut(RoutingContext ctx) {
        Optional<String> token = AdminAuth.sessionToken(ctx);
        Blocking.run(ctx, () -> {
            token.ifPresent(accounts::signOut);
            return token.isPresent();
        }, ended -> ctx.response().setStatusCode(303).putHeader("Set-Cookie", AdminAuth.ended())
                .putHeader("Cache-Control", "no-store").putHeader("Location", SIGN_IN + "?out").end());
    }

    private static String form(String then, String name, String notice, String error) {
        Map<String, Object> values = new HashMap<>();
        values.put("then", then);
        values.put("name", name);
        values.put("notice", notice);
        values.put("error", error);
        values.put("minimum", StaffAccounts.MIN_PASSWORD);
        values.put("byToken", BY_TOKEN + "?then=" + URLEncoder.encode(then, StandardCharsets.UTF_8));
        return PageTemplates.STAFF.body("staff-signin", values);
    }

    private void send(RoutingContext ctx, int status, String body) {
        Html.send(ctx, status, PageTemplates.STAFF.frame(siteTitle, PageTemplates.STAFF.message("signin_title") + " · "
                + PageTemplates.STAFF.message("staff"), "", body));
    }

    /** Where to go after signing in: the staff page asked for, if it is one, else the article list. */
    static String then(String asked) {
        if (asked == null || asked.length() > 1000 || !THEN.matcher(asked).matches() || asked.contains("//")
                || asked.matches("(?s).*/\\.{1,2}(/.*|\\?.*)?") || asked.startsWith(SIGN_IN) || asked.startsWith("/admin/signout")
                || asked.startsWith(BY_TOKEN)) {
            return HOME;
        }
        return asked;
    }

    /** A name as the log shows it: no line breaks, not too long. */
    private static String printable(String name) {
        String shown = name.replaceAll("\\p{Cntrl}", "?");
        return shown.length() > 80 ? shown.substring(0, 80) + "…" : shown;
    }
}
