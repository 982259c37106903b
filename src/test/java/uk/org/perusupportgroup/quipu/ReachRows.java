package uk.org.perusupportgroup.quipu;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The rows of {@code /api/reach} ({@link TestServer#reachRows}), added up as a test reads them. */
public final class ReachRows {

    private ReachRows() {}

    /** The sum of the rows' values of this metric, feed and label; a null feed or label: any. */
    public static long sum(JsonArray rows, String metric, String feed, String label) {
        return rows.stream().map(JsonObject.class::cast).filter(row -> row.getString("metric").equals(metric)
                && (feed == null || row.getString("feed").equals(feed)) && (label == null || row.getString("label").equals(label)))
                .mapToLong(row -> row.getLong("value")).sum();
    }
}
