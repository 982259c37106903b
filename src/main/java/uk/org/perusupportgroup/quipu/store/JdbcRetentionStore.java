package uk.org.perusupportgroup.quipu.store;

import static uk.org.perusupportgroup.quipu.store.ArticleRows.timestamp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link RetentionStore} over JDBC, the same SQL on H2 and PostgreSQL: each batch selects the keys of at most
 * {@code batch} old rows and deletes them by key, in one transaction.
 */
public final class JdbcRetentionStore implements RetentionStore {

    private final DataSource dataSource;

    public JdbcRetentionStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean claim(String job, String owner, Instant now, Instant dueIfDoneBefore, Instant leaseUntil) {
        return Transactions.write(dataSource, "job lease", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE quipu_job SET lease_owner = ?, lease_until = ?"
                    + " WHERE name = ? AND (last_done IS NULL OR last_done <= ?)"
                    + " AND (lease_until IS NULL OR lease_until < ? OR lease_owner = ?)")) {
                update.setString(1, owner);
                update.setObject(2, timestamp(leaseUntil));
                update.setString(3, job);
                update.setObject(4, timestamp(dueIfDoneBefore));
                update.setObject(5, timestamp(now));
                update.setString(6, owner);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean renew(String job, String owner, Instant leaseUntil) {
        return Transactions.write(dataSource, "job lease", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE quipu_job SET lease_until = ?"
                    + " WHERE name = ? AND lease_owner = ?")) {
                update.setObject(1, timestamp(leaseUntil));
                update.setString(2, job);
                update.setString(3, owner);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void done(String job, String owner, Instant now) {
        Transactions.write(dataSource, "job lease", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE quipu_job SET last_done = ?, lease_owner = NULL,"
                    + " lease_until = NULL WHERE name = ? AND lease_owner = ?")) {
                update.setObject(1, timestamp(now));
                update.setString(2, job);
                update.setString(3, owner);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Instant> lastDone(String job) {
        return Transactions.read(dataSource, "job", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT last_done FROM quipu_job WHERE name = ?")) {
                select.setString(1, job);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.ofNullable(rows.getObject(1, OffsetDateTime.class)).map(OffsetDateTime::toInstant)
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public int deleteFinishedMessages(Instant before, int batch) {
        return deleteByKeys("old messages", "SELECT id FROM outbox WHERE state <> 'pending' AND created_at < ? ORDER BY id LIMIT ?",
                "DELETE FROM outbox WHERE id = ?", 1, before, batch);
    }

    @Override
    public int deleteDeliveries(Instant before, int batch) {
        return deleteByKeys("old deliveries", "SELECT d.subscriber_id, d.article_id FROM alert_delivery d"
                + " JOIN outbox o ON o.id = d.outbox_id WHERE o.state <> 'pending' AND d.due_at < ? LIMIT ?",
                "DELETE FROM alert_delivery WHERE subscriber_id = ? AND article_id = ?", 2, before, batch);
    }

    @Override
    public int deleteMatches(Instant before, int batch) {
        return deleteByKeys("old matches", "SELECT subscription_id, article_id FROM alert_match WHERE matched_at < ? LIMIT ?",
                "DELETE FROM alert_match WHERE subscription_id = ? AND article_id = ?", 2, before, batch);
    }

    @Override
    public int deleteLapsedRequests(Instant before, int batch) {
        return deleteByKeys("lapsed requests", "SELECT DISTINCT e.subscription_id FROM consent_event e WHERE e.kind = 'expired'"
                + " AND e.happened_at < ? AND NOT EXISTS (SELECT 1 FROM consent_event c WHERE c.subscription_id = e.subscription_id"
                + " AND c.kind = 'confirmed') LIMIT ?",
                "DELETE FROM consent_event WHERE subscription_id = ?", 1, before, batch);
    }

    @Override
    public List<Long> unsubscribedSubscribers(Instant before, int batch) {
        return Transactions.read(dataSource, "unsubscribed addresses", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT b.id FROM subscriber b"
                    + " WHERE EXISTS (SELECT 1 FROM subscription s WHERE s.subscriber_id = b.id)"
                    + " AND NOT EXISTS (SELECT 1 FROM subscription s WHERE s.subscriber_id = b.id"
                    + " AND (s.state <> 'unsubscribed' OR s.changed_at >= ?)) ORDER BY b.id LIMIT ?")) {
                select.setObject(1, timestamp(before));
                select.setInt(2, batch);
                List<Long> ids = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                    }
                }
                return ids;
            }
        });
    }

    @Override
    public int deleteUnsubscribedAlerts(Instant before, int batch) {
        return deleteByKeys("unsubscribed alerts", "SELECT s.id FROM subscription s WHERE s.state = 'unsubscribed'"
                + " AND s.changed_at < ? AND EXISTS (SELECT 1 FROM subscription o WHERE o.subscriber_id = s.subscriber_id"
                + " AND o.state <> 'unsubscribed') ORDER BY s.id LIMIT ?",
                "DELETE FROM subscription WHERE id = ?", 1, before, batch);
    }

    /**
     * In one transaction: selects the keys ({@code width} columns) of up to {@code batch} rows older than {@code before},
     * then deletes each by its key.
     *
     * @return how many keys were selected
     */
    private int deleteByKeys(String what, String select, String delete, int width, Instant before, int batch) {
        return Transactions.write(dataSource, what, connection -> {
            List<long[]> keys = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(select)) {
                statement.setObject(1, timestamp(before));
                statement.setInt(2, batch);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        long[] key = new long[width];
                        for (int i = 0; i < width; i++) {
                            key[i] = rows.getLong(i + 1);
                        }
                        keys.add(key);
                    }
                }
            }
            deleteEach(connection, delete, keys);
            return keys.size();
        });
    }

    private static void deleteEach(Connection connection, String delete, List<long[]> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(delete)) {
            for (long[] key : keys) {
                for (int i = 0; i < key.length; i++) {
                    statement.setLong(i + 1, key[i]);
                }
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }
}
