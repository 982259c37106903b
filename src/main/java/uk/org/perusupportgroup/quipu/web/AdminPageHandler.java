package uk.org.perusupportgroup.quipu.web;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.article.ArticleValidator;
import uk.org.perusupportgroup.quipu.article.Dates;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.FieldError;
import uk.org.perusupportgroup.quipu.article.Origin;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.StoredArticle;
import uk.org.perusupportgroup.quipu.article.Term;
import uk.org.perusupportgroup.quipu.article.Vocabulary;
import uk.org.perusupportgroup.quipu.publish.ArticleFileImporter;
import uk.org.perusupportgroup.quipu.publish.ArticleService;
import uk.org.perusupportgroup.quipu.publish.ArticleService.Outcome;
import uk.org.perusupportgroup.quipu.publish.Catalogue;
import uk.org.perusupportgroup.quipu.store.ArticleStore;

/**
 * The editor's pages, {@code /admin/articles}: list, create, edit and delete articles with the same
 * rules as the API, each problem shown next to its field. Plain forms, no JavaScript.
 */
final class AdminPageHandler {

    private static final String[] TEXT_FIELDS = {"title", "summary", "body", "published", "updated", "language", "author", "url"};

    private final ArticleService articles;
    private final Catalogue catalogue;
    private final Vocabulary vocabulary;
    private final String siteTitle;
    private final Supplier<List<String>> fileProblems;
    private final ArticleFileImporter importer;

    AdminPageHandler(ArticleService articles, Catalogue catalogue, Vocabulary vocabulary, String siteTitle,
            Supplier<List<String>> fileProblems, ArticleFileImporter importer) {
        this.articles = articles;
        this.catalogue = catalogue;
        this.vocabulary = vocabulary;
        this.siteTitle = siteTitle;
        this.fileProblems = fileProblems;
        this.importer = importer;
    }

    /** What the list page shows besides the articles: removals waiting for staff, and removed articles to restore. */
    private record Desk(Catalogue.Listing listing, List<ArticleStore.HeldRemoval> held, List<ArticleStore.Removed> removed) {}

    void home(RoutingContext ctx) {
        ctx.response().setStatusCode(303).putHeader("Location", "/admin/articles").end();
    }

    void list(RoutingContext ctx) {
        Optional<Problem> bad = QueryParameters.check(ctx);
        if (bad.isPresent()) {
            ErrorResponder.send(ctx, bad.get());
            return;
        }
        int page = QueryParameters.page(ctx);
        String notice = ctx.request().getParam("done");
        Blocking.run(ctx, () -> new Desk(catalogue.listing(Scope.ALL, Origin.ANY, page), importer.heldRemovals(),
                articles.restorable()), desk -> page(ctx, 200, "Articles", listPage(desk, notice)));
    }

    /**
     * {@code POST /admin/articles/removals}: staff confirm the held removals the page showed them ({@code slug} fields);
     * ones that appeared since, or whose file came back, stay.
     */
    void confirmRemovals(RoutingContext ctx) {
        java.util.Set<String> slugs = new java.util.HashSet<>(ctx.request().formAttributes().getAll("slug"));
        Blocking.run(ctx, () -> importer.confirmRemovals(slugs), removed -> redirect(ctx, "removed " + removed));
    }

    /** {@code POST /admin/articles/{slug}/restore}: a removed article published again. */
    void restore(RoutingContext ctx) {
        String slug = slug(ctx);
        if (slug == null) {
            return;
        }
        Blocking.run(ctx, () -> articles.restore(slug), outcome -> {
            if (outcome instanceof Outcome.Saved) {
                redirect(ctx, "restored " + slug);
            } else {
                ErrorResponder.send(ctx, Problem.of(status(outcome), errors(outcome).stream().map(FieldError::message)
                        .collect(Collectors.joining("; "))));
            }
        });
    }

    void newForm(RoutingContext ctx) {
        Map<String, Object> blank = new LinkedHashMap<>();
        blank.put("language", "en");
        page(ctx, 200, "New article", form("New article", "/admin/articles/new", blank, List.of(), true));
    }

