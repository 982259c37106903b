package uk.org.perusupportgroup.quipu.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.org.perusupportgroup.quipu.article.Changes;
import uk.org.perusupportgroup.quipu.article.Dates;
import uk.org.perusupportgroup.quipu.article.Revision;
import uk.org.perusupportgroup.quipu.article.StoredArticle;
import uk.org.perusupportgroup.quipu.publish.ArticleService;
import uk.org.perusupportgroup.quipu.publish.ArticleService.Outcome;
import uk.org.perusupportgroup.quipu.publish.SiteLinks;

/**
 * An article's revisions, for staff ({@code /admin/articles/{slug}/history}, one revision's changes, restoring one) and
 * the admin API ({@code /api/articles/{slug}/revisions…}). Every save keeps one; restoring one is itself a new one.
 */
final class RevisionHandler {

    private final ArticleService articles;
    private final SiteLinks links;
    private final String siteTitle;

    RevisionHandler(ArticleService articles, SiteLinks links, String siteTitle) {
        this.articles = articles;
        this.links = links;
        this.siteTitle = siteTitle;
    }

    /** The revisions and the article they belong to, as staff see it. */
    private record History(Optional<StoredArticle> article, List<Revision> revisions) {}

    private History history(String slug) {
        return new History(articles.findForStaff(slug), articles.revisions(slug));
    }

    /** The path's article's history for {@code then}; 404 when there is no such article. */
    private void withHistory(RoutingContext ctx, java.util.function.BiConsumer<String, History> then) {
        String slug = slug(ctx);
        if (slug == null) {
            return;
        }
        Blocking.run(ctx, () -> history(slug), history -> {
            if (history.article().isEmpty()) {
                ErrorResponder.send(ctx, Problem.error(404, "no_article", Map.of("slug", slug)));
            } else {
                then.accept(slug, history);
            }
        });
    }

    /** The fields the {@code i}th revision (the latest first) changed against the one before it. */
    private static List<String> changed(List<Revision> revisions, int i) {
        Revision previous = i + 1 < revisions.size() ? revisions.get(i + 1) : null;
        return Changes.fields(previous == null ? null : previous.article(), revisions.get(i).article());
    }

