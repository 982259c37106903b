package uk.org.perusupportgroup.quipu.web;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import uk.org.perusupportgroup.quipu.reach.Reach;

/**
 * The staff's reach dashboard, {@code GET /admin/reach?from=&to=&feed=}: the figures of a range of days (by default the
 * last 30) as {@link ReachDashboard} shows them, its charts drawn on the server ({@link ReachCharts}), no script. A bad
 * day or range shows the form again with what is wrong, {@code 400}.
 */
final class ReachPageHandler {

    private final Reach reach;
    private final String siteTitle;

    ReachPageHandler(Reach reach, String siteTitle) {
        this.reach = reach;
        this.siteTitle = siteTitle;
    }

    void page(RoutingContext ctx) {
        String feed = param(ctx, "feed");
        ReachHandler.Range range;
        try {
            range = ReachHandler.range(ctx, reach.today());
        } catch (ErrorResponder.ProblemException e) {
            refused(ctx, e.problem(), feed);
            return;
        }
        Blocking.run(ctx, () -> ReachDashboard.of(reach.report(range.from(), range.to()), feed, reach.today(), reach.counting()),
                values -> show(ctx, 200, values));
    }

    /** The form again, as sent, with the problem in a summary and beside its field. */
    private void refused(RoutingContext ctx, Problem problem, String feed) {
        Map<String, Object> values = ReachDashboard.form(param(ctx, "from"), param(ctx, "to"), feed, List.of(), reach.today(),
                reach.counting());
        String field = "to".equals(problem.values().get("name")) ? "to" : "from";
        values.put("problem", problem.message());
        values.put(field + "Error", problem.message());
        values.put("target", field);
        show(ctx, problem.status(), values);
    }

    private void show(RoutingContext ctx, int status, Map<String, Object> values) {
        AdminPageHandler.staffPage(ctx, status, siteTitle, PageTemplates.STAFF.message("reach_title"),
                PageTemplates.STAFF.body("staff-reach", values));
    }

    private static String param(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        return value == null ? "" : value.strip();
    }
}
