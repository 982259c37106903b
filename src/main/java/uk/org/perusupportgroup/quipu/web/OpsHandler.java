package uk.org.perusupportgroup.quipu.web;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Supplier;
import uk.org.perusupportgroup.quipu.store.DatabaseWatch;

/** {@code /health} (JSON: overall status and each dependency) and {@code /metrics} (Prometheus text). */
final class OpsHandler {

    private final Supplier<DatabaseWatch.State> database;
    private final String databaseKind;
    private final Supplier<List<String>> feedChangeProblems;
    private final Supplier<List<String>> fileProblems;
    private final Supplier<List<String>> partnerProblems;
    private final Supplier<List<String>> alertProblems;
    private final PrometheusMeterRegistry registry;

    /**
     * @param database what the last check of the database found (read, never waited for: /health answers at once
     *     while the database is away)
     * @param feedChangeProblems why this instance is not hearing the other instances' feed changes, if so
     * @param partnerProblems one line per partner source that is failing, gone or empty
     * @param alertProblems one line per trouble with alert mail (relay down, messages waiting too long)
     */
    OpsHandler(Supplier<DatabaseWatch.State> database, String databaseKind, Supplier<List<String>> feedChangeProblems,
            Supplier<List<String>> fileProblems, Supplier<List<String>> partnerProblems, Supplier<List<String>> alertProblems,
            PrometheusMeterRegistry registry) {
        this.database = database;
        this.databaseKind = databaseKind;
        this.feedChangeProblems = feedChangeProblems;
        this.fileProblems = fileProblems;
        this.partnerProblems = partnerProblems;
        this.alertProblems = alertProblems;
        this.registry = registry;
    }

    void health(RoutingContext ctx) {
        DatabaseWatch.State db = database.get();
        boolean up = db.up();
        JsonObject dbCheck = new JsonObject().put("status", up ? "up" : "down").put("kind", databaseKind)
                .put("since", db.since().toString());
        db.problem().ifPresent(problem -> dbCheck.put("problem", problem));
        JsonObject body = new JsonObject()
                .put("status", up ? "up" : "down")
                .put("checks", new JsonObject()
                        .put("database", dbCheck)
                        // another instance's change reaches this one's cached feeds late, not never: a warning
                        .put("feed-changes", warnings(feedChangeProblems.get()))
                        .put("article-files", warnings(fileProblems.get()))
                        // a partner's trouble is a warning: every feed is still served
                        .put("partners", warnings(partnerProblems.get()))
                        // so is alert mail that is held up: nothing is lost, it waits in the outbox
                        .put("alerts", warnings(alertProblems.get())));
        ctx.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(body.encodePrettily() + "\n");
    }

    private static JsonObject warnings(List<String> problems) {
        return new JsonObject().put("status", problems.isEmpty() ? "up" : "warn").put("problems", problems);
    }

    void metrics(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(registry.scrape());
    }
}
