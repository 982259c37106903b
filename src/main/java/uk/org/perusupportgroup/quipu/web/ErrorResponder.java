package uk.org.perusupportgroup.quipu.web;

import uk.org.perusupportgroup.quipu.article.Language;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.article.FieldError;

/**
 * The one place errors become responses: JSON under {@code /api/} ({@code {"error": …, "errors":
 * [{"field": …, "message": …}]}}), a page for a browser asking for one of the public pages ({@code Accept: text/html}),
 * and a short plain message for feeds and everything else.
 */
final class ErrorResponder {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);

    /** The {@link Problem} a route gives for a body over its limit, in place of {@code body_too_large}. */
    static final String TOO_LARGE = "quipu.tooLarge";
    /** A {@link RefusalPage} by which a staff form's route answers a body over its limit with its page, not plain text. */
    static final String TOO_LARGE_PAGE = "quipu.tooLargePage";
    /** The site's title, put on every request for the error pages ({@link #attach}). */
    private static final String SITE_TITLE = "quipu.siteTitle";
    /** Paths whose errors stay plain text whatever the client accepts: feeds, files, staff pages, operations. */
    private static final java.util.List<String> NOT_PAGES = java.util.List.of("/api/", "/admin", "/feeds", "/media/",
            "/health", "/metrics", "/subscriptions/export", "/subscriptions/feed");
    private static final String LATE = "quipu.late";
    /** The statuses the error bundle has a word for ({@code status_400}, …); others are {@code status_other}. */
    static final Set<Integer> REASONS = Set.of(400, 401, 403, 404, 405, 415);

    private ErrorResponder() {}

    static void send(RoutingContext ctx, Problem problem) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            ctx.request().connection().close();
            return;
        }
        ReadLimiter limiter = ctx.get(ReadLimiter.KEY);
        if (problem.status() >= 400 && problem.status() < 500 && limiter != null && ctx.get(LATE) == null && limiter.late(ctx)) {
            // the same answer, a second late: a client that keeps missing slows down instead of taking the machine
            ctx.put(LATE, Boolean.TRUE);
            ctx.vertx().setTimer(ReadLimiter.LATE.toMillis(), late -> {
                if (!response.closed() && !response.ended()) {
                    send(ctx, problem);
                }
            });
            return;
        }
        response.setStatusCode(problem.status());
        response.headers().remove("ETag").remove("Last-Modified").remove("Content-Encoding");
        response.putHeader("Cache-Control", "no-store");
        if (ctx.normalizedPath().startsWith("/api/") || sentJson(ctx)) {
            JsonObject body = new JsonObject().put("error", problem.message());
            if (!problem.errors().isEmpty()) {
                JsonArray errors = new JsonArray();
                for (FieldError error : problem.errors()) {
                    errors.add(new JsonObject().put("field", error.field()).put("message", error.message()));
                }
                body.put("errors", errors);
            }
            response.putHeader("Content-Type", "application/json").end(body.encodePrettily() + "\n");
        } else if (forPeople(ctx)) {
            Html.send(ctx, problem.status(), page(PageTemplates.of(ctx), ctx.get(SITE_TITLE), problem));
        } else {
            StringBuilder text = new StringBuilder(problem.message(Language.of(ctx.normalizedPath()))).append('\n');
            problem.errors().forEach(error -> text.append("- ").append(error).append('\n'));
            response.putHeader("Content-Type", "text/plain; charset=utf-8").end(text.toString());
        }
    }

    /** Gives every request the site's title, which its error page shows. */
    static void attach(RoutingContext ctx, String siteTitle) {
        ctx.put(SITE_TITLE, siteTitle);
        ctx.next();
    }

    /** A browser asking for a public page (not a feed, a file or a staff page) is answered with a page. */
    private static boolean forPeople(RoutingContext ctx) {
        String accept = ctx.request().getHeader("Accept");
        String path = ctx.normalizedPath();
        return ctx.get(SITE_TITLE) != null && accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/html")
                && NOT_PAGES.stream().noneMatch(Language.unprefixed(path)::startsWith);
    }

    /** The error page in the page's language: what went wrong, in the pages' frame, with a way back to the list of feeds. */
    static String page(PageTemplates t, String siteTitle, Problem problem) {
        int status = problem.status();
        String heading = t.message(status == 404 || status == 410 ? "error_heading_" + status
                : status < 500 ? "error_heading_4xx" : "error_heading_5xx");
        java.util.List<String> errors = problem.errors().stream().map(FieldError::toString).toList();
        String told = problem.message(t.language());
        String message = told.isEmpty() ? "" : Character.toUpperCase(told.charAt(0)) + told.substring(1);
        String body = t.body("error", Map.of("heading", heading, "message", message,
                "errors", !errors.isEmpty(), "list", errors));
        return t.frame(siteTitle, heading, "", body);
    }

    /** A request with a JSON body is answered in JSON, wherever it went (POST /subscriptions). */
    private static boolean sentJson(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
    }

    /** The router's failure handler: statuses from Vert.x (413, 415, …) and unexpected exceptions. */
    static void failure(RoutingContext ctx) {
        int status = ctx.statusCode();
        Throwable failure = ctx.failure();
        if (failure instanceof ProblemException problem) {
            send(ctx, problem.problem());
            return;
        }
        if (status == 413) {
            Problem tooLarge = ctx.get(TOO_LARGE) instanceof Problem own ? own : Problem.error(413, "body_too_large");
            if (ctx.get(TOO_LARGE_PAGE) instanceof RefusalPage page && !ctx.response().headWritten()) {
                page.show(tooLarge);
            } else {
                send(ctx, tooLarge);
            }
        } else if (status >= 400 && status < 500) {
            send(ctx, failure == null ? reason(status) : Problem.of(status, failure.getMessage()));
        } else {
            LOG.error("request failed: method={} path={}", ctx.request().method(), ctx.normalizedPath(), failure);
            send(ctx, Problem.error(503, "unavailable"));
        }
    }

    /** A status without a message, told in the bundle's words for it. */
    private static Problem reason(int status) {
        return Problem.error(status, REASONS.contains(status) ? "status_" + status : "status_other", Map.of("status", status));
    }

    /** A form's page shown again with a problem (its status, its sentence beside the field). */
    @FunctionalInterface
    interface RefusalPage {
        void show(Problem problem);
    }

    /** Carries a {@link Problem} through a failed future to the failure handler. */
    static final class ProblemException extends RuntimeException {
        private final Problem problem;

        ProblemException(Problem problem) {
            super(problem.message(), null, false, false);
            this.problem = problem;
        }

        Problem problem() {
            return problem;
        }
    }
}
