package uk.org.perusupportgroup.quipu.web;

import uk.org.perusupportgroup.quipu.text.Messages;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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
import uk.org.perusupportgroup.quipu.article.Translation;
import uk.org.perusupportgroup.quipu.article.Vocabulary;
import uk.org.perusupportgroup.quipu.publish.ArticleFileImporter;
import uk.org.perusupportgroup.quipu.publish.ArticleMedia;
import uk.org.perusupportgroup.quipu.publish.ArticleService;
import uk.org.perusupportgroup.quipu.publish.ArticleService.Outcome;
import uk.org.perusupportgroup.quipu.publish.Catalogue;
import uk.org.perusupportgroup.quipu.staff.StaffMember;
import uk.org.perusupportgroup.quipu.store.ArticleStore;

/**
 * The editor's pages, {@code /admin/articles}: list, create, edit and delete articles with the same
 * rules as the API, each problem shown next to its field. Plain forms, no JavaScript. The pages come from the templates
 * {@code staff*.html} and their sentences from the bundle, as every page's.
 */
final class AdminPageHandler {

    private static final String[] TEXT_FIELDS = {"title", "summary", "body", "published", "updated", "language", "translation",
        "author", "url"};
    /** The lead image's inputs: the upload's id and what this article says of it. */
    private static final List<String> IMAGE_FIELDS = List.of("image_id", "image_alt", "image_caption", "image_credit");
    /** The fields that take a London wall-clock time ({@code 2026-12-07 08:00}) besides the validator's forms. */
    private static final List<String> DATES = List.of("published", "updated");

    private final ArticleService articles;
    private final Catalogue catalogue;
    private final Vocabulary vocabulary;
    private final String siteTitle;
    private final Supplier<List<String>> fileProblems;
    private final ArticleFileImporter importer;
    /** The reader pages, for previews. */
    private final PageHandler pages;

    AdminPageHandler(ArticleService articles, Catalogue catalogue, Vocabulary vocabulary, String siteTitle,
            Supplier<List<String>> fileProblems, ArticleFileImporter importer, PageHandler pages) {
        this.pages = pages;
        this.articles = articles;
        this.catalogue = catalogue;
        this.vocabulary = vocabulary;
        this.siteTitle = siteTitle;
        this.fileProblems = fileProblems;
        this.importer = importer;
    }

