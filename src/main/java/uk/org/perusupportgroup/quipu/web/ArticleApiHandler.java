package uk.org.perusupportgroup.quipu.web;

import uk.org.perusupportgroup.quipu.text.Messages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import uk.org.perusupportgroup.quipu.article.ArticleValidator;
import uk.org.perusupportgroup.quipu.article.Dates;
import uk.org.perusupportgroup.quipu.article.Origin;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.StoredArticle;
import uk.org.perusupportgroup.quipu.publish.ArticleService;
import uk.org.perusupportgroup.quipu.publish.ArticleService.Outcome;
import uk.org.perusupportgroup.quipu.publish.Catalogue;
import uk.org.perusupportgroup.quipu.publish.SiteLinks;

/** The admin API for articles: {@code /api/articles} and {@code /api/articles/{slug}}. */
final class ArticleApiHandler {

    /** An ETag of ours: {@code "v"} and the microseconds since the epoch when the article was last written. */
    private static final Pattern VERSION = Pattern.compile("^\\s*(?:W/)?\"v(\\d{1,19})\"\\s*$");

    private final ArticleService articles;
    private final Catalogue catalogue;
    private final SiteLinks links;

    ArticleApiHandler(ArticleService articles, Catalogue catalogue, SiteLinks links) {
        this.articles = articles;
        this.catalogue = catalogue;
        this.links = links;
    }

    void list(RoutingContext ctx) {
        Optional<Problem> bad = QueryParameters.check(ctx);
        if (bad.isPresent()) {
            ErrorResponder.send(ctx, bad.get());
            return;
        }
        int page = QueryParameters.page(ctx);
        Blocking.run(ctx, () -> catalogue.listing(Scope.ALL, Origin.ANY, page), listing -> {
            JsonArray items = new JsonArray();
            listing.articles().forEach(stored -> items.add(ArticleJson.write(stored, links, false)));
            JsonObject body = new JsonObject().put("total", listing.total()).put("page", page).put("articles", items);
            if (listing.hasNext()) {
                body.put("next", "/api/articles?page=" + (page + 1));
            }
            json(ctx, 200, body);
        });
    }

    /** {@code GET /api/drafts}: the drafts and scheduled articles, {@code {articles: […]}}, the latest time first. */
    void held(RoutingContext ctx) {
        Blocking.run(ctx, articles::held, held -> {
            JsonArray items = new JsonArray();
            held.forEach(stored -> items.add(ArticleJson.write(stored, links, false)));
            json(ctx, 200, new JsonObject().put("articles", items));
        });
    }

    void get(RoutingContext ctx) {
        String slug = slug(ctx);
        if (slug == null) {
            return;
        }
        Blocking.run(ctx, () -> articles.findForStaff(slug), found -> {
            if (found.isEmpty()) {
                ErrorResponder.send(ctx, Problem.error(404, "no_article", Map.of("slug", slug)));
            } else {
                ctx.response().putHeader("ETag", version(found.get()));
                json(ctx, 200, ArticleJson.write(found.get(), links, true));
            }
        });
    }

    void create(RoutingContext ctx) {
        if (!isJson(ctx)) {
            return;
        }
        Map<String, Object> fields = ArticleJson.read(ctx.body().buffer());
        String by = Editor.of(ctx);
        Blocking.run(ctx, () -> articles.create(fields, by), outcome -> respond(ctx, outcome));
    }

    void replace(RoutingContext ctx) {
        String slug = slug(ctx);
        if (slug == null || !isJson(ctx)) {
            return;
        }
        Map<String, Object> fields = ArticleJson.read(ctx.body().buffer());
        Optional<Instant> unchangedSince = ifMatch(ctx.request().getHeader("If-Match"));
        String by = Editor.of(ctx);
        Blocking.run(ctx, () -> articles.replace(slug, fields, unchangedSince, by), outcome -> respond(ctx, outcome));
    }

    void delete(RoutingContext ctx) {
        String slug = slug(ctx);
        if (slug == null) {
            return;
        }
        String by = Editor.of(ctx);
        Blocking.run(ctx, () -> articles.delete(slug, by), outcome -> respond(ctx, outcome));
    }

    /**
     * {@code POST /api/articles/{slug}/hide} with {@code {"reason": "…"}}: a partner item hidden ({@code 204}); no poll
     * brings it back, and {@code /restore} shows it again.
     */
    void hide(RoutingContext ctx) {
        String slug = slug(ctx);
        if (slug == null || !isJson(ctx)) {
            return;
        }
        Object reason = ArticleJson.read(ctx.body().buffer()).get("reason");
        Blocking.run(ctx, () -> articles.hide(slug, reason instanceof String text ? text : null),
                outcome -> respond(ctx, outcome));
    }

