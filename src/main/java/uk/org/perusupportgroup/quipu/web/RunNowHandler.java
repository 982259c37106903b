package uk.org.perusupportgroup.quipu.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.alert.Alerting;
import uk.org.perusupportgroup.quipu.publish.Publishing;

/**
 * The admin API's "now" for work that otherwise waits for its timer: a scan of the article files (after a deployment
 * has changed them), the release of scheduled articles whose time has come, a round of alerts with the digests that are due and a send (after the relay is back), the
 * daily clean-up (after a retention setting was shortened), and a poll of the bounce mailbox. Each answers what it did, as JSON.
 */
final class RunNowHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RunNowHandler.class);

    private final Publishing publishing;
    private final Alerting alerting;

    RunNowHandler(Publishing publishing, Alerting alerting) {
        this.publishing = publishing;
        this.alerting = alerting;
    }

    /** {@code POST /api/articles/scan}: imported, removed, and the files' problems. */
    void scan(RoutingContext ctx) {
        Blocking.answer(ctx, explained(ctx, publishing.scanNow()), report -> json(ctx, new JsonObject().put("imported", report.imported())
                .put("removed", report.deleted()).put("problems", new JsonArray(report.problems()))));
    }

    /** {@code POST /api/articles/release}: how many scheduled articles went out. */
    void release(RoutingContext ctx) {
        Blocking.answer(ctx, explained(ctx, publishing.releaseNow()), released -> json(ctx, new JsonObject().put("published", released)));
    }

    /** {@code POST /api/alerts/run}: messages queued, sent, and whether sending is paused; 409 when alerts are off. */
    void alerts(RoutingContext ctx) {
        if (!alerting.enabled()) {
            ErrorResponder.send(ctx, Problem.error(409, "alerts_disabled"));
            return;
        }
        Blocking.answer(ctx, explained(ctx, alerting.runNow()), round -> json(ctx, new JsonObject().put("queued", round.queued())
                .put("sent", round.sent()).put("relay", round.relayPaused() ? "paused" : "sending")));
    }

    /**
     * {@code POST /api/bounces/run}: a poll of the bounce mailbox, what it read and did; 409 when none is configured.
     */
    void bounces(RoutingContext ctx) {
        if (!alerting.readsBounces()) {
            ErrorResponder.send(ctx, Problem.error(409, "bounces_not_read"));
            return;
        }
        Blocking.answer(ctx, explained(ctx, alerting.bouncesNow()), poll -> json(ctx, new JsonObject().put("read", poll.read())
                .put("hard", poll.hard()).put("soft", poll.soft()).put("suppressed", poll.suppressed())
                .put("complaints", poll.complaints()).put("alerts_ended", poll.ended()).put("auto_replies", poll.autoReplies())
                .put("untied", poll.untied()).put("unreadable", poll.unreadable()).put("stopped", poll.stopped())));
    }

    /** {@code POST /api/retention/run}: rows removed by each retention, {@code {}} when it already ran today. */
    void retention(RoutingContext ctx) {
        Blocking.answer(ctx, explained(ctx, alerting.cleanUpNow()), done -> {
            var removed = new JsonObject();
            done.forEach(removed::put);
            json(ctx, new JsonObject().put("removed", removed));
        });
    }

    /** The work, or a failure that answers 500 saying why it did not run to the end (the log has the rest). */
    private static <T> Future<T> explained(RoutingContext ctx, Future<T> work) {
        return work.recover(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            LOG.error("admin: {} failed", ctx.request().path(), cause);
            return Future.failedFuture(new ErrorResponder.ProblemException(Problem.error(500, "run_failed",
                    Map.of("problem", String.valueOf(cause.getMessage())))));
        });
    }

    private static void json(RoutingContext ctx, JsonObject body) {
        ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                .end(body.encodePrettily());
    }
}
