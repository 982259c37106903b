package uk.org.perusupportgroup.quipu.store;

import static uk.org.perusupportgroup.quipu.store.ArticleRows.isUniqueViolation;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.timestamp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import javax.sql.DataSource;

/**
 * {@link ReachStore} over JDBC, the same SQL on H2 and PostgreSQL. A row is raised by UPDATE and inserted when it
 * is not there yet; when another instance inserted it at the same moment, the whole batch is written again.
 */
public final class JdbcReachStore implements ReachStore {

    private static final int ATTEMPTS = 3;

    private final DataSource dataSource;

    public JdbcReachStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void write(List<Count> counts, List<Stated> stated, List<Sketch> sketches, BinaryOperator<byte[]> merge) {
        if (counts.isEmpty() && stated.isEmpty() && sketches.isEmpty()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                Transactions.write(dataSource, "reach figures", connection -> {
                    writeCounts(connection, counts);
                    writeStated(connection, stated);
                    writeSketches(connection, sketches, merge);
                    return null;
                });
                return;
            } catch (StoreException e) {
                if (attempt == ATTEMPTS || !(e.getCause() instanceof SQLException sql && isUniqueViolation(sql))) {
                    throw e;
                }
            }
        }
    }

    private static void writeCounts(Connection connection, List<Count> counts) throws SQLException {
        List<Count> adds = new ArrayList<>();
        List<Count> levels = new ArrayList<>();
        for (Count count : counts) {
            (count.level() ? levels : adds).add(count);
        }
        List<Count> missing = new ArrayList<>();
        updateEach(connection, "UPDATE reach_count SET n = n + ? WHERE on_day = ? AND metric = ? AND feed = ? AND label = ?", adds, missing);
        updateEach(connection, "UPDATE reach_count SET n = ? WHERE on_day = ? AND metric = ? AND feed = ? AND label = ?", levels, missing);
        if (missing.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO reach_count (on_day, metric, feed, label, n) VALUES (?, ?, ?, ?, ?)")) {
            for (Count count : missing) {
                insert.setObject(1, count.day());
                insert.setString(2, count.metric());
                insert.setString(3, count.feed());
                insert.setString(4, count.label());
                insert.setLong(5, count.n());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Runs {@code sql} for each count in one batch, and adds those that matched no row to {@code missing}. */
    private static void updateEach(Connection connection, String sql, List<Count> counts, List<Count> missing) throws SQLException {
        if (counts.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            for (Count count : counts) {
                update.setLong(1, count.n());
                update.setObject(2, count.day());
                update.setString(3, count.metric());
                update.setString(4, count.feed());
                update.setString(5, count.label());
                update.addBatch();
            }
            int[] updated = update.executeBatch();
            for (int i = 0; i < updated.length; i++) {
                if (updated[i] == 0) {
                    missing.add(counts.get(i));
                }
            }
        }
    }

    private static void writeStated(Connection connection, List<Stated> stated) throws SQLException {
        for (Stated figure : stated) {
            if (exists(connection, figure)) {
                // a later figure another instance stored stays
                try (PreparedStatement update = connection.prepareStatement("UPDATE reach_stated SET subscribers = ?, stated_at = ?"
                        + " WHERE on_day = ? AND feed = ? AND aggregator = ? AND stated_at <= ?")) {
                    update.setLong(1, figure.subscribers());
                    update.setObject(2, timestamp(figure.statedAt()));
                    update.setObject(3, figure.day());
                    update.setString(4, figure.feed());
                    update.setString(5, figure.aggregator());
                    update.setObject(6, timestamp(figure.statedAt()));
                    update.executeUpdate();
                }
                continue;
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO reach_stated (on_day, feed, aggregator, subscribers, stated_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setObject(1, figure.day());
                insert.setString(2, figure.feed());
                insert.setString(3, figure.aggregator());
                insert.setLong(4, figure.subscribers());
                insert.setObject(5, timestamp(figure.statedAt()));
                insert.executeUpdate();
            }
        }
    }

    private static boolean exists(Connection connection, Stated figure) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM reach_stated WHERE on_day = ? AND feed = ? AND aggregator = ?")) {
            select.setObject(1, figure.day());
            select.setString(2, figure.feed());
            select.setString(3, figure.aggregator());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void writeSketches(Connection connection, List<Sketch> sketches, BinaryOperator<byte[]> merge) throws SQLException {
        for (Sketch sketch : sketches) {
            byte[] stored = null;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT sketch FROM reach_sketch WHERE on_day = ? AND feed = ? FOR UPDATE")) {
                select.setObject(1, sketch.day());
                select.setString(2, sketch.feed());
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        stored = rows.getBytes(1);
                    }
                }
            }
            if (stored == null) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO reach_sketch (on_day, feed, sketch) VALUES (?, ?, ?)")) {
                    insert.setObject(1, sketch.day());
                    insert.setString(2, sketch.feed());
                    insert.setBytes(3, sketch.bytes());
                    insert.executeUpdate();
                }
            } else {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE reach_sketch SET sketch = ? WHERE on_day = ? AND feed = ?")) {
                    update.setBytes(1, merge.apply(stored, sketch.bytes()));
                    update.setObject(2, sketch.day());
                    update.setString(3, sketch.feed());
                    update.executeUpdate();
                }
            }
        }
    }

    @Override
    public List<Count> counts(LocalDate from, LocalDate to) {
        return between("reach figures", "SELECT on_day, metric, feed, label, n FROM reach_count"
                + " WHERE on_day >= ? AND on_day <= ? ORDER BY on_day, metric, feed, label", from, to,
                rows -> new Count(rows.getObject(1, LocalDate.class), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getLong(5), false));
    }

    @Override
    public List<Stated> stated(LocalDate from, LocalDate to) {
        return between("reach stated figures", "SELECT on_day, feed, aggregator, subscribers, stated_at FROM reach_stated"
                + " WHERE on_day >= ? AND on_day <= ? ORDER BY on_day, feed, aggregator", from, to,
                rows -> new Stated(rows.getObject(1, LocalDate.class), rows.getString(2), rows.getString(3), rows.getLong(4),
                        rows.getObject(5, OffsetDateTime.class).toInstant()));
    }

    @Override
    public List<Sketch> sketches(LocalDate from, LocalDate to) {
        return between("reach sketches", "SELECT on_day, feed, sketch FROM reach_sketch"
                + " WHERE on_day >= ? AND on_day <= ? ORDER BY on_day, feed", from, to,
                rows -> new Sketch(rows.getObject(1, LocalDate.class), rows.getString(2), rows.getBytes(3)));
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** The rows of {@code sql}, whose two parameters are the first and last day. */
    private <T> List<T> between(String what, String sql, LocalDate from, LocalDate to, RowReader<T> reader) {
        return Transactions.read(dataSource, what, connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setObject(1, from);
                select.setObject(2, to);
                List<T> found = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(reader.read(rows));
                    }
                }
                return found;
            }
        });
    }

    @Override
    public String dayKey(LocalDate day, LocalDate today, String fresh, Instant now) {
        for (int attempt = 1; ; attempt++) {
            try {
                return Transactions.write(dataSource, "reach key", connection -> {
                    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM reach_key WHERE on_day < ?")) {
                        delete.setObject(1, today);
                        delete.executeUpdate();
                    }
                    try (PreparedStatement select = connection.prepareStatement("SELECT secret FROM reach_key WHERE on_day = ?")) {
                        select.setObject(1, day);
                        try (ResultSet rows = select.executeQuery()) {
                            if (rows.next()) {
                                return rows.getString(1);
                            }
                        }
                    }
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO reach_key (on_day, secret, created_at) VALUES (?, ?, ?)")) {
                        insert.setObject(1, day);
                        insert.setString(2, fresh);
                        insert.setObject(3, timestamp(now));
                        insert.executeUpdate();
                    }
                    return fresh;
                });
            } catch (StoreException e) {
                // another instance stored the day's key at the same moment: take theirs
                if (attempt == ATTEMPTS || !(e.getCause() instanceof SQLException sql && isUniqueViolation(sql))) {
                    throw e;
                }
            }
        }
    }

    @Override
    public int deleteBefore(LocalDate before) {
        return Transactions.write(dataSource, "reach clean-up", connection -> {
            int deleted = 0;
            for (String table : List.of("reach_count", "reach_stated", "reach_sketch")) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE on_day < ?")) {
                    delete.setObject(1, before);
                    deleted += delete.executeUpdate();
                }
            }
            return deleted;
        });
    }
}
