package uk.org.perusupportgroup.quipu.web;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** {@code /health} (JSON: overall status and each dependency) and {@code /metrics} (Prometheus text). */
final class OpsHandler {

    private final BooleanSupplier databaseUp;
    private final String databaseKind;
    private final Supplier<List<String>> fileProblems;
    private final Supplier<List<String>> partnerProblems;
    private final Supplier<List<String>> alertProblems;
    private final PrometheusMeterRegistry registry;

    /**
     * @param partnerProblems one line per partner source that is failing, gone or empty
     * @param alertProblems one line per trouble with alert mail (relay down, messages waiting too long)
     */
    OpsHandler(BooleanSupplier databaseUp, String databaseKind, Supplier<List<String>> fileProblems,
            Supplier<List<String>> partnerProblems, Supplier<List<String>> alertProblems, PrometheusMeterRegistry registry) {
        this.databaseUp = databaseUp;
        this.databaseKind = databaseKind;
        this.fileProblems = fileProblems;
        this.partnerProblems = partnerProblems;
        this.alertProblems = alertProblems;
        this.registry = registry;
    }

    void health(RoutingContext ctx) {
        ctx.vertx().executeBlocking(databaseUp::getAsBoolean, false).onComplete(result -> {
            boolean up = result.succeeded() && result.result();
            List<String> problems = fileProblems.get();
            List<String> partners = partnerProblems.get();
            List<String> alerts = alertProblems.get();
            JsonObject body = new JsonObject()
                    .put("status", up ? "up" : "down")
                    .put("checks", new JsonObject()
                            .put("database", new JsonObject().put("status", up ? "up" : "down").put("kind", databaseKind))
                            .put("article-files", new JsonObject().put("status", problems.isEmpty() ? "up" : "warn")
                                    .put("problems", problems))
                            // a partner's trouble is a warning: every feed is still served
                            .put("partners", new JsonObject().put("status", partners.isEmpty() ? "up" : "warn")
                                    .put("problems", partners))
                            // so is alert mail that is held up: nothing is lost, it waits in the outbox
                            .put("alerts", new JsonObject().put("status", alerts.isEmpty() ? "up" : "warn")
                                    .put("problems", alerts)));
            ctx.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store").end(body.encodePrettily() + "\n");
        });
    }

    void metrics(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(registry.scrape());
    }
}
