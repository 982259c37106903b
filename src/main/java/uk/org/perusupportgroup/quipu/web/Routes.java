package uk.org.perusupportgroup.quipu.web;

import uk.org.perusupportgroup.quipu.article.Language;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import uk.org.perusupportgroup.quipu.alert.Alerts;
import uk.org.perusupportgroup.quipu.publish.Publishing;
import io.vertx.ext.web.handler.BodyHandler;
import uk.org.perusupportgroup.quipu.publish.FeedFormat;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/** The route table: every URL of the service, one line each. */
public final class Routes {

    /** Largest request body: a bigger one is refused with 413 while it is read. */
    static final long MAX_BODY = 1024 * 1024;

    private Routes() {}

    /**
     * Installs every route on {@code router}.
     *
     * @return what answers a request before the route table, if it can: a cached file of {@code /media/}
     */
    public static Predicate<HttpServerRequest> install(Router router, WebServices s) {
        var sender = new SnapshotSender(s.feedMaxAge());
        var pageSender = new SnapshotSender(Duration.ofMinutes(1));
        Publishing published = s.publishing();
        Alerts alerts = s.alerting().web();
        var feeds = new FeedHandler(published.feeds(), s.vocabulary(), sender, s.metrics());
        var pages = new PageHandler(published.catalogue(), published.feeds(), published.media(), s.vocabulary(), s.links(), s.siteTitle(), pageSender);
        var api = new ArticleApiHandler(published.articles(), published.catalogue(), s.links());
        var admin = new AdminPageHandler(published.articles(), published.catalogue(), s.vocabulary(), s.siteTitle(),
                published.importer()::currentProblems, published.importer(), pages);
        var revisions = new RevisionHandler(published.articles(), s.links(), s.siteTitle());
        var auth = new AdminAuth(s.adminToken(), s.links().base(), s.staff());
        var signIn = new StaffSignInHandler(s.staff(), auth, s.signIns(), s.siteTitle());
        var partners = new PartnerHandler(s.partners(), s.links(), s.siteTitle());
        var ops = new OpsHandler(s.database(), s.databaseKind(), published::feedChangeProblems,
                published.importer()::currentProblems, s.partners()::problems, s.alerting()::problems, s.metrics());
        var now = new RunNowHandler(published, s.alerting());
        var reach = new ReachHandler(s.reach());
        var reachPage = new ReachPageHandler(s.reach(), s.siteTitle());
        var alertPages = new AlertHandler(alerts, s.vocabulary(), s.siteTitle());
        var data = new SubscriberDataHandler(alerts.service(), s.siteTitle());
        var search = new SearchHandler(alerts, s.vocabulary(), s.siteTitle(), sender, new SnapshotSender(s.feedMaxAge(), false),
                s.searchWorkers());
        var body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
        var media = new MediaHandler(s.media(), s.links(), s.mediaWorkers());
        var mediaPage = new MediaPageHandler(media, s.media(), s.siteTitle());
        // an upload: the file up to the media limit, plus room for the form's text fields
        var upload = BodyHandler.create(s.uploads().toString()).setBodyLimit(s.media().limits().maxBytes() + MAX_BODY)
                .setDeleteUploadedFilesOnEnd(true).setMergeFormAttributes(false);
        // costly reads: a fair share per client, counted by every event loop together
        var limit = s.readLimiter();

        // the limiter travels with every request: an error answer to a client that keeps missing goes late
        router.route().handler(limit::attach);
        // an error answered to a browser is a page with the site's name
        router.route().handler(ctx -> ErrorResponder.attach(ctx, s.siteTitle()));
        if (s.behindProxy()) {
            // the client's address (sign-up limits, consent record) from the proxy's X-Forwarded-For
            router.allowForward(io.vertx.ext.web.AllowForwardHeaders.X_FORWARD);
        }
        router.route().failureHandler(ErrorResponder::failure);
        router.errorHandler(404, ctx -> ErrorResponder.send(ctx, Problem.error(404, "not_found", Map.of("path", ctx.normalizedPath()))));
        router.errorHandler(405, ctx -> ErrorResponder.send(ctx, Problem.error(405, "method_not_allowed",
                Map.of("method", ctx.request().method(), "path", ctx.normalizedPath()))));
        // photos and documents staff uploaded: public, immutable; first, as the most requested of all (and a cached
        // one is answered before the route table: see the end)
        read(router, MediaHandler.PREFIX + ":name").handler(media::serve);
        // feeds, each answer counted for reach (unless reach.counting is off)
        var readers = s.reach().readership().map(FeedReaders::new);
        for (FeedFormat format : FeedFormat.values()) {
            for (Language language : Language.values()) {
                counted(read(router, language.path("/feeds/search." + format.extension())), readers).handler(limit::handle)
                        .handler(ctx -> search.feed(ctx, format));
            }
        }
        // every feed in English, and in Spanish under /es/ (titles, descriptions and labels in Spanish)
        for (Language language : Language.values()) {
            String p = language.prefix();
            counted(read(router, p + "/feeds/:file"), readers).handler(feeds::all);
            counted(read(router, p + "/feeds/topics/:file"), readers).handler(feeds::topic);
            counted(read(router, p + "/feeds/regions/:file"), readers).handler(feeds::region);
            counted(read(router, p + "/feeds/partners/:file"), readers).handler(feeds::partner);
            counted(read(router, p + "/feeds.opml"), readers).handler(ctx -> sender.send(ctx, published.opml(language)));
            router.options(p + "/feeds/*").handler(SnapshotSender::preflight);
            router.options(p + "/feeds.opml").handler(SnapshotSender::preflight);
        }
        // pages for people, in English and under /es/ in Spanish (the same paths after it)
        for (Language language : Language.values()) {
            String p = language.prefix();
            read(router, p + "/").handler(pages::directory);
            read(router, p + "/articles").handler(limit::handlePaged).handler(pages::allArticles);
            read(router, p + "/articles/:slug").handler(pages::article);
            read(router, p + "/topics/:slug").handler(limit::handlePaged).handler(pages::topic);
            read(router, p + "/regions/:slug").handler(limit::handlePaged).handler(pages::region);
            read(router, p + "/partners").handler(limit::handlePaged).handler(pages::partners);
            read(router, p + "/partners/:source").handler(limit::handlePaged).handler(pages::partner);
            // alerts: sign-up, then pages reached by signed token links (GET shows, POST acts)
            read(router, p + "/subscribe").handler(alertPages::form);
            router.post(p + "/subscriptions").handler(body).handler(alertPages::subscribe);
            read(router, p + "/subscriptions/confirm").handler(alertPages::confirmPage);
            router.post(p + "/subscriptions/confirm").handler(body).handler(alertPages::confirm);
            read(router, p + "/subscriptions/manage").handler(alertPages::manage);
            router.post(p + "/subscriptions/manage").handler(body).handler(alertPages::change);
            read(router, p + "/subscriptions/data").handler(data::page);
            router.post(p + "/subscriptions/data").handler(body).handler(data::erase);
            router.post(p + "/subscriptions/links").handler(body).handler(data::sendLinks);
            read(router, p + "/subscriptions/preview").handler(limit::handle).handler(search::preview);
            router.post(p + "/subscriptions/preview").handler(body).handler(limit::handle).handler(search::preview);
            read(router, p + "/subscriptions/unsubscribe").handler(alertPages::unsubscribePage);
            router.post(p + "/subscriptions/unsubscribe").handler(body).handler(alertPages::unsubscribe);
        }
        // /es alone: the Spanish directory's address (after the routes above, which take /es/ first)
        router.route("/es").method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(ctx -> ctx.response().setStatusCode(301).putHeader("Location", "/es/").end());
        // a subscriber's data and matches: JSON and Atom, the same in both languages
        read(router, "/subscriptions/export").handler(data::export);
        read(router, "/subscriptions/feed").handler(search::matches);

        read(router, "/health").handler(ops::health);
        read(router, "/metrics").handler(ops::metrics);
        // admin API (Bearer token)
        router.route("/api/*").handler(auth::bearer);
        router.get("/api/articles").handler(api::list);
        router.post("/api/articles").handler(body).handler(api::create);
        router.get("/api/articles/:slug").handler(api::get);
        router.get("/api/drafts").handler(api::held);
        router.get("/api/articles/:slug/revisions").handler(revisions::list);
        router.get("/api/articles/:slug/revisions/:id").handler(revisions::get);
        router.post("/api/articles/:slug/revisions/:id/restore").handler(revisions::restore);
        router.put("/api/articles/:slug").handler(body).handler(api::replace);
        router.delete("/api/articles/:slug").handler(api::delete);
        router.post("/api/articles/:slug/restore").handler(api::restore);
        router.post("/api/articles/:slug/hide").handler(body).handler(api::hide);
        router.post("/api/articles/:slug/approve").handler(api::approve);
        router.get("/api/queue").handler(api::queue);
        router.put("/api/articles/:slug/tags").handler(body).handler(api::retag);
        router.post("/api/media").handler(media::limits);   // a route of its own: Vert.x wants the body handler first on one
        router.post("/api/media").handler(upload).handler(media::upload);
        router.get("/api/media").handler(media::list);
        router.get("/api/media/:id").handler(media::get);
        router.get("/api/partners").handler(partners::list);
        router.get("/api/subscriptions").handler(alertPages::counts);
        router.post("/api/partners/:source/refresh").handler(partners::refresh);
        router.post("/api/articles/scan").handler(now::scan);
        router.post("/api/articles/release").handler(now::release);
        router.post("/api/alerts/run").handler(now::alerts);
        router.post("/api/retention/run").handler(now::retention);
        router.post("/api/bounces/run").handler(now::bounces);
        router.post("/api/reach/write").handler(reach::write);
        router.get("/api/reach").handler(reach::export);
        // staff pages: a named staff member's session (signed in at /admin/signin), or HTTP Basic with the token
        router.get("/admin/signin").handler(signIn::page);
        router.post("/admin/signin").handler(auth::sameOrigin);
        router.post("/admin/signin").handler(body).handler(signIn::signIn);
        router.route("/admin/*").handler(auth::staff);
        router.route("/admin").handler(auth::staff).handler(admin::home);
        router.post("/admin/*").handler(auth::sameOrigin);
        // an upload from the staff page: the API's body limit and upload directory, then the same CSRF check
        router.post("/admin/media").handler(mediaPage::limits);
        router.post("/admin/media").handler(upload).handler(auth::csrf).handler(mediaPage::upload);
        router.post("/admin/*").handler(body);
        router.post("/admin/*").handler(auth::csrf);
        router.post("/admin/signout").handler(signIn::signOut);
        router.get("/admin/token").handler(signIn::byToken);
        router.get("/admin/").handler(admin::home);
        router.get("/admin/articles").handler(admin::list);
        router.get("/admin/articles/new").handler(admin::newForm);
        router.post("/admin/articles/new").handler(admin::create);
        router.post("/admin/articles/preview").handler(admin::preview);
        router.get("/admin/articles/:slug/edit").handler(admin::editForm);
        router.get("/admin/articles/:slug/preview").handler(admin::storedPreview);
        router.get("/admin/articles/:slug/history").handler(revisions::page);
        router.get("/admin/articles/:slug/revisions/:id").handler(revisions::revisionPage);
        router.post("/admin/articles/:slug/revisions/:id/restore").handler(revisions::restoreFromPage);
        router.post("/admin/articles/:slug/edit").handler(admin::update);
        router.post("/admin/articles/:slug/delete").handler(admin::delete);
        router.post("/admin/articles/:slug/restore").handler(admin::restore);
        router.post("/admin/articles/:slug/hide").handler(admin::hide);
        router.get("/admin/queue").handler(admin::queue);
        router.post("/admin/queue/:slug/approve").handler(admin::approve);
        router.post("/admin/articles/:slug/tags").handler(admin::retag);
        router.post("/admin/articles/removals").handler(admin::confirmRemovals);
        router.get("/admin/media").handler(mediaPage::page);
        router.get("/admin/partners").handler(partners::page);
        router.post("/admin/partners/:source/refresh").handler(partners::refreshFromPage);
        router.get("/admin/reach").handler(reachPage::page);
        router.get("/admin/reach.csv").handler(reach::csv);
        router.get("/admin/reach.json").handler(reach::json);
        return media::serveCached;
    }

    /** A GET route that also answers HEAD. */
    /** {@code route}, its answers counted by {@code readers} when there are. */
    private static Route counted(Route route, java.util.Optional<FeedReaders> readers) {
        return readers.isPresent() ? route.handler(readers.get()::count) : route;
    }

    private static Route read(Router router, String path) {
        return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD);
    }
}
