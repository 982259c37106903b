package uk.org.perusupportgroup.quipu.store;

import static uk.org.perusupportgroup.quipu.store.ArticleRows.isUniqueViolation;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.timestamp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link BounceStore} over JDBC: the {@code mail_bounce} table, and the suppressions and alerts it changes. */
public final class JdbcBounceStore implements BounceStore {

    private final DataSource dataSource;

    public JdbcBounceStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<Long> subscriberOf(String addressHash) {
        return Transactions.read(dataSource, "subscriber", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT id FROM subscriber WHERE address_hash = ?")) {
                select.setString(1, addressHash);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<String> addressHashOf(long subscriberId) {
        return Transactions.read(dataSource, "subscriber", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT address_hash FROM subscriber WHERE id = ?")) {
                select.setLong(1, subscriberId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Outcome hard(String addressHash, String reportKey, String status, String reason, Instant now) {
        return recorded(addressHash, reportKey, "hard", status, now,
                connection -> new Outcome(true, suppressIn(connection, addressHash, "hard", status, reason, now), List.of()));
    }

    @Override
    public Outcome soft(String addressHash, String reportKey, String status, Instant now, int limit, Instant since,
            String reason) {
        return recorded(addressHash, reportKey, "soft", status, now, connection -> {
            if (softIn(connection, addressHash, since) < limit) {
                return new Outcome(true, false, List.of());
            }
            return new Outcome(true, suppressIn(connection, addressHash, "soft", status, reason, now), List.of());
        });
    }

    @Override
    public Outcome complaint(long subscriberId, String reportKey, String feedbackType, Instant now) {
        return Transactions.write(dataSource, "complaint", connection -> {
            String hash;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT address_hash FROM subscriber WHERE id = ? FOR UPDATE")) {
                select.setLong(1, subscriberId);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Outcome.ALREADY;
                    }
                    hash = rows.getString(1);
                }
            }
            if (!insert(connection, hash, reportKey, "complaint", feedbackType, now)) {
                return Outcome.ALREADY;
            }
            String detail = "{\"feedback_type\":\"" + jsonSafe(feedbackType) + "\"}";
            return new Outcome(true, false, JdbcAlertStore.endAllIn(connection, subscriberId, "complained", detail, now));
        });
    }

    @Override
    public int softBounces(String addressHash, Instant since) {
        return Transactions.read(dataSource, "bounces", connection -> softIn(connection, addressHash, since));
    }

    @Override
    public int forget(Instant before) {
        return Transactions.write(dataSource, "bounces", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM mail_bounce WHERE happened_at < ?")) {
                delete.setObject(1, timestamp(before));
                return delete.executeUpdate();
            }
        });
    }

    /** The report's row, then {@code then} in the same transaction; nothing at all when the row was already there. */
    private Outcome recorded(String addressHash, String reportKey, String kind, String status, Instant now,
            Transactions.Work<Outcome> then) {
        try {
            return Transactions.write(dataSource, "bounce", connection -> {
                if (!insert(connection, addressHash, reportKey, kind, status, now)) {
                    return Outcome.ALREADY;
                }
                return then.run(connection);
            });
        } catch (StoreException e) {
            // the same report, read by another instance at the same moment
            if (e.getCause() instanceof SQLException sql && isUniqueViolation(sql)) {
                return Outcome.ALREADY;
            }
            throw e;
        }
    }

    /** @return false when the report is already recorded for this address */
    private static boolean insert(Connection connection, String addressHash, String reportKey, String kind, String status,
            Instant now) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM mail_bounce WHERE report_key = ? AND address_hash = ?")) {
            select.setString(1, reportKey);
            select.setString(2, addressHash);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    return false;
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO mail_bounce (address_hash, report_key,"
                + " kind, status, happened_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, addressHash);
            insert.setString(2, reportKey);
            insert.setString(3, kind);
            insert.setString(4, status.length() > 32 ? status.substring(0, 32) : status);
            insert.setObject(5, timestamp(now));
            insert.executeUpdate();
        }
        return true;
    }

    private static int softIn(Connection connection, String addressHash, Instant since) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM mail_bounce WHERE address_hash = ?"
                + " AND kind = 'soft' AND happened_at >= ?")) {
            count.setString(1, addressHash);
            count.setObject(2, timestamp(since));
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** A {@code bounced} consent event, then the suppression (and its event); nothing when already suppressed. */
    private static boolean suppressIn(Connection connection, String addressHash, String bounce, String status, String reason,
            Instant now) throws SQLException {
        if (JdbcAlertStore.suppressedIn(connection, addressHash)) {
            return false;
        }
        JdbcAlertStore.event(connection, addressHash, 0, "bounced", now, null, null, null, detail(bounce, status));
        return JdbcAlertStore.suppressIn(connection, addressHash, reason, now);
    }

    private static String detail(String bounce, String status) {
        return "{\"bounce\":\"" + bounce + "\",\"status\":\"" + jsonSafe(status) + "\"}";
    }

    /** Keeps only characters that need no escaping in a JSON string (a status or feedback type is a short token). */
    private static String jsonSafe(String value) {
        String kept = value.replaceAll("[^A-Za-z0-9._ -]", "");
        return kept.length() > 40 ? kept.substring(0, 40) : kept;
    }
}