    /**
     * What the list page shows besides the articles: drafts and scheduled ones, removals waiting for staff, and removed
     * articles to restore.
     */
    private record Desk(Catalogue.Listing listing, List<StoredArticle> drafts, List<ArticleStore.HeldRemoval> held,
            List<ArticleStore.Removed> removed) {}

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
        Blocking.run(ctx, () -> new Desk(catalogue.listing(Scope.ALL, Origin.ANY, page), articles.held(),
                importer.heldRemovals(), articles.restorable()), desk -> page(ctx, 200, PageTemplates.STAFF.message("staff_articles"),
                listPage(desk, notice, AdminAuth.csrfToken(ctx))));
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
        String by = Editor.of(ctx);
        act(ctx, slug -> articles.restore(slug, by), Outcome.Saved.class, "restored");
    }

    void newForm(RoutingContext ctx) {
        Map<String, Object> blank = new LinkedHashMap<>();
        blank.put("language", "en");
        page(ctx, 200, PageTemplates.STAFF.message("staff_new_article"), form(null, "", blank, List.of(), AdminAuth.csrfToken(ctx)));
    }

    void create(RoutingContext ctx) {
        Map<String, Object> fields = fields(ctx.request().formAttributes(), true);
        String by = Editor.of(ctx);
        Blocking.run(ctx, () -> articles.create(fields, by), outcome -> {
            if (outcome instanceof Outcome.Saved saved) {
                redirect(ctx, savedAs(saved) + " " + saved.article().article().slug());
            } else {
                page(ctx, status(outcome), PageTemplates.STAFF.message("staff_new_article"), form(null, "", fields, errors(outcome),
                        AdminAuth.csrfToken(ctx)));
            }
        });
    }

    /**
     * {@code POST /admin/articles/preview} (the form's Preview button, in a new tab): the article's page as it will
     * look, nothing saved; the form again with its problems when it could not be saved.
     */
    void preview(RoutingContext ctx) {
        Map<String, Object> fields = fields(ctx.request().formAttributes(), true);
        record Shown(Outcome outcome, Optional<ArticleMedia.Picture> picture, List<Translation> translations) {}
        Blocking.run(ctx, () -> {
            Outcome outcome = articles.preview(fields);
            return outcome instanceof Outcome.Preview preview
                    ? new Shown(outcome, pages.picture(preview.article()), pages.translations(preview.article()))
                    : new Shown(outcome, Optional.empty(), List.of());
        }, shown -> {
            Outcome outcome = shown.outcome();
            if (outcome instanceof Outcome.Preview preview) {
                Html.send(ctx, 200, pages.articlePage(PageTemplates.STAFF, preview.article(), PageTemplates.STAFF.message("article_preview"),
                        shown.picture(), shown.translations()));
            } else {
                page(ctx, status(outcome), PageTemplates.STAFF.message("staff_preview_title"), form(null, "", fields, errors(outcome),
                        AdminAuth.csrfToken(ctx)));
            }
        });
    }

    /** The path's slug, or null after answering 404 when it cannot be one. */
    static String slug(RoutingContext ctx) {
        String slug = ctx.pathParam("slug");
        if (ArticleValidator.checkSlug(slug).isPresent()) {
            ErrorResponder.send(ctx, Problem.error(404, "no_such_article"));
            return null;
        }
        return slug;
    }

    /**
     * {@code GET /admin/articles/{slug}/preview}: a draft's or scheduled article's page as readers will see it, saying
     * that only staff see it yet; any other article's page as it is.
     */
    void storedPreview(RoutingContext ctx) {
        String slug = slug(ctx);
        if (slug == null) {
            return;
        }
        record Shown(Optional<StoredArticle> article, Optional<ArticleMedia.Picture> picture, List<Translation> translations) {}
        Blocking.run(ctx, () -> {
            Optional<StoredArticle> found = articles.findForStaff(slug);
            return new Shown(found, found.flatMap(pages::picture), found.map(pages::translations).orElse(List.of()));
        }, shown -> {
            if (shown.article().isEmpty()) {
                ErrorResponder.send(ctx, Problem.error(404, "no_article", Map.of("slug", slug)));
                return;
            }
            Article article = shown.article().get().article();
            String notice = article.draft() ? PageTemplates.STAFF.message("article_draft_notice")
                    : articles.heldNow(article) ? Messages.PAGES.get("article_scheduled_notice",
                            Map.of("at", Dates.formatLondonTime(article.published())))
                    : "";
            Html.send(ctx, 200, pages.articlePage(PageTemplates.STAFF, shown.article().get(), notice, shown.picture(),
                    shown.translations()));
        });
    }

    void editForm(RoutingContext ctx) {
        withStored(ctx, stored -> page(ctx, 200, editTitle(stored.article().slug()), editPage(stored, AdminAuth.csrfToken(ctx))));
    }

    /** The path's article as staff see it (published, draft or scheduled) for {@code then}; 404 when there is none. */
    private void withStored(RoutingContext ctx, java.util.function.Consumer<StoredArticle> then) {
        String slug = slug(ctx);
        if (slug == null) {
            return;
        }
        Blocking.run(ctx, () -> articles.findForStaff(slug), found -> {
            if (found.isEmpty()) {
                ErrorResponder.send(ctx, Problem.error(404, "no_article", Map.of("slug", slug)));
            } else {
                then.accept(found.get());
            }
        });
    }

    void update(RoutingContext ctx) {
        String slug = slug(ctx);
        if (slug == null) {
            return;
        }
        Map<String, Object> fields = fields(ctx.request().formAttributes(), false);
        // the version the editor opened: a save over someone else's later one is refused
        String version = ctx.request().getFormAttribute("version");
        Optional<Instant> unchangedSince = ArticleApiHandler.ifMatch(version);
        String by = Editor.of(ctx);
        Blocking.run(ctx, () -> articles.replace(slug, fields, unchangedSince, by), outcome -> {
            if (outcome instanceof Outcome.Saved saved) {
                redirect(ctx, savedAs(saved) + " " + slug);
            } else {
                Map<String, Object> shown = new LinkedHashMap<>(fields);
                shown.put("version", version == null ? "" : version);
                page(ctx, status(outcome), editTitle(slug), form(slug, "", shown, errors(outcome), AdminAuth.csrfToken(ctx)));
            }
        });
    }

    void delete(RoutingContext ctx) {
        String by = Editor.of(ctx);
        act(ctx, slug -> articles.delete(slug, by), Outcome.Deleted.class, "deleted");
    }

    /** {@code POST /admin/articles/{slug}/tags}: a partner item's topics and regions, kept through later polls. */
    void retag(RoutingContext ctx) {
        Map<String, Object> fields = Map.of("topics", ctx.request().formAttributes().getAll("topics"),
                "regions", ctx.request().formAttributes().getAll("regions"));
        act(ctx, slug -> articles.retag(slug, fields), Outcome.Saved.class, "saved");
    }

    /** {@code GET /admin/queue}: the partner items of pre-moderated sources waiting for approval. */
    void queue(RoutingContext ctx) {
        Blocking.run(ctx, () -> {
            List<Map<String, Object>> items = new ArrayList<>();
            for (ArticleStore.Removed held : articles.awaitingApproval()) {
                items.add(Map.of("slug", held.slug(), "title", held.title(), "since", Dates.format(held.removedAt())));
            }
            return items;
        }, items -> page(ctx, 200, PageTemplates.STAFF.message("staff_queue_title"),
                PageTemplates.STAFF.body("staff-queue", Map.of("items", items, "csrf", AdminAuth.csrfToken(ctx)))));
    }

    /** {@code POST /admin/queue/{slug}/approve}: a waiting partner item published, its alerts sent. */
    void approve(RoutingContext ctx) {
        act(ctx, slug -> articles.approve(slug), Outcome.Saved.class, "approved");
    }

    /** {@code POST /admin/articles/{slug}/hide}: a partner item hidden, with why. */
    void hide(RoutingContext ctx) {
        String reason = ctx.request().getFormAttribute("reason");
        act(ctx, slug -> articles.hide(slug, reason), Outcome.Deleted.class, "hidden");
    }

    /**
     * Runs a staff action on the path's slug, then back to the list saying it was {@code done}; a refusal is answered
     * with its problems.
     */
    private void act(RoutingContext ctx, Function<String, Outcome> work, Class<? extends Outcome> success, String done) {
        String slug = slug(ctx);
        if (slug == null) {
            return;
        }
        Blocking.run(ctx, () -> work.apply(slug), outcome -> {
            if (success.isInstance(outcome)) {
                redirect(ctx, done + " " + slug);
            } else {
                ErrorResponder.send(ctx, Problem.of(status(outcome), errors(outcome).stream().map(FieldError::message)
                        .collect(Collectors.joining("; "))));
            }
        });
    }

    /** What the list page's notice says of a save: saved (and published), kept as a draft, or scheduled. */
    private String savedAs(Outcome.Saved saved) {
        Article article = saved.article().article();
        return article.draft() ? "drafted" : articles.heldNow(article) ? "scheduled" : "saved";
    }

    // --- pages -------------------------------------------------------------------------------------

    private String listPage(Desk desk, String notice, String csrf) {
        Catalogue.Listing listing = desk.listing();
        Map<String, Object> values = new HashMap<>();
        values.put("csrf", csrf);
        boolean done = notice != null && notice.matches("(saved|drafted|scheduled|deleted|restored|hidden|approved) [a-z0-9-]{1,120}");
        String action = done ? notice.substring(0, notice.indexOf(' ')) : "";
        values.put("done", done ? notice.substring(action.length() + 1) : "");
        values.put("saved", action.equals("saved"));
        values.put("drafted", action.equals("drafted"));
        values.put("scheduled", action.equals("scheduled"));
        values.put("public", !action.equals("drafted") && !action.equals("scheduled"));
        values.put("deleted", action.equals("deleted"));
        values.put("restored", action.equals("restored"));
        values.put("hidden", action.equals("hidden"));
        values.put("approved", action.equals("approved"));
        values.put("confirmed", notice != null && notice.matches("removed \\d{1,6}") ? notice.substring(8) : "");
        values.put("days", ArticleService.RESTORABLE.toDays());
        List<Map<String, Object>> held = new ArrayList<>();
        for (ArticleStore.HeldRemoval removal : desk.held()) {
            held.add(Map.of("file", removal.sourceFile(), "slug", removal.slug(), "since", Dates.format(removal.since())));
        }
        values.put("held", held);
        values.put("anyHeld", !held.isEmpty());
        values.put("heldCount", held.size());
        values.put("total", listing.total());
        List<String> problems = fileProblems.get().stream().filter(problem -> !ArticleFileImporter.isHoldWarning(problem)).toList();
        values.put("problems", problems);
        values.put("anyProblems", !problems.isEmpty());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StoredArticle stored : listing.articles()) {
            Article article = stored.article();
            String partner = stored.partner().map(p -> p.sources().get(0)).orElse("");
            rows.add(Map.of("published", Dates.format(article.published()), "slug", article.slug(), "title", article.title(),
                    "file", article.sourceFile().orElse(""), "partner", partner,
                    "editable", article.sourceFile().isEmpty() && partner.isEmpty()));
        }
        values.put("articles", rows);
        List<Map<String, Object>> drafts = new ArrayList<>();
        for (StoredArticle stored : desk.drafts()) {
            Article article = stored.article();
            drafts.add(Map.of("slug", article.slug(), "title", article.title(), "draft", article.draft(),
                    "at", Dates.formatLondonTime(article.published()), "file", article.sourceFile().orElse(""),
                    "editable", article.sourceFile().isEmpty()));
        }
        values.put("drafts", drafts);
        values.put("anyDrafts", !drafts.isEmpty());
        values.put("newer", listing.page() > 1 ? String.valueOf(listing.page() - 1) : "");
        values.put("older", listing.hasNext() ? String.valueOf(listing.page() + 1) : "");
        List<Map<String, Object>> removed = new ArrayList<>();
        for (ArticleStore.Removed article : desk.removed()) {
            removed.add(Map.of("removedAt", Dates.format(article.removedAt()), "title", article.title(), "why", article.why(),
                    "slug", article.slug()));
        }
        values.put("removed", removed);
        values.put("anyRemoved", !removed.isEmpty());
        return PageTemplates.STAFF.body("staff-articles", values);
    }

    private String editPage(StoredArticle stored, String csrf) {
        Article article = stored.article();
        if (stored.partner().isPresent() || article.sourceFile().isPresent()) {
            // changed where it comes from, not here
            return PageTemplates.STAFF.body("staff-article-elsewhere", Map.of("title", article.title(), "slug", article.slug(),
                    "partner", stored.partner().map(partner -> partner.sources().get(0)).orElse(""),
                    "file", stored.partner().isPresent() ? "" : article.sourceFile().get(),
                    "facets", facets(Map.of("topics", article.topics(), "regions", article.regions()), Map.of()),
                    "csrf", csrf));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("title", article.title());
        values.put("summary", article.summary());
        values.put("body", article.body());
        values.put("published", Dates.formatLondonTime(article.published()));
        values.put("updated", article.updated().map(Dates::formatLondonTime).orElse(null));
        values.put("status", article.status().word());
        article.image().ifPresent(image -> {
            values.put("image_id", image.mediaId());
            values.put("image_alt", image.alt());
            values.put("image_caption", image.caption());
            values.put("image_credit", image.credit());
        });
        values.put("language", article.language());
        values.put("translation", article.translation().orElse(null));
        values.put("author", article.author().orElse(null));
        values.put("url", article.url().map(Object::toString).orElse(null));
        values.put("topics", article.topics());
        values.put("regions", article.regions());
        values.put("version", ArticleApiHandler.version(stored));
        return form(article.slug(), article.title(), values, List.of(), csrf);
    }

    /**
     * The article form: a new article's ({@code slug} null), or the edit form of {@code slug}, headed with the article's
     * {@code title} when it is shown afresh (the slug after a refused save), with the delete button; its forms carry
     * {@code csrf}.
     */
    private String form(String slug, String title, Map<String, Object> values, List<FieldError> errors, String csrf) {
        Map<String, String> byField = new LinkedHashMap<>();
        // the lead image's problems (image.alt) belong to its inputs (image_alt)
        errors.forEach(error -> byField.merge(error.field().replace('.', '_'), error.message(), (a, b) -> a + "; " + b));
        boolean isNew = slug == null;
        Map<String, Object> page = new HashMap<>();
        page.put("isNew", isNew);
        page.put("csrf", csrf);
        page.put("slug", isNew ? "" : slug);
        page.put("quoted", title);
        page.put("deletable", !isNew && !title.isEmpty());
        page.put("action", isNew ? "/admin/articles/new" : "/admin/articles/" + slug + "/edit");
        page.put("version", values.getOrDefault("version", ""));
        page.put("draft", Article.Status.DRAFT.word().equals(values.get("status")));
        page.put("anyErrors", !errors.isEmpty());
        page.put("errorCount", errors.size());
        page.put("oneError", errors.size() == 1);
        page.put("otherErrors", byField.keySet().stream().filter(field -> !List.of(TEXT_FIELDS).contains(field)
                && !IMAGE_FIELDS.contains(field) && !field.equals("slug") && !field.equals("topics") && !field.equals("regions"))
                .map(field -> Map.of("field", field, "message", byField.get(field))).toList());
        List<Map<String, Object>> fields = new ArrayList<>();
        if (isNew) {
            fields.add(field("slug", PageTemplates.STAFF.message("staff_label_slug"), "text", values, byField));
        }
        fields.add(field("title", PageTemplates.STAFF.message("staff_label_title"), "text", values, byField));
        fields.add(field("summary", PageTemplates.STAFF.message("staff_label_summary"), 3, values, byField));
        fields.add(field("body", PageTemplates.STAFF.message("staff_label_body"), 16, values, byField));
        fields.add(field("published", PageTemplates.STAFF.message("staff_label_published"), "text", values, byField));
        fields.add(field("updated", PageTemplates.STAFF.message("staff_label_updated"), "text", values, byField));
        fields.add(field("language", PageTemplates.STAFF.message("staff_label_language"), "text", values, byField));
        fields.add(field("translation", PageTemplates.STAFF.message("staff_label_translation"), "text", values, byField,
                PageTemplates.STAFF.message("staff_hint_translation")));
        fields.add(field("author", PageTemplates.STAFF.message("staff_label_author"), "text", values, byField));
        fields.add(field("url", PageTemplates.STAFF.message("staff_label_url"), "url", values, byField));
        page.put("fields", fields);
        List<Map<String, Object>> image = new ArrayList<>();
        for (String name : IMAGE_FIELDS) {
            image.add(field(name, PageTemplates.STAFF.message("staff_label_" + name), name.equals("image_caption") ? 2 : "text", values,
                    byField));
        }
        page.put("imageFields", image);
        page.put("facets", facets(values, byField));
        return PageTemplates.STAFF.body("staff-article-form", page);
    }

    /** The topic and region check boxes ({@code tag-boxes.html}), those of {@code values} ticked. */
    private List<Map<String, Object>> facets(Map<String, ?> values, Map<String, String> byField) {
        List<Map<String, Object>> facets = new ArrayList<>();
        for (Facet facet : Facet.values()) {
            String name = facet.plural();
            List<?> selected = values.get(name) instanceof List<?> list ? list : List.of();
            List<Map<String, Object>> terms = vocabulary.terms(facet).stream().<Map<String, Object>>map(term -> Map.of(
                    "id", name + "-" + term.slug(), "slug", term.slug(), "label", term.nameEn(),
                    "checked", selected.contains(term.slug()))).toList();
            facets.add(Map.of("name", name, "topics", facet == Facet.TOPIC, "error", byField.getOrDefault(name, ""), "terms", terms));
        }
        return facets;
    }

    /** An input of the form; @param kind its type ("text", "url"), or the rows of a textarea */
    private static Map<String, Object> field(String name, String label, Object kind, Map<String, Object> values,
            Map<String, String> errors) {
        return field(name, label, kind, values, errors, "");
    }

    /**
     * An input of the form with a hint under its label (or ""): the input names its hint and its problem, if any, in
     * {@code aria-describedby}, so that a screen reader reads them with it.
     */
    private static Map<String, Object> field(String name, String label, Object kind, Map<String, Object> values,
            Map<String, String> errors, String hint) {
        String error = errors.getOrDefault(name, "");
        String describedBy = ((error.isEmpty() ? "" : name + "-error ") + (hint.isEmpty() ? "" : name + "-hint")).strip();
        return Map.of("name", name, "label", label, "type", kind instanceof String type ? type : "", "rows",
                kind instanceof Integer ? kind : "", "value", text(values.get(name)), "error", error, "hint", hint,
                "describedBy", describedBy);
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
            if (value != null && !value.isBlank() && DATES.contains(name)) {
                // a London wall-clock time, as the form asks for, in a form the validator reads
                fields.put(name, Dates.parseLondonTime(value).map(Dates::format).orElse(value));
            } else if (value != null && !value.isBlank()) {
                fields.put(name, value.replace("\r\n", "\n"));
            } else if (ArticleValidator.REQUIRED.contains(name)) {
                fields.put(name, null);
            }
        }
        if (IMAGE_FIELDS.stream().anyMatch(name -> form.get(name) != null && !form.get(name).isBlank())) {
            Map<String, Object> image = new LinkedHashMap<>();
            for (String name : IMAGE_FIELDS) {
                String value = form.get(name);
                if (value != null && !value.isBlank()) {
                    image.put(name.substring("image_".length()), value.strip());
                }
            }
            fields.put("image", image);
        }
        if (form.get("status") != null && !form.get("status").isBlank()) {
            fields.put("status", form.get("status").strip());
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
            return List.of(new FieldError("slug", Messages.ERRORS.get("no_article", Map.of("slug", notFound.slug()))));
        }
        if (outcome instanceof Outcome.Stale stale) {
            return List.of(new FieldError("version", Messages.PAGES.get("staff_changed_since", Map.of("at",
                    Dates.formatLondonTime(stale.changedAt()), "by", stale.changedBy().orElse(Messages.PAGES.get("staff_someone"))))));
        }
        return List.of();
    }

    private static int status(Outcome outcome) {
        return outcome instanceof Outcome.Conflict ? 409 : outcome instanceof Outcome.NotFound ? 404
                : outcome instanceof Outcome.Stale ? 412 : 400;
    }

    private void page(RoutingContext ctx, int status, String title, String body) {
        staffPage(ctx, status, siteTitle, title, body);
    }

    private static String editTitle(String slug) {
        return PageTemplates.STAFF.message("staff_edit") + " " + slug;
    }

    /** A staff page: never cached, with the staff navigation first, saying who is signed in (with a sign-out button). */
    static void staffPage(RoutingContext ctx, int status, String siteTitle, String title, String body) {
        StaffMember member = AdminAuth.member(ctx);
        Html.send(ctx, status, PageTemplates.STAFF.frame(siteTitle, title + " · " + PageTemplates.STAFF.message("staff"), "",
                PageTemplates.STAFF.body("staff", Map.of("body", body, "session", !member.byToken(), "name", member.name(),
                        "csrf", AdminAuth.csrfToken(ctx)))));
    }

    private static void redirect(RoutingContext ctx, String done) {
        ctx.response().setStatusCode(303).putHeader("Location", "/admin/articles?done=" + done.replace(' ', '+')).end();
    }
}
