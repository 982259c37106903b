package uk.org.perusupportgroup.quipu.store;

import static uk.org.perusupportgroup.quipu.store.ArticleRows.instant;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.timestamp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import uk.org.perusupportgroup.quipu.subscriber.Frequency;
import uk.org.perusupportgroup.quipu.article.StoredArticle;

/** {@link DeliveryStore} over JDBC: the same SQL on H2 and PostgreSQL. Leases make each message one sender's. */
public final class JdbcDeliveryStore implements DeliveryStore {

    private static final int CHUNK = 500;

    private final DataSource dataSource;

    public JdbcDeliveryStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<Pending> pending(int limit) {
        return Transactions.read(dataSource, "pending articles", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + ArticleRows.COLUMNS
                    // an article removed before it was matched alerts nobody: it is as if it were gone
                    + ", p.slug, p.queued_at, a.id FROM alert_pending p LEFT JOIN article a ON a.slug = p.slug AND "
                    + ArticleRows.LIVE
                    + " ORDER BY p.queued_at, p.slug LIMIT ?")) {
                select.setInt(1, limit);
                try (ResultSet rows = select.executeQuery()) {
                    List<Pending> out = new ArrayList<>();
                    while (rows.next()) {
                        int next = ArticleRows.AFTER_COLUMNS;
                        long id = rows.getLong(next + 2);
                        boolean present = !rows.wasNull();
                        out.add(new Pending(rows.getString(next), instant(rows, next + 1), present ? id : -1,
                                present ? Optional.of(ArticleRows.map(rows)) : Optional.empty()));
                    }
                    return out;
                }
            }
        });
    }

    @Override
    public Map<Long, Target> targets(Collection<Long> alertIds) {
        return Transactions.read(dataSource, "alert targets", connection -> {
            Map<Long, Target> out = new HashMap<>();
            for (List<Long> chunk : chunks(alertIds)) {
                try (PreparedStatement select = connection.prepareStatement("SELECT id, subscriber_id, frequency FROM subscription"
                        + " WHERE state = 'confirmed' AND id IN (" + marks(chunk.size()) + ")")) {
                    bind(select, 1, chunk);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            out.put(rows.getLong(1), new Target(rows.getLong(1), rows.getLong(2),
                                    Frequency.parse(rows.getString(3)).orElseThrow()));
                        }
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Map<Long, Integer> immediateSince(Collection<Long> subscriberIds, Instant since) {
        return Transactions.read(dataSource, "immediate counts", connection -> {
            Map<Long, Integer> out = new HashMap<>();
            for (List<Long> chunk : chunks(subscriberIds)) {
                try (PreparedStatement select = connection.prepareStatement("SELECT subscriber_id, COUNT(*) FROM outbox"
                        + " WHERE kind = 'alert' AND created_at >= ? AND subscriber_id IN (" + marks(chunk.size()) + ")"
                        + " GROUP BY subscriber_id")) {
                    select.setObject(1, timestamp(since));
                    bind(select, 2, chunk);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            out.put(rows.getLong(1), rows.getInt(2));
                        }
                    }
                }
            }
            return out;
        });
    }

    @Override
    public boolean record(String slug, long articleId, Collection<Long> matched, List<NewDelivery> deliveries, Instant now) {
        return Transactions.write(dataSource, "alert matches", connection -> {
            if (!take(connection, slug)) {
                return false;
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO alert_match (subscription_id, article_id,"
                    + " matched_at) SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM alert_match WHERE subscription_id = ?"
                    + " AND article_id = ?) AND EXISTS (SELECT 1 FROM subscription WHERE id = ?)")) {
                for (long alert : matched) {
                    insert.setLong(1, alert);
                    insert.setLong(2, articleId);
                    insert.setObject(3, timestamp(now));
                    insert.setLong(4, alert);
                    insert.setLong(5, articleId);
                    insert.setLong(6, alert);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            // the article was taken off the queue just now, so deliveries of it can only be left from an earlier, partly
            // rolled back attempt: one query finds them all
            java.util.Set<Long> delivered = new java.util.HashSet<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT subscriber_id FROM alert_delivery WHERE article_id = ?")) {
                select.setLong(1, articleId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        delivered.add(rows.getLong(1));
                    }
                }
            }
            // in batches, not a round trip per subscriber: 100,000 matches are written in seconds
            try (PreparedStatement outbox = connection.prepareStatement("INSERT INTO outbox (message_id, kind, subscriber_id,"
                    + " state, created_at, next_attempt, attempts) VALUES (?, 'alert', ?, 'pending', ?, ?, 0)");
                    PreparedStatement immediate = connection.prepareStatement("INSERT INTO alert_delivery (subscriber_id,"
                            + " article_id, subscriptions, due_at, outbox_id) VALUES (?, ?, ?, ?,"
                            + " (SELECT id FROM outbox WHERE message_id = ?))");
                    PreparedStatement digest = connection.prepareStatement("INSERT INTO alert_delivery (subscriber_id,"
                            + " article_id, subscriptions, due_at, outbox_id) VALUES (?, ?, ?, ?, NULL)")) {
                int pending = 0;
                for (NewDelivery delivery : deliveries) {
                    if (!delivered.add(delivery.subscriberId())) {
                        continue;
                    }
                    PreparedStatement insert = digest;
                    if (delivery.messageId().isPresent()) {
                        outbox.setString(1, delivery.messageId().get());
                        outbox.setLong(2, delivery.subscriberId());
                        outbox.setObject(3, timestamp(now));
                        outbox.setObject(4, timestamp(now));
                        outbox.addBatch();
                        insert = immediate;
                        insert.setString(5, delivery.messageId().get());
                    }
                    insert.setLong(1, delivery.subscriberId());
                    insert.setLong(2, articleId);
                    insert.setString(3, delivery.alertIds().stream().map(String::valueOf)
                            .collect(java.util.stream.Collectors.joining(" ")));
                    insert.setObject(4, timestamp(delivery.dueAt()));
                    insert.addBatch();
                    if (++pending == CHUNK) {
                        flush(outbox, immediate, digest);
                        pending = 0;
                    }
                }
                flush(outbox, immediate, digest);
            }
            return true;
        });
    }

    /**
     * Removes the pending row; false when another transaction already did, or is matching the article right now (its
     * row is locked: passed by, not waited for).
     */
    private static boolean take(Connection connection, String slug) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT slug FROM alert_pending WHERE slug = ?"
                + " FOR UPDATE SKIP LOCKED")) {
            lock.setString(1, slug);
            try (ResultSet rows = lock.executeQuery()) {
                if (!rows.next()) {
                    return false;
                }
            }
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM alert_pending WHERE slug = ?")) {
            delete.setString(1, slug);
            return delete.executeUpdate() == 1;
        }
    }

    /** Runs the batches in order: the outbox rows first, as the immediate deliveries look them up. */
    private static void flush(PreparedStatement... batches) throws SQLException {
        for (PreparedStatement batch : batches) {
            batch.executeBatch();
        }
    }

    /** Adds one message to the outbox, due now. */
    static long queue(Connection connection, String messageId, String kind, long subscriber, Instant now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO outbox (message_id, kind, subscriber_id,"
                + " state, created_at, next_attempt, attempts) VALUES (?, ?, ?, 'pending', ?, ?, 0)", Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, messageId);
            insert.setString(2, kind);
            insert.setLong(3, subscriber);
            insert.setObject(4, timestamp(now));
            insert.setObject(5, timestamp(now));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    @Override
    public void drop(String slug) {
        Transactions.write(dataSource, "pending article", connection -> take(connection, slug));
    }

    @Override
    public List<Long> dueDigests(Instant now, int limit) {
        return Transactions.read(dataSource, "due digests", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT subscriber_id FROM alert_delivery"
                    + " WHERE outbox_id IS NULL AND due_at <= ? ORDER BY subscriber_id LIMIT ?")) {
                select.setObject(1, timestamp(now));
                select.setInt(2, limit);
                try (ResultSet rows = select.executeQuery()) {
                    List<Long> out = new ArrayList<>();
                    while (rows.next()) {
                        out.add(rows.getLong(1));
                    }
                    return out;
                }
            }
        });
    }

    @Override
    public boolean queueDigest(long subscriberId, Instant now, String messageDomain) {
        return Transactions.write(dataSource, "digest", connection -> {
            // one instance at a time makes a subscriber's digest; the others pass them by rather than wait, and the
            // holder's commit leaves nothing due for them
            try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM subscriber WHERE id = ?"
                    + " FOR UPDATE SKIP LOCKED")) {
                lock.setLong(1, subscriberId);
                try (ResultSet rows = lock.executeQuery()) {
                    if (!rows.next()) {
                        return false;
                    }
                }
            }
            List<Long> articles = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT article_id FROM alert_delivery"
                    + " WHERE subscriber_id = ? AND outbox_id IS NULL AND due_at <= ? FOR UPDATE")) {
                select.setLong(1, subscriberId);
                select.setObject(2, timestamp(now));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        articles.add(rows.getLong(1));
                    }
                }
            }
            if (articles.isEmpty()) {
                return false;
            }
            // unique per digest: the subscriber, the time it was made, and its first article (stored with the row, so
            // the same on every attempt)
            long first = articles.stream().mapToLong(Long::longValue).min().orElseThrow();
            long outbox = queue(connection, "<digest." + subscriberId + "." + now.toEpochMilli() + "." + first + "@" + messageDomain
                    + ">", "digest", subscriberId, now);
            try (PreparedStatement update = connection.prepareStatement("UPDATE alert_delivery SET outbox_id = ?"
                    + " WHERE subscriber_id = ? AND article_id = ?")) {
                for (long article : articles) {
                    update.setLong(1, outbox);
                    update.setLong(2, subscriberId);
                    update.setLong(3, article);
                    update.addBatch();
                }
                update.executeBatch();
            }
            return true;
        });
    }

    @Override
    public List<Envelope> claim(String owner, Instant now, Duration lease, int limit) {
        return Transactions.write(dataSource, "outbox lease", connection -> {
            // rows another sender is leasing at this moment are passed by, not waited for
            List<Long> due = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id FROM outbox WHERE state = 'pending'"
                    + " AND next_attempt <= ? AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt, id LIMIT ?"
                    + " FOR UPDATE SKIP LOCKED")) {
                select.setObject(1, timestamp(now));
                select.setObject(2, timestamp(now));
                select.setInt(3, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        due.add(rows.getLong(1));
                    }
                }
            }
            if (due.isEmpty()) {
                return List.of();
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE outbox SET lease_owner = ?, lease_until = ?,"
                    + " attempts = attempts + 1 WHERE id IN (" + marks(due.size()) + ")")) {
                update.setString(1, owner);
                update.setObject(2, timestamp(now.plus(lease)));
                bind(update, 3, due);
                update.executeUpdate();
            }
            return envelopes(connection, due);
        });
    }

    /** What is needed to write and address each message, read in three queries for the whole batch. */
    private static List<Envelope> envelopes(Connection connection, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, Envelope> bare = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT o.id, o.message_id, o.kind, o.subscriber_id, b.email,"
                + " b.address_hash, b.plain_text, o.created_at, o.attempts, o.subscription_id FROM outbox o"
                + " JOIN subscriber b ON b.id = o.subscriber_id WHERE o.id IN (" + marks(ids.size()) + ")")) {
            bind(select, 1, ids);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long request = rows.getLong(10);
                    Optional<Long> requestId = rows.wasNull() ? Optional.empty() : Optional.of(request);
                    bare.put(rows.getLong(1), new Envelope(rows.getLong(1), rows.getString(2),
                            Kind.valueOf(rows.getString(3).toUpperCase(java.util.Locale.ROOT)), rows.getLong(4), rows.getString(5),
                            rows.getString(6), rows.getBoolean(7), instant(rows, 8), rows.getInt(9), requestId, List.of()));
                }
            }
        }
        Map<Long, List<Item>> items = new HashMap<>();
        // removed articles too: a message that promised one says it was withdrawn, rather than leave it out unsaid
        try (PreparedStatement select = connection.prepareStatement("SELECT " + ArticleRows.COLUMNS + ", d.subscriptions,"
                + " d.outbox_id, a.removed_at FROM alert_delivery d JOIN article a ON a.id = d.article_id WHERE d.outbox_id IN ("
                + marks(ids.size()) + ")"
                // one taken back to a draft (or rescheduled) is left out: its row holds the editor's unpublished text
                + " AND COALESCE(a.removed_why, '') NOT IN ('" + ArticleRows.DRAFT + "', '" + ArticleRows.SCHEDULED + "')"
                + " ORDER BY a.published DESC, a.slug")) {
            bind(select, 1, ids);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    int next = ArticleRows.AFTER_COLUMNS;
                    items.computeIfAbsent(rows.getLong(next + 1), key -> new ArrayList<>()).add(new Item(ArticleRows.map(rows),
                            ArticleRows.words(rows.getString(next)).stream().map(Long::valueOf).toList(),
                            rows.getObject(next + 2) != null));
                }
            }
        }
        List<Envelope> out = new ArrayList<>();
        for (long id : ids) {
            Envelope e = bare.get(id);
            if (e != null) {
                out.add(new Envelope(id, e.messageId(), e.kind(), e.subscriberId(), e.email(), e.addressHash(), e.plainText(),
                        e.createdAt(), e.attempts(), e.request(), List.copyOf(items.getOrDefault(id, List.of()))));
            }
        }
        return out;
    }

    @Override
    public boolean renew(long id, String owner, int attempts, Instant until) {
        return Transactions.write(dataSource, "outbox lease", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE outbox SET lease_until = ? WHERE id = ?"
                    + " AND lease_owner = ? AND attempts = ? AND state = 'pending'")) {
                update.setObject(1, timestamp(until));
                update.setLong(2, id);
                update.setString(3, owner);
                update.setInt(4, attempts);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void sent(long id, String owner, Instant now) {
        // the row keeps the name of the instance that sent it (lease_owner), for whoever looks into a message later
        update(id, owner, "UPDATE outbox SET state = 'sent', sent_at = ?, lease_until = NULL,"
                + " last_error = NULL WHERE id = ? AND lease_owner = ?", timestamp(now));
    }

    @Override
    public void retry(long id, String owner, Instant next, String error) {
        update(id, owner, "UPDATE outbox SET next_attempt = ?, last_error = ?, lease_owner = NULL, lease_until = NULL"
                + " WHERE id = ? AND lease_owner = ?", timestamp(next), clip(error));
    }

    @Override
    public void end(long id, String owner, String state, String error) {
        update(id, owner, "UPDATE outbox SET state = ?, last_error = ?, lease_owner = NULL, lease_until = NULL"
                + " WHERE id = ? AND lease_owner = ?", state, clip(error));
    }

    private void update(long id, String owner, String sql, Object... values) {
        Transactions.write(dataSource, "outbox", connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                int i = 1;
                for (Object value : values) {
                    update.setObject(i++, value);
                }
                update.setLong(i++, id);
                update.setString(i, owner);
                return update.executeUpdate();
            }
        });
    }

    private static String clip(String error) {
        return error == null || error.length() <= 1000 ? error : error.substring(0, 1000);
    }

    @Override
    public Optional<Instant> oldestDue(Instant now) {
        return Transactions.read(dataSource, "outbox", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT MIN(next_attempt) FROM outbox WHERE state = 'pending' AND next_attempt <= ?")) {
                select.setObject(1, timestamp(now));
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    java.time.OffsetDateTime oldest = rows.getObject(1, java.time.OffsetDateTime.class);
                    return Optional.ofNullable(oldest).map(java.time.OffsetDateTime::toInstant);
                }
            }
        });
    }

    @Override
    public Map<String, Integer> outboxCounts() {
        return Transactions.read(dataSource, "outbox counts", connection -> {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String state : List.of("pending", "sent", "failed", "dropped")) {
                counts.put(state, 0);
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT state, COUNT(*) FROM outbox GROUP BY state");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
            return counts;
        });
    }

    @Override
    public List<StoredArticle> matches(long alertId, int limit) {
        return Transactions.read(dataSource, "alert matches", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + ArticleRows.COLUMNS
                    + " FROM alert_match m JOIN article a ON a.id = m.article_id WHERE m.subscription_id = ? AND " + ArticleRows.LIVE
                    + " ORDER BY a.published DESC, a.slug LIMIT ?")) {
                select.setLong(1, alertId);
                select.setInt(2, limit);
                try (ResultSet rows = select.executeQuery()) {
                    List<StoredArticle> out = new ArrayList<>();
                    while (rows.next()) {
                        out.add(ArticleRows.map(rows));
                    }
                    return out;
                }
            }
        });
    }

    private static List<List<Long>> chunks(Collection<Long> values) {
        List<Long> all = List.copyOf(values);
        List<List<Long>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return out;
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static void bind(PreparedStatement statement, int first, List<Long> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            statement.setLong(first + i, values.get(i));
        }
    }
}
