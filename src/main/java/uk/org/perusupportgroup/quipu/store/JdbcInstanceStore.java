package uk.org.perusupportgroup.quipu.store;

import static uk.org.perusupportgroup.quipu.store.ArticleRows.timestamp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * {@link InstanceStore} over JDBC: the same SQL on H2 and PostgreSQL. A count is raised by one conditional UPDATE, so
 * two instances counting at once never pass the limit together.
 */
public final class JdbcInstanceStore implements InstanceStore {

    private static final Duration FORGET_INSTANCES = Duration.ofDays(1);
    private static final Duration FORGET_SIGNUPS = Duration.ofHours(2);

    private final DataSource dataSource;

    public JdbcInstanceStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public int heartbeat(String id, Instant startedAt, Instant now, Duration live) {
        return Transactions.write(dataSource, "instance heartbeat", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE quipu_instance SET seen_at = ? WHERE id = ?")) {
                update.setObject(1, timestamp(now));
                update.setString(2, id);
                if (update.executeUpdate() == 0) {
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO quipu_instance (id, started_at, seen_at) VALUES (?, ?, ?)")) {
                        insert.setString(1, id);
                        insert.setObject(2, timestamp(startedAt));
                        insert.setObject(3, timestamp(now));
                        insert.executeUpdate();
                    }
                }
            }
            delete(connection, "DELETE FROM quipu_instance WHERE seen_at < ?", now.minus(FORGET_INSTANCES));
            try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM quipu_instance WHERE seen_at >= ?")) {
                count.setObject(1, timestamp(now.minus(live)));
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    return Math.max(1, rows.getInt(1));
                }
            }
        });
    }

    @Override
    public boolean countSignup(String client, Instant hourStart, int limit) {
        for (int attempt = 1; ; attempt++) {
            try {
                return Transactions.write(dataSource, "sign-up count", connection -> {
                    try (PreparedStatement update = connection.prepareStatement("UPDATE signup_count SET n = n + 1"
                            + " WHERE client = ? AND hour_start = ? AND n < ?")) {
                        update.setString(1, client);
                        update.setObject(2, timestamp(hourStart));
                        update.setInt(3, limit);
                        if (update.executeUpdate() == 1) {
                            return true;
                        }
                    }
                    try (PreparedStatement select = connection.prepareStatement(
                            "SELECT n FROM signup_count WHERE client = ? AND hour_start = ?")) {
                        select.setString(1, client);
                        select.setObject(2, timestamp(hourStart));
                        try (ResultSet rows = select.executeQuery()) {
                            if (rows.next()) {
                                return false;   // the hour's limit is reached
                            }
                        }
                    }
                    delete(connection, "DELETE FROM signup_count WHERE hour_start < ?", hourStart.minus(FORGET_SIGNUPS));
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO signup_count (client, hour_start, n) VALUES (?, ?, 1)")) {
                        insert.setString(1, client);
                        insert.setObject(2, timestamp(hourStart));
                        insert.executeUpdate();
                        return true;
                    }
                });
            } catch (StoreException e) {
                // another instance counted this client's first request of the hour at the same moment: count again
                if (attempt >= 3 || !(e.getCause() instanceof SQLException sql && ArticleRows.isUniqueViolation(sql))) {
                    throw e;
                }
            }
        }
    }

    private static void delete(Connection connection, String sql, Instant before) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setObject(1, timestamp(before));
            delete.executeUpdate();
        }
    }
}