    /**
     * {@code PUT /api/articles/{slug}/tags} with {@code {"topics": […], "regions": […]}}: a partner item's topics and
     * regions, kept through every later poll; {@code 200} and the article.
     */
    void retag(RoutingContext ctx) {
        String slug = slug(ctx);
        if (slug == null || !isJson(ctx)) {
            return;
        }
        Map<String, Object> fields = ArticleJson.read(ctx.body().buffer());
        Blocking.run(ctx, () -> articles.retag(slug, fields), outcome -> respond(ctx, outcome));
    }

    /** {@code POST /api/articles/{slug}/approve}: a partner item waiting for approval published, its alerts sent. */
    void approve(RoutingContext ctx) {
        String slug = slug(ctx);
        if (slug == null) {
            return;
        }
        Blocking.run(ctx, () -> articles.approve(slug), outcome -> respond(ctx, outcome));
    }

    /** {@code GET /api/queue}: the partner items waiting for approval, {@code {items: [{slug, title, since}]}}. */
    void queue(RoutingContext ctx) {
        Blocking.run(ctx, articles::awaitingApproval, waiting -> {
            JsonArray items = new JsonArray();
            waiting.forEach(held -> items.add(new JsonObject().put("slug", held.slug()).put("title", held.title())
                    .put("since", Dates.format(held.removedAt()))));
            json(ctx, 200, new JsonObject().put("items", items));
        });
    }

    /** {@code POST /api/articles/{slug}/restore}: a removed article published again (within 30 days). */
    void restore(RoutingContext ctx) {
        String slug = slug(ctx);
        if (slug == null) {
            return;
        }
        String by = Editor.of(ctx);
        Blocking.run(ctx, () -> articles.restore(slug, by), outcome -> respond(ctx, outcome));
    }

    private void respond(RoutingContext ctx, Outcome outcome) {
        if (outcome instanceof Outcome.Saved saved) {
            ctx.response().putHeader("ETag", version(saved.article()));
            if (saved.created()) {
                ctx.response().putHeader("Location", "/api/articles/" + saved.article().article().slug());
            }
            json(ctx, saved.created() ? 201 : 200, ArticleJson.write(saved.article(), links, true));
        } else if (outcome instanceof Outcome.Deleted) {
            ctx.response().setStatusCode(204).end();
        } else {
            ErrorResponder.send(ctx, problem(outcome));
        }
    }

    /** The API's answer to a write that did not happen: 400 by field, 404, 409 or 412. */
    static Problem problem(Outcome outcome) {
        if (outcome instanceof Outcome.Invalid invalid) {
            return Problem.invalid(invalid.errors());
        }
        if (outcome instanceof Outcome.NotFound notFound) {
            return Problem.error(404, "no_article", Map.of("slug", notFound.slug()));
        }
        if (outcome instanceof Outcome.Conflict conflict) {
            return Problem.of(409, conflict.message());
        }
        if (outcome instanceof Outcome.Stale stale) {
            return Problem.error(412, "article_changed", Map.of("slug", stale.slug(), "at", Dates.format(stale.changedAt()),
                    "by", stale.changedBy().orElse("someone")));
        }
        throw new IllegalArgumentException("not a refusal: " + outcome);
    }

    /** The article's version, its ETag: when it was last written, to the microsecond (as stored). */
    static String version(StoredArticle stored) {
        Instant at = stored.modifiedAt();
        return "\"v" + (at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000) + "\"";
    }

    /**
     * The version {@code If-Match} asks for: empty without one or for {@code *}; a value that is no version of ours
     * can match nothing ({@link Instant#MIN}).
     */
    static Optional<Instant> ifMatch(String header) {
        if (header == null || header.isBlank() || header.strip().equals("*")) {
            return Optional.empty();
        }
        Matcher version = VERSION.matcher(header);
        if (!version.matches()) {
            return Optional.of(Instant.MIN);
        }
        long micros = Long.parseLong(version.group(1));
        return Optional.of(Instant.ofEpochSecond(micros / 1_000_000L, (micros % 1_000_000L) * 1_000L));
    }

    /** The path's slug, or null after answering 400 when it is not a slug (e.g. has '/' or '..'). */
    private static String slug(RoutingContext ctx) {
        String slug = ctx.pathParam("slug");
        Optional<String> problem = ArticleValidator.checkSlug(slug);
        if (problem.isPresent()) {
            ErrorResponder.send(ctx, new Problem(400, Messages.ERRORS.get("bad_slug"),
                    java.util.List.of(new uk.org.perusupportgroup.quipu.article.FieldError("slug", problem.get()))));
            return null;
        }
        return slug;
    }

    private static boolean isJson(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            return true;
        }
        ErrorResponder.send(ctx, Problem.error(415, "article_not_json"));
        return false;
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(body.encodePrettily() + "\n");
    }
}
