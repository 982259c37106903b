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
import uk.org.perusupportgroup.quipu.aggregate.PartnerPoller;
import uk.org.perusupportgroup.quipu.aggregate.SourceHealth;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.publish.FeedFormat;
import uk.org.perusupportgroup.quipu.publish.SiteLinks;

/**
 * Partner sources for staff: {@code GET /api/partners} and {@code /admin/partners} show the same
 * health of every source; {@code POST /api/partners/{source}/refresh} (and the page's button) polls one now.
 */
final class PartnerHandler {

    private final PartnerPoller poller;
    private final SiteLinks links;
    private final String siteTitle;

    PartnerHandler(PartnerPoller poller, SiteLinks links, String siteTitle) {
        this.poller = poller;
        this.links = links;
        this.siteTitle = siteTitle;
    }

    void list(RoutingContext ctx) {
        Blocking.run(ctx, poller::health, health -> {
            JsonArray sources = new JsonArray();
            health.forEach(h -> sources.add(json(h)));
            ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                    .end(new JsonObject().put("sources", sources).encodePrettily());
        });
    }

    void refresh(RoutingContext ctx) {
        afterPoll(ctx, () -> ctx.vertx().executeBlocking(poller::health, false).onSuccess(health -> {
            String id = ctx.pathParam("source");
            SourceHealth one = health.stream().filter(h -> h.source().id().equals(id)).findFirst().orElseThrow();
            ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                    .end(json(one).encodePrettily());
        }).onFailure(ctx::fail));
    }

    void page(RoutingContext ctx) {
        String polled = Optional.ofNullable(ctx.request().getParam("polled")).orElse("");
        Blocking.run(ctx, poller::health, health -> AdminPageHandler.staffPage(ctx, 200, siteTitle,
                PageTemplates.STAFF.message("partners_title"), table(health, polled, AdminAuth.csrfToken(ctx))));
    }

    void refreshFromPage(RoutingContext ctx) {
        afterPoll(ctx, () -> ctx.response().setStatusCode(303)
                .putHeader("Location", "/admin/partners?polled=" + ctx.pathParam("source")).end());
    }

    /** Polls the path's source now, then answers; 404 for an unknown source. */
    private void afterPoll(RoutingContext ctx, Runnable respond) {
        String id = ctx.pathParam("source");
        var polled = poller.refresh(id);
        if (polled.isEmpty()) {
            ErrorResponder.send(ctx, Problem.error(404, "unknown_partner", Map.of("source", id)));
            return;
        }
        Blocking.answer(ctx, polled.get(), done -> respond.run());
    }

    private JsonObject json(SourceHealth h) {
        var state = h.state();
        return new JsonObject()
                .put("id", h.source().id())
                .put("name", h.source().name())
                .put("kind", h.source().kind().value())
                .put("url", h.source().url().toString())
                .put("home", h.source().home().toString())
                .put("reuse", h.source().reuse().value())
                .put("status", h.status())
                .put("lastFetch", time(state.lastFetchAt()))
                .put("httpStatus", state.lastStatus().orElse(null))
                .put("items", state.itemsLast())
                .put("stored", h.stored())
                .put("lastNewItem", time(state.lastNewItemAt()))
                .put("consecutiveErrors", state.consecutiveErrors())
                .put("failingSince", time(state.failingSince()))
                .put("nextCheck", time(h.nextCheck()))
                .put("lastError", state.lastError().orElse(null))
                .put("feed", links.feed(Scope.partner(h.source().id()), FeedFormat.ATOM));
    }

    private static String time(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }

    /** The staff page's body: each source's health, as in {@code GET /api/partners}. */
    private static String table(List<SourceHealth> health, String polled, String csrf) {
        List<Map<String, Object>> sources = new ArrayList<>();
        for (SourceHealth h : health) {
            var state = h.state();
            Map<String, Object> row = new HashMap<>();
            row.put("url", h.source().url().toString());
            row.put("name", h.source().name());
            row.put("id", h.source().id());
            row.put("kind", h.source().kind().value());
            row.put("status", h.status());
            row.put("lastFetch", cell(time(state.lastFetchAt())));
            row.put("http", state.lastStatus().map(String::valueOf).orElse("–"));
            row.put("items", state.itemsLast());
            row.put("stored", h.stored());
            row.put("lastNew", cell(time(state.lastNewItemAt())));
            row.put("errors", state.consecutiveErrors());
            row.put("next", cell(time(h.nextCheck())));
            row.put("lastError", cell(state.lastError().orElse(null)));
            sources.add(row);
        }
        return PageTemplates.STAFF.body("partner-sources", Map.of("polled", polled, "sources", sources, "any", !sources.isEmpty(),
                "csrf", csrf));
    }

    private static String cell(String value) {
        return value == null ? "–" : value;
    }
}
