package uk.org.perusupportgroup.quipu.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
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
        String notice = Optional.ofNullable(ctx.request().getParam("polled")).map(id -> "<p role=\"status\">Polled "
                + Html.escape(id) + ".</p>\n").orElse("");
        Blocking.run(ctx, poller::health, health -> AdminPageHandler.staffPage(ctx, 200, siteTitle, "Partner sources",
                notice + table(health)));
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
            ErrorResponder.send(ctx, Problem.of(404, "unknown partner source '" + id + "'"));
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

    private String table(List<SourceHealth> health) {
        if (health.isEmpty()) {
            return "<p>No partner sources are configured (config/partners.yaml).</p>\n";
        }
        StringBuilder html = new StringBuilder("<h1>Partner sources</h1>\n<p>The same data as <code>GET /api/partners</code>."
                + " Times are UTC.</p>\n<table>\n<thead><tr><th scope=\"col\">Source</th><th scope=\"col\">Status</th>"
                + "<th scope=\"col\">Last fetch</th><th scope=\"col\">HTTP</th><th scope=\"col\">Items</th>"
                + "<th scope=\"col\">Stored</th><th scope=\"col\">Last new item</th><th scope=\"col\">Errors</th>"
                + "<th scope=\"col\">Next check</th><th scope=\"col\">Last error</th><th scope=\"col\"></th></tr></thead>\n<tbody>\n");
        for (SourceHealth h : health) {
            var state = h.state();
            String id = h.source().id();
            html.append("<tr><td><a href=\"").append(Html.escape(h.source().url().toString())).append("\">")
                    .append(Html.escape(h.source().name())).append("</a><br><code>").append(Html.escape(id)).append("</code> · ")
                    .append(h.source().kind().value()).append("</td><td>").append(h.status()).append("</td><td>")
                    .append(cell(time(state.lastFetchAt()))).append("</td><td>")
                    .append(state.lastStatus().map(String::valueOf).orElse("–")).append("</td><td>").append(state.itemsLast())
                    .append("</td><td>").append(h.stored()).append("</td><td>").append(cell(time(state.lastNewItemAt())))
                    .append("</td><td>").append(state.consecutiveErrors()).append("</td><td>").append(cell(time(h.nextCheck())))
                    .append("</td><td>").append(cell(state.lastError().orElse(null))).append("</td><td><form method=\"post\" action=\"")
                    .append("/admin/partners/").append(Html.escape(id)).append("/refresh\"><button type=\"submit\">Poll now</button>")
                    .append("</form></td></tr>\n");
        }
        return html.append("</tbody>\n</table>\n").toString();
    }

    private static String cell(String value) {
        return value == null ? "–" : Html.escape(value);
    }
}