    void create(RoutingContext ctx) {
        Map<String, Object> fields = fields(ctx.request().formAttributes(), true);
        Blocking.run(ctx, () -> articles.create(fields), outcome -> {
            if (outcome instanceof Outcome.Saved saved) {
                redirect(ctx, "saved " + saved.article().article().slug());
            } else {
                page(ctx, status(outcome), "New article", form("New article", "/admin/articles/new", fields, errors(outcome), true));
            }
        });
    }

    /** The path's slug, or null after answering 404 when it cannot be one. */
    private static String slug(RoutingContext ctx) {
        String slug = ctx.pathParam("slug");
        if (ArticleValidator.checkSlug(slug).isPresent()) {
            ErrorResponder.send(ctx, Problem.of(404, "no such article"));
            return null;
        }
        return slug;
    }

    void editForm(RoutingContext ctx) {
        String slug = slug(ctx);
        if (slug == null) {
            return;
        }
        Blocking.run(ctx, () -> articles.find(slug), found -> {
            if (found.isEmpty()) {
                ErrorResponder.send(ctx, Problem.of(404, "no article '" + slug + "'"));
            } else {
                page(ctx, 200, "Edit " + slug, editPage(found.get()));
            }
        });
    }

    void update(RoutingContext ctx) {
        String slug = slug(ctx);
        if (slug == null) {
            return;
        }
        Map<String, Object> fields = fields(ctx.request().formAttributes(), false);
        Blocking.run(ctx, () -> articles.replace(slug, fields), outcome -> {
            if (outcome instanceof Outcome.Saved) {
                redirect(ctx, "saved " + slug);
            } else {
                page(ctx, status(outcome), "Edit " + slug,
                        form("Edit " + slug, "/admin/articles/" + slug + "/edit", fields, errors(outcome), false));
            }
        });
    }

    void delete(RoutingContext ctx) {
        String slug = slug(ctx);
        if (slug == null) {
            return;
        }
        Blocking.run(ctx, () -> articles.delete(slug), outcome -> {
            if (outcome instanceof Outcome.Deleted) {
                redirect(ctx, "deleted " + slug);
            } else {
                ErrorResponder.send(ctx, Problem.of(status(outcome), errors(outcome).stream().map(FieldError::message)
                        .collect(Collectors.joining("; "))));
            }
        });
    }

    // --- pages -------------------------------------------------------------------------------------