    /** {@code GET /admin/articles/{slug}/history}: every revision, the latest first, with what each changed. */
    void page(RoutingContext ctx) {
        withHistory(ctx, (slug, history) -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            List<Revision> revisions = history.revisions();
            for (int i = 0; i < revisions.size(); i++) {
                Revision revision = revisions.get(i);
                rows.add(Map.of("id", revision.id(), "at", Dates.formatLondonTime(revision.at()), "by", revision.by(),
                        "changed", String.join(", ", changed(revisions, i)), "latest", i == 0));
            }
            Map<String, Object> values = new HashMap<>();
            values.put("slug", slug);
            values.put("title", history.article().get().article().title());
            values.put("revisions", rows);
            values.put("anyRevisions", !rows.isEmpty());
            values.put("version", ArticleApiHandler.version(history.article().get()));
            values.put("csrf", AdminAuth.csrfToken(ctx));
            AdminPageHandler.staffPage(ctx, 200, siteTitle, PageTemplates.STAFF.message("staff_history_title") + " " + slug,
                    PageTemplates.STAFF.body("staff-history", values));
        });
    }

    /** {@code GET /admin/articles/{slug}/revisions/{id}}: what this revision changed, against the one before it. */
    void revisionPage(RoutingContext ctx) {
        String slug = slug(ctx);
        Long id = id(ctx);
        if (slug == null || id == null) {
            return;
        }
        Blocking.run(ctx, () -> history(slug), history -> {
            Optional<Revision> revision = history.revisions().stream().filter(r -> r.id() == id).findFirst();
            if (revision.isEmpty() || history.article().isEmpty()) {
                ErrorResponder.send(ctx, Problem.error(404, "no_revision", Map.of("slug", slug, "id", id)));
                return;
            }
            Optional<Revision> previous = history.revisions().stream().filter(r -> r.id() < id).findFirst();
            AdminPageHandler.staffPage(ctx, 200, siteTitle, PageTemplates.STAFF.message("staff_revision_title") + " " + slug,
                    PageTemplates.STAFF.body("staff-revision", revisionValues(slug, revision.get(), previous,
                            ArticleApiHandler.version(history.article().get()), AdminAuth.csrfToken(ctx))));
        });
    }

    private static Map<String, Object> revisionValues(String slug, Revision revision, Optional<Revision> previous,
            String version, String csrf) {
        var before = previous.map(Revision::article).orElse(null);
        var after = revision.article();
        List<Map<String, Object>> fields = new ArrayList<>();
        for (String field : Changes.fields(before, after)) {
            if (!field.equals("body")) {
                fields.add(Map.of("field", field, "before", before == null ? "" : value(before, field), "after", value(after, field)));
            }
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Changes.Line line : Changes.lines(before == null ? "" : before.body(), after.body())) {
            lines.add(Map.of("text", line.text(), "kind", line.kind().name().toLowerCase(java.util.Locale.ROOT),
                    "added", line.kind() == Changes.Line.Kind.ADDED, "removed", line.kind() == Changes.Line.Kind.REMOVED,
                    "gap", line.kind() == Changes.Line.Kind.GAP));
        }
        Map<String, Object> values = new HashMap<>();
        values.put("slug", slug);
        values.put("id", revision.id());
        values.put("at", Dates.formatLondonTime(revision.at()));
        values.put("by", revision.by());
        values.put("first", previous.isEmpty());
        values.put("fields", fields);
        values.put("anyFields", !fields.isEmpty());
        values.put("lines", lines);
        values.put("anyLines", !lines.isEmpty());
        values.put("version", version);
        values.put("csrf", csrf);
        return values;
    }

    private static String value(uk.org.perusupportgroup.quipu.article.Article article, String field) {
        return switch (field) {
            case "title" -> article.title();
            case "summary" -> article.summary();
            case "published" -> Dates.formatLondonTime(article.published());
            case "updated" -> article.updated().map(Dates::formatLondonTime).orElse("");
            case "status" -> article.status().word();
            case "topics" -> String.join(", ", article.topics());
            case "regions" -> String.join(", ", article.regions());
            case "language" -> article.language();
            case "translation" -> article.translation().orElse("");
            case "author" -> article.author().orElse("");
            case "url" -> article.url().map(Object::toString).orElse("");
            case "image" -> article.image().map(image -> "#" + image.mediaId() + " “" + image.alt() + "”"
                    + (image.caption().isEmpty() ? "" : " — " + image.caption()) + (image.credit().isEmpty() ? "" : " (" + image.credit() + ")"))
                    .orElse("");
            default -> "";
        };
    }

    /**
     * {@code POST /admin/articles/{slug}/revisions/{id}/restore}: the revision made the article again (a new revision),
     * unless someone saved it after the page was opened (its {@code version}).
     */
    void restoreFromPage(RoutingContext ctx) {
        String slug = slug(ctx);
        Long id = id(ctx);
        if (slug == null || id == null) {
            return;
        }
        Optional<Instant> unchangedSince = ArticleApiHandler.ifMatch(ctx.request().getFormAttribute("version"));
        String by = Editor.of(ctx);
        Blocking.run(ctx, () -> articles.restoreRevision(slug, id, unchangedSince, by), outcome -> {
            if (outcome instanceof Outcome.Saved) {
                ctx.response().setStatusCode(303).putHeader("Location", "/admin/articles/" + slug + "/history").end();
            } else {
                ErrorResponder.send(ctx, problem(outcome, slug, id));
            }
        });
    }

    /** {@code GET /api/articles/{slug}/revisions}: {@code {revisions: [{id, at, by, changed}]}}, the latest first. */
    void list(RoutingContext ctx) {
        withHistory(ctx, (slug, history) -> {
            JsonArray items = new JsonArray();
            List<Revision> revisions = history.revisions();
            for (int i = 0; i < revisions.size(); i++) {
                Revision revision = revisions.get(i);
                items.add(new JsonObject().put("id", revision.id()).put("at", Dates.format(revision.at())).put("by", revision.by())
                        .put("changed", new JsonArray(changed(revisions, i))));
            }
            json(ctx, new JsonObject().put("revisions", items));
        });
    }

    /** {@code GET /api/articles/{slug}/revisions/{id}}: the article as that revision saved it. */
    void get(RoutingContext ctx) {
        String slug = slug(ctx);
        Long id = id(ctx);
        if (slug == null || id == null) {
            return;
        }
        Blocking.run(ctx, () -> articles.revision(slug, id), revision -> {
            if (revision.isEmpty()) {
                ErrorResponder.send(ctx, Problem.error(404, "no_revision", Map.of("slug", slug, "id", id)));
                return;
            }
            json(ctx, new JsonObject().put("id", id).put("at", Dates.format(revision.get().at())).put("by", revision.get().by())
                    .mergeIn(ArticleJson.fields(revision.get().article(), true)));
        });
    }

    /** {@code POST /api/articles/{slug}/revisions/{id}/restore} (with {@code If-Match} to refuse a stale one): 200. */
    void restore(RoutingContext ctx) {
        String slug = slug(ctx);
        Long id = id(ctx);
        if (slug == null || id == null) {
            return;
        }
        Optional<Instant> unchangedSince = ArticleApiHandler.ifMatch(ctx.request().getHeader("If-Match"));
        String by = Editor.of(ctx);
        Blocking.run(ctx, () -> articles.restoreRevision(slug, id, unchangedSince, by), outcome -> {
            if (outcome instanceof Outcome.Saved saved) {
                ctx.response().putHeader("ETag", ArticleApiHandler.version(saved.article()));
                json(ctx, ArticleJson.write(saved.article(), links, true));
            } else {
                ErrorResponder.send(ctx, problem(outcome, slug, id));
            }
        });
    }

    /** A refused restore as the API answers any refused write; a revision not kept is named as such. */
    private static Problem problem(Outcome outcome, String slug, long id) {
        return outcome instanceof Outcome.NotFound ? Problem.error(404, "no_revision", Map.of("slug", slug, "id", id))
                : ArticleApiHandler.problem(outcome);
    }

    private static String slug(RoutingContext ctx) {
        return AdminPageHandler.slug(ctx);
    }

    /** The path's revision id, or null after answering 404. */
    private static Long id(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (id == null || !id.matches("\\d{1,18}")) {
            ErrorResponder.send(ctx, Problem.error(404, "no_revision", Map.of("slug", String.valueOf(ctx.pathParam("slug")),
                    "id", String.valueOf(id))));
            return null;
        }
        return Long.parseLong(id);
    }

    private static void json(RoutingContext ctx, JsonObject body) {
        ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                .end(body.encodePrettily() + "\n");
    }
}
