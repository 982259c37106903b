package uk.org.perusupportgroup.quipu.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import uk.org.perusupportgroup.quipu.reach.Metric;
import uk.org.perusupportgroup.quipu.reach.Reach;
import uk.org.perusupportgroup.quipu.reach.ReachReport;

/**
 * {@code GET /api/reach?from=&to=&format=csv|json}: every daily figure of a range (by default the last 30 days), as CSV
 * rows {@code day,metric,feed,label,value} or as JSON with the day's totals too (the same for staff at
 * {@code /admin/reach.csv} and {@code /admin/reach.json}); {@code POST /api/reach/write}: this instance writes what it
 * counted now.
 */
final class ReachHandler {

    /** The longest range asked at once. */
    static final int MOST_DAYS = 1100;
    static final int DEFAULT_DAYS = 30;
    /** The day totals the JSON gives, in order. */
    static final List<String> TOTALS = List.of(Metric.FEED_FULL.id(), Metric.FEED_NOT_MODIFIED.id(), Metric.FEED_BYTES.id(),
            ReachReport.READERS, ReachReport.STATED);
    static final List<String> CSV_HEADER = List.of("day", "metric", "feed", "label", "value");

    private final Reach reach;

    ReachHandler(Reach reach) {
        this.reach = reach;
    }

    /** A range of days asked by {@code from} and {@code to}, each YYYY-MM-DD. */
    record Range(LocalDate from, LocalDate to) {}

    /** The range asked, or the problem with it. */
    static Range range(RoutingContext ctx, LocalDate today) {
        LocalDate to = day(ctx, "to").orElse(today);
        LocalDate from = day(ctx, "from").orElse(to.minusDays(DEFAULT_DAYS - 1));
        if (from.isAfter(to) || from.plusDays(MOST_DAYS).isBefore(to.plusDays(1))) {
            throw new ErrorResponder.ProblemException(Problem.error(400, "bad_reach_range",
                    Map.of("from", from, "to", to, "max", MOST_DAYS)));
        }
        return new Range(from, to);
    }

    private static Optional<LocalDate> day(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            LocalDate day = LocalDate.parse(value.strip());
            if (day.getYear() < 1 || day.getYear() > 9999) {
                throw new DateTimeParseException("outside years 1 to 9999", value, 0);
            }
            return Optional.of(day);
        } catch (DateTimeParseException e) {
            throw new ErrorResponder.ProblemException(Problem.error(400, "bad_reach_day", Map.of("name", name, "value", value)));
        }
    }

    void export(RoutingContext ctx) {
        String format = Optional.ofNullable(ctx.request().getParam("format")).orElse("json");
        if (!format.equals("csv") && !format.equals("json")) {
            ErrorResponder.send(ctx, Problem.error(400, "bad_reach_format", Map.of("format", format)));
            return;
        }
        export(ctx, format);
    }

    /** {@code GET /admin/reach.csv?from=&to=}: what {@code /api/reach?format=csv} gives, for staff signed in. */
    void csv(RoutingContext ctx) {
        export(ctx, "csv");
    }

    /** {@code GET /admin/reach.json?from=&to=}: what {@code /api/reach?format=json} gives, for staff signed in. */
    void json(RoutingContext ctx) {
        export(ctx, "json");
    }

    private void export(RoutingContext ctx, String format) {
        Range range;
        try {
            range = range(ctx, reach.today());
        } catch (ErrorResponder.ProblemException e) {
            ErrorResponder.send(ctx, e.problem());
            return;
        }
        // the report and its text are made on a worker: a range of years is many rows
        Blocking.run(ctx, () -> {
            ReachReport report = reach.report(range.from(), range.to());
            return format.equals("csv") ? csv(report) : json(report).encodePrettily();
        }, body -> {
            var response = ctx.response().putHeader("Cache-Control", "no-store");
            String name = "quipu-reach-" + range.from() + "-to-" + range.to();
            if (format.equals("csv")) {
                response.putHeader("Content-Type", "text/csv; charset=utf-8; header=present")
                        .putHeader("Content-Disposition", "attachment; filename=\"" + name + ".csv\"").end(body);
            } else {
                response.putHeader("Content-Type", "application/json").end(body);
            }
        });
    }

    static String csv(ReachReport report) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(CSV_HEADER.toArray(String[]::new)).get())) {
            for (ReachReport.Row row : report.rows()) {
                printer.printRecord(row.day(), row.metric(), row.feed(), row.label(), row.value());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    JsonObject json(ReachReport report) {
        var days = new JsonArray();
        for (LocalDate day : report.days()) {
            var totals = new JsonObject().put("day", day.toString());
            TOTALS.forEach(metric -> totals.put(metric, report.total(day, metric)));
            days.add(totals);
        }
        var rows = new JsonArray();
        report.rows().forEach(row -> rows.add(new JsonObject().put("day", row.day().toString()).put("metric", row.metric())
                .put("feed", row.feed()).put("label", row.label()).put("value", row.value())));
        return new JsonObject().put("from", report.from().toString()).put("to", report.to().toString())
                .put("counting", reach.counting()).put("days", days).put("rows", rows);
    }

    /** {@code POST /api/reach/write}. */
    void write(RoutingContext ctx) {
        if (!reach.counting()) {
            ErrorResponder.send(ctx, Problem.error(409, "reach_off"));
            return;
        }
        Blocking.answer(ctx, Future.fromCompletionStage(reach.writeNow(), ctx.vertx().getOrCreateContext()), done -> ctx.response()
                .putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                .end(new JsonObject().put("written", true).encode()));
    }
}