    private String listPage(Desk desk, String notice) {
        Catalogue.Listing listing = desk.listing();
        StringBuilder html = new StringBuilder("<h1>Articles</h1>\n");
        if (notice != null && notice.matches("(saved|deleted|restored) [a-z0-9-]{1,120}")) {
            html.append("<p role=\"status\"><strong>").append(Html.escape(notice.substring(0, 1).toUpperCase() + notice.substring(1)))
                    .append(".</strong> Every feed it belongs to has changed.")
                    .append(notice.startsWith("deleted") ? " It can be restored below for " + ArticleService.RESTORABLE.toDays()
                            + " days." : "").append("</p>\n");
        } else if (notice != null && notice.matches("removed \\d{1,6}")) {
            html.append("<p role=\"status\"><strong>").append(Html.escape(notice.substring(8))).append(" held removals confirmed.")
                    .append("</strong> They can be restored below for ").append(ArticleService.RESTORABLE.toDays()).append(" days.</p>\n");
        }
        html.append(heldSection(desk.held()));
        html.append("<p><a href=\"/admin/articles/new\">New article</a> · ").append(listing.total())
                .append(" articles. Articles from files in <code>feeds/articles/</code> are changed by editing their file.</p>\n");
        List<String> problems = fileProblems.get().stream().filter(problem -> !ArticleFileImporter.isHoldWarning(problem)).toList();
        if (!problems.isEmpty()) {
            html.append("<h2>Article files with problems</h2>\n<p>These files were not imported (an earlier good version stays published):</p>\n<ul>\n");
            problems.forEach(problem -> html.append("<li class=\"error\">").append(Html.escape(problem)).append("</li>\n"));
            html.append("</ul>\n");
        }
        html.append("<table>\n<thead><tr><th scope=\"col\">Published</th><th scope=\"col\">Title</th><th scope=\"col\">Source</th>"
                + "<th scope=\"col\">Actions</th></tr></thead>\n<tbody>\n");
        for (StoredArticle stored : listing.articles()) {
            Article article = stored.article();
            html.append("<tr><td>").append(Dates.format(article.published())).append("</td><td><a href=\"/articles/")
                    .append(article.slug()).append("\">").append(Html.escape(article.title())).append("</a></td><td>")
                    .append(origin(stored))
                    .append("</td><td>");
            if (article.sourceFile().isEmpty() && stored.partner().isEmpty()) {
                html.append("<a href=\"/admin/articles/").append(article.slug()).append("/edit\">Edit</a>");
            }
            html.append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
        if (listing.page() > 1) {
            html.append("<a href=\"/admin/articles?page=").append(listing.page() - 1).append("\">Newer</a> ");
        }
        if (listing.hasNext()) {
            html.append("<a href=\"/admin/articles?page=").append(listing.page() + 1).append("\">Older</a>");
        }
        html.append(removedSection(desk.removed()));
        return html.toString();
    }

    /** The removals a scan held back: what they are, and the one button that confirms exactly these. */
    private static String heldSection(List<ArticleStore.HeldRemoval> held) {
        if (held.isEmpty()) {
            return "";
        }
        StringBuilder html = new StringBuilder("<section class=\"error\" aria-labelledby=\"held\">\n<h2 id=\"held\">")
                .append(held.size()).append(" article files are missing: nothing was removed</h2>\n")
                .append("<p>More article files disappeared at once than one scan may remove (an empty, unreadable or half-copied"
                        + " <code>feeds/articles/</code> folder looks like this), so these articles are still published. If the"
                        + " files should come back, put them back and this goes away by itself. If they were removed on purpose,"
                        + " confirm below: the articles leave every feed, and can be restored here for ")
                .append(ArticleService.RESTORABLE.toDays()).append(" days.</p>\n")
                .append("<form method=\"post\" action=\"/admin/articles/removals\">\n<ul>\n");
        for (ArticleStore.HeldRemoval removal : held) {
            html.append("<li><code>").append(Html.escape(removal.sourceFile())).append("</code> (<a href=\"/articles/")
                    .append(removal.slug()).append("\">").append(removal.slug()).append("</a>), missing since ")
                    .append(Dates.format(removal.since())).append("<input type=\"hidden\" name=\"slug\" value=\"")
                    .append(removal.slug()).append("\"></li>\n");
        }
        return html.append("</ul>\n<p><button type=\"submit\">Remove these ").append(held.size())
                .append(" articles</button></p>\n</form>\n</section>\n").toString();
    }

    /** Removed articles that can still be restored. */
    private static String removedSection(List<ArticleStore.Removed> removed) {
        if (removed.isEmpty()) {
            return "";
        }
        StringBuilder html = new StringBuilder("<h2 id=\"removed\">Removed articles</h2>\n<p>Kept for ")
                .append(ArticleService.RESTORABLE.toDays()).append(" days after their removal, then deleted for good."
                        + " Restoring publishes an article again in every feed it belonged to; an article whose file is gone"
                        + " becomes one of these pages (edited here, not from a file).</p>\n<table>\n<thead><tr>"
                        + "<th scope=\"col\">Removed</th><th scope=\"col\">Title</th><th scope=\"col\">Why</th>"
                        + "<th scope=\"col\">Actions</th></tr></thead>\n<tbody>\n");
        for (ArticleStore.Removed article : removed) {
            html.append("<tr><td>").append(Dates.format(article.removedAt())).append("</td><td>").append(Html.escape(article.title()))
                    .append("</td><td>").append(Html.escape(article.why())).append("</td><td><form method=\"post\" action=\"/admin/articles/")
                    .append(article.slug()).append("/restore\"><button type=\"submit\">Restore</button></form></td></tr>\n");
        }
        return html.append("</tbody>\n</table>\n").toString();
    }

    /** Where an article comes from, for the list: a file, a partner source, or the API and these pages. */
    private static String origin(StoredArticle stored) {
        return stored.article().sourceFile().map(file -> "file <code>" + Html.escape(file) + "</code>")
                .or(() -> stored.partner().map(partner -> "partner <code>" + Html.escape(partner.sources().get(0)) + "</code>"))
                .orElse("API / this page");
    }

    private String editPage(StoredArticle stored) {
        Article article = stored.article();
        if (stored.partner().isPresent()) {
            return "<h1>" + Html.escape(article.title()) + "</h1>\n<p>This is an item of the partner source <code>"
                    + Html.escape(stored.partner().get().sources().get(0)) + "</code>: it follows its source. Narrow the"
                    + " source's filter in config/partners.yaml to leave it out.</p>";
        }
        if (article.sourceFile().isPresent()) {
            return "<h1>" + Html.escape(article.title()) + "</h1>\n<p>This article comes from the file <code>"
                    + Html.escape(article.sourceFile().get()) + "</code>: edit or delete that file to change it.</p>";
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("title", article.title());
        values.put("summary", article.summary());
        values.put("body", article.body());
        values.put("published", Dates.format(article.published()));
        values.put("updated", article.updated().map(Dates::format).orElse(null));
        values.put("language", article.language());
        values.put("author", article.author().orElse(null));
        values.put("url", article.url().map(Object::toString).orElse(null));
        values.put("topics", article.topics());
        values.put("regions", article.regions());
        return form("Edit “" + article.title() + "”", "/admin/articles/" + article.slug() + "/edit", values, List.of(), false)
                + "<form method=\"post\" action=\"/admin/articles/" + article.slug() + "/delete\"><p><button type=\"submit\">"
                + "Delete this article</button> (it leaves every feed at once)</p></form>";
    }

    private String form(String heading, String action, Map<String, Object> values, List<FieldError> errors, boolean withSlug) {
        Map<String, String> byField = new LinkedHashMap<>();
        errors.forEach(error -> byField.merge(error.field(), error.message(), (a, b) -> a + "; " + b));
        StringBuilder html = new StringBuilder("<h1>").append(Html.escape(heading)).append("</h1>\n");
        if (!errors.isEmpty()) {
            html.append("<p class=\"error\" role=\"alert\">Nothing was saved: ").append(errors.size())
                    .append(errors.size() == 1 ? " problem" : " problems").append(" below.</p>\n");
            byField.keySet().stream().filter(field -> !List.of(TEXT_FIELDS).contains(field) && !field.equals("slug")
                    && !field.equals("topics") && !field.equals("regions"))
                    .forEach(field -> html.append("<p class=\"error\">").append(Html.escape(field + ": " + byField.get(field))).append("</p>\n"));
        }
        html.append("<form method=\"post\" action=\"").append(Html.escape(action)).append("\">\n");
        if (withSlug) {
            input(html, "slug", "Slug (optional: made from the title)", values, byField, "text");
        }
        input(html, "title", "Title", values, byField, "text");
        textarea(html, "summary", "Summary (plain text)", values, byField, 3);
        textarea(html, "body", "Body (Markdown)", values, byField, 16);
        input(html, "published", "Published (2017-11-19 or 2017-11-19T10:30:00Z)", values, byField, "text");
        input(html, "updated", "Updated (optional)", values, byField, "text");
        input(html, "language", "Language (en, es…)", values, byField, "text");
        input(html, "author", "Author (optional)", values, byField, "text");
        input(html, "url", "Canonical URL (optional: the permalink then redirects there)", values, byField, "url");
        for (Facet facet : Facet.values()) {
            checkboxes(html, facet, values, byField);
        }
        return html.append("<p><button type=\"submit\">Save</button></p>\n</form>\n").toString();
    }

    private static void input(StringBuilder html, String name, String label, Map<String, Object> values,
            Map<String, String> errors, String type) {
        html.append("<label for=\"").append(name).append("\">").append(Html.escape(label)).append("</label>\n");
        error(html, name, errors);
        html.append("<input type=\"").append(type).append("\" id=\"").append(name).append("\" name=\"").append(name)
                .append("\" value=\"").append(Html.escape(text(values.get(name)))).append('"')
                .append(errors.containsKey(name) ? " aria-invalid=\"true\" aria-describedby=\"" + name + "-error\"" : "").append(">\n");
    }

    private static void textarea(StringBuilder html, String name, String label, Map<String, Object> values,
            Map<String, String> errors, int rows) {
        html.append("<label for=\"").append(name).append("\">").append(Html.escape(label)).append("</label>\n");
        error(html, name, errors);
        html.append("<textarea id=\"").append(name).append("\" name=\"").append(name).append("\" rows=\"").append(rows).append('"')
                .append(errors.containsKey(name) ? " aria-invalid=\"true\" aria-describedby=\"" + name + "-error\"" : "").append(">")
                .append(Html.escape(text(values.get(name)))).append("</textarea>\n");
    }

    private void checkboxes(StringBuilder html, Facet facet, Map<String, Object> values, Map<String, String> errors) {
        String name = facet.plural();
        Object chosen = values.get(name);
        List<?> selected = chosen instanceof List<?> list ? list : List.of();
        html.append("<fieldset><legend>").append(facet == Facet.TOPIC ? "Topics" : "Regions").append("</legend>\n");
        error(html, name, errors);
        for (Term term : vocabulary.terms(facet)) {
            String id = name + "-" + term.slug();
            html.append("<label for=\"").append(id).append("\"><input type=\"checkbox\" id=\"").append(id).append("\" name=\"")
                    .append(name).append("\" value=\"").append(term.slug()).append('"')
                    .append(selected.contains(term.slug()) ? " checked" : "").append("> ").append(Html.escape(term.nameEn()))
                    .append("</label>\n");
        }
        html.append("</fieldset>\n");
    }

    private static void error(StringBuilder html, String name, Map<String, String> errors) {
        String message = errors.get(name);
        if (message != null) {
            html.append("<p class=\"error\" id=\"").append(name).append("-error\">").append(Html.escape(message)).append("</p>\n");
        }
    }

    private static String text(Object value) {
        return value == null ? "" : value instanceof List<?> list ? String.join(" ", list.stream().map(String::valueOf).toList()) : value.toString();
    }

    // --- helpers -----------------------------------------------------------------------------------

    /** Form fields as the validator takes them: empty optional fields are absent, tags are lists. */
    private static Map<String, Object> fields(MultiMap form, boolean withSlug) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String name : TEXT_FIELDS) {
            String value = form.get(name);
            if (value != null && !value.isBlank()) {
                fields.put(name, value.replace("\r\n", "\n"));
            } else if (ArticleValidator.REQUIRED.contains(name)) {
                fields.put(name, null);
            }
        }
        if (withSlug && form.get("slug") != null && !form.get("slug").isBlank()) {
            fields.put("slug", form.get("slug").strip());
        }
        for (Facet facet : Facet.values()) {
            List<String> tags = form.getAll(facet.plural());
            fields.put(facet.plural(), tags.isEmpty() ? null : tags);
        }
        return fields;
    }

