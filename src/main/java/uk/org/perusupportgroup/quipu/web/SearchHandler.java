package uk.org.perusupportgroup.quipu.web;

import uk.org.perusupportgroup.quipu.text.Messages;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.org.perusupportgroup.quipu.alert.Alerts;
import uk.org.perusupportgroup.quipu.alert.SearchService;
import uk.org.perusupportgroup.quipu.alert.AlertService;
import uk.org.perusupportgroup.quipu.alert.Tokens;
import uk.org.perusupportgroup.quipu.article.Language;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.article.FieldError;
import uk.org.perusupportgroup.quipu.article.StoredArticle;
import uk.org.perusupportgroup.quipu.article.Vocabulary;
import uk.org.perusupportgroup.quipu.publish.FeedFormat;
import uk.org.perusupportgroup.quipu.publish.Snapshot;

/**
 * Queries in the alert language over the stored articles: the preview page ({@code /subscriptions/preview}), the public
 * saved-search feeds ({@code /feeds/search.{rss,atom,json}}) and an alert's private feed of matches.
 */
final class SearchHandler {

    private final Alerts alerts;
    private final Vocabulary vocabulary;
    private final String siteTitle;
    private final SnapshotSender publicFeeds;
    private final SnapshotSender privateFeeds;
    private final SearchWorkers workers;

    SearchHandler(Alerts alerts, Vocabulary vocabulary, String siteTitle, SnapshotSender publicFeeds, SnapshotSender privateFeeds,
            SearchWorkers workers) {
        this.alerts = alerts;
        this.vocabulary = vocabulary;
        this.siteTitle = siteTitle;
        this.publicFeeds = publicFeeds;
        this.privateFeeds = privateFeeds;
        this.workers = workers;
    }

    /**
     * The query parameters, or the posted form: {@code q} (or {@code query}), {@code topic}/{@code topics},
     * {@code region}/{@code regions}. The sign-up form posts its preview, so that the address typed in it never
     * appears in a URL.
     */
    static AlertService.Form form(RoutingContext ctx) {
        MultiMap params = ctx.request().method() == io.vertx.core.http.HttpMethod.POST ? ctx.request().formAttributes()
                : ctx.queryParams();
        String q = Optional.ofNullable(params.get("q")).orElse(params.get("query"));
        List<String> topics = new ArrayList<>(params.getAll("topic"));
        topics.addAll(params.getAll("topics"));
        List<String> regions = new ArrayList<>(params.getAll("region"));
        regions.addAll(params.getAll("regions"));
        return new AlertService.Form(params.get("email"), q, topics, regions, params.get("frequency"), params.get("language"));
    }

    void preview(RoutingContext ctx) {
        AlertService.Form form = form(ctx);
        workers.run(ctx, () -> {
            try {
                AlertService.Checked checked = alerts.service()
                        .check(new AlertService.Form(null, form.query(), form.topics(), form.regions(), null, null));
                return new Outcome(alerts.search().preview(checked), List.of());
            } catch (AlertService.InvalidException e) {
                return new Outcome(null, e.errors());
            }
        }, outcome -> {
            AlertService.Form shown = new AlertService.Form(form.email() == null ? "" : form.email(),
                    form.query() == null ? "" : form.query(), form.topics(), form.regions(), form.frequency(), form.language());
            PageTemplates t = PageTemplates.of(ctx);
            StringBuilder body = new StringBuilder();
            if (outcome.preview() != null) {
                body.append(results(t, outcome.preview(), form));
            }
            body.append(AlertPages.signUp(t, shown, outcome.errors(), vocabulary));
            Html.send(ctx, outcome.errors().isEmpty() ? 200 : 400, t.frame(siteTitle,
                    AlertPages.title(t, "preview_title", outcome.errors()), "", body.toString()));
        });
    }

    private record Outcome(SearchService.Preview preview, List<FieldError> errors) {}

    /** What a query finds; with no words, the page says that it gets everything its filters let through. */
    private static String results(PageTemplates t, SearchService.Preview preview, AlertService.Form form) {
        List<Map<String, Object>> newest = new ArrayList<>();
        for (StoredArticle stored : preview.newest()) {
            Article article = stored.article();
            Map<String, Object> row = new HashMap<>();
            row.put("link", article.url().map(Object::toString).orElse(t.path("/articles/" + article.slug())));
            row.put("title", article.title());
            row.put("day", t.day(article.published()));
            row.put("via", stored.partner().map(p -> String.join(", ", p.sources())).orElse(""));
            newest.add(row);
        }
        boolean words = form.query() != null && !form.query().isBlank();
        boolean filtered = !form.topics().isEmpty() || !form.regions().isEmpty();
        return t.body("preview", Map.of("count", preview.lastYear(), "one", preview.lastYear() == 1,
                "none", newest.isEmpty(), "newest", newest,
                "everything", words ? "" : t.message(filtered ? "preview_everything_on" : "preview_everything")));
    }

    /** {@code /feeds/search.{rss,atom,json}?q=&topic=&region=}, and in Spanish under {@code /es/}. */
    void feed(RoutingContext ctx, FeedFormat format) {
        Optional<Problem> badLanguage = QueryParameters.checkLanguage(ctx);
        if (badLanguage.isPresent()) {
            ErrorResponder.send(ctx, badLanguage.get());
            return;
        }
        AlertService.Form form = form(ctx);
        Language language = Language.of(ctx.normalizedPath());
        Optional<Language> written = QueryParameters.written(ctx);
        workers.run(ctx, () -> {
            try {
                AlertService.Checked checked = alerts.service()
                        .check(new AlertService.Form(null, form.query(), form.topics(), form.regions(), null, null));
                return new Answer(Optional.of(alerts.search().feed(checked, format, language, written)), Optional.empty());
            } catch (AlertService.InvalidException e) {
                return new Answer(Optional.empty(), Optional.of(new Problem(400, Messages.ERRORS.get("search_invalid",
                        java.util.Map.of("problem", e.errors().get(0))), e.errors())));
            }
        }, answer -> answer.send(ctx, publicFeeds));
    }

    /** {@code /subscriptions/feed?token=}: the private Atom feed of an alert's matches. */
    void matches(RoutingContext ctx) {
        String token = ctx.request().getParam("token");
        Blocking.run(ctx, () -> {
            try {
                Optional<Snapshot> feed = alerts.service().find(Tokens.Purpose.FEED, token).map(alert ->
                        alerts.search().matches(alert, alerts.composer().feedUrl(alert)));
                return new Answer(feed, feed.isPresent() ? Optional.empty() : Optional.of(Problem.error(410, "alert_gone")));
            } catch (Tokens.InvalidTokenException e) {
                return new Answer(Optional.empty(), Optional.of(Problem.of(e.expired()
                        || e.refusal() == Tokens.Refusal.CANCELLED ? 410 : 400, e.getMessage())));
            }
        }, answer -> answer.send(ctx, privateFeeds));
    }

    /** A document to send, or the problem instead. */
    private record Answer(Optional<Snapshot> snapshot, Optional<Problem> problem) {

        void send(RoutingContext ctx, SnapshotSender sender) {
            if (snapshot.isPresent()) {
                sender.send(ctx, snapshot.get());
            } else {
                ErrorResponder.send(ctx, problem.orElseThrow());
            }
        }
    }
}
