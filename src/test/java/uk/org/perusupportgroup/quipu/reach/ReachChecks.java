package uk.org.perusupportgroup.quipu.reach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;

/** What the reach tests share: the User-Agent fixture, the exports read back, every table read for what it holds. */
final class ReachChecks {

    private ReachChecks() {}

    /** One line of {@code reach/user-agents.tsv}. */
    record Agent(String family, boolean aggregator, Long stated, String userAgent) {}

    static List<Agent> agents() {
        try {
            List<Agent> agents = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("src/test/resources/reach/user-agents.tsv"), StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t", 4);
                agents.add(new Agent(parts[0], parts[1].equals("yes"), parts[2].equals("-") ? null : Long.valueOf(parts[2]), parts[3]));
            }
            return agents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CSV export read back with Commons CSV, as JSON rows like the JSON export's. */
    static JsonArray csvRows(String csv) {
        try {
            JsonArray rows = new JsonArray();
            var format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
            for (CSVRecord record : format.parse(new StringReader(csv))) {
                rows.add(new JsonObject().put("day", record.get("day")).put("metric", record.get("metric"))
                        .put("feed", record.get("feed")).put("label", record.get("label"))
                        .put("value", Long.parseLong(record.get("value"))));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads every column of every row of every table of the database, text and bytes, and fails naming the table and
     * column where any of {@code secrets} is found (compared without case; bytes as ISO-8859-1 text).
     */
    static int assertNowhere(QuipuConfig.Db db, Collection<String> secrets) throws SQLException {
        int cells = 0;
        try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            List<String> tables = new ArrayList<>();
            DatabaseMetaData meta = connection.getMetaData();
            String schema = db.isPostgres() ? "public" : "PUBLIC";
            try (ResultSet rows = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_NAME"));
                }
            }
            assertFalse(tables.isEmpty(), "the database has tables");
            for (String table : tables) {
                try (Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    ResultSetMetaData columns = rows.getMetaData();
                    while (rows.next()) {
                        for (int c = 1; c <= columns.getColumnCount(); c++) {
                            Object value = rows.getObject(c);
                            if (value == null) {
                                continue;
                            }
                            cells++;
                            String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1)
                                    : value.toString();
                            String lower = text.toLowerCase(Locale.ROOT);
                            for (String secret : secrets) {
                                assertFalse(lower.contains(secret.toLowerCase(Locale.ROOT)),
                                        table + "." + columns.getColumnName(c) + " holds '" + secret + "'");
                            }
                        }
                    }
                }
            }
        }
        return cells;
    }

    static void assertSameRows(JsonArray expected, JsonArray actual) {
        assertEquals(expected.encodePrettily(), actual.encodePrettily());
    }
}