    private static List<FieldError> errors(Outcome outcome) {
        if (outcome instanceof Outcome.Invalid invalid) {
            return invalid.errors();
        }
        if (outcome instanceof Outcome.Conflict conflict) {
            return List.of(new FieldError("slug", conflict.message()));
        }
        if (outcome instanceof Outcome.NotFound notFound) {
            return List.of(new FieldError("slug", "no article '" + notFound.slug() + "'"));
        }
        return List.of();
    }

    private static int status(Outcome outcome) {
        return outcome instanceof Outcome.Conflict ? 409 : outcome instanceof Outcome.NotFound ? 404 : 400;
    }

    private void page(RoutingContext ctx, int status, String title, String body) {
        staffPage(ctx, status, siteTitle, title, body);
    }

    /** A staff page: never cached, with the staff navigation first. */
    static void staffPage(RoutingContext ctx, int status, String siteTitle, String title, String body) {
        Html.send(ctx, status, Html.page(siteTitle, title + " · staff", "", "<nav><p><a href=\"/admin/articles\">All articles</a> · "
                + "<a href=\"/admin/partners\">Partner sources</a></p></nav>\n" + body));
    }

    private static void redirect(RoutingContext ctx, String done) {
        ctx.response().setStatusCode(303).putHeader("Location", "/admin/articles?done=" + done.replace(' ', '+')).end();
    }
}
