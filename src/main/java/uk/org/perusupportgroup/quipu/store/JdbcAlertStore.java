package uk.org.perusupportgroup.quipu.store;

import static uk.org.perusupportgroup.quipu.store.ArticleRows.instant;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.isUniqueViolation;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.timestamp;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.words;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import uk.org.perusupportgroup.quipu.subscriber.Frequency;
import uk.org.perusupportgroup.quipu.subscriber.Alert;
import uk.org.perusupportgroup.quipu.subscriber.AlertRequest;

/** {@link AlertStore} over JDBC: the same SQL on H2 and PostgreSQL. */
public final class JdbcAlertStore implements AlertStore {

    static final String COLUMNS = "s.id, s.subscriber_id, b.email, s.query, s.topics, s.regions, s.frequency,"
            + " s.language, s.state, b.plain_text, s.created_at, s.confirmed_at, s.expires_at, b.link_version";
    static final String FROM = " FROM subscription s JOIN subscriber b ON b.id = s.subscriber_id";

    private final DataSource dataSource;

    public JdbcAlertStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String secret(String name, Supplier<String> generate) {
        Optional<String> known = Transactions.read(dataSource, "secret", connection -> readSecret(connection, name));
        if (known.isPresent()) {
            return known.get();
        }
        try {
            return Transactions.write(dataSource, "secret", connection -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO quipu_secret (name, secret, created_at) VALUES (?, ?, ?)")) {
                    String secret = generate.get();
                    insert.setString(1, name);
                    insert.setString(2, secret);
                    insert.setObject(3, timestamp(Instant.now()));
                    insert.executeUpdate();
                    return secret;
                }
            });
        } catch (StoreException e) {
            // another instance stored it first: use theirs
            return Transactions.read(dataSource, "secret", connection -> readSecret(connection, name)).orElseThrow(() -> e);
        }
    }

    private static Optional<String> readSecret(Connection connection, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT secret FROM quipu_secret WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    @Override
    public Requested request(AlertRequest request, String addressHash, String addressKey, String detail, Instant now,
            Instant expiresAt, int confirmationsPerDay, String messageDomain) {
        for (int attempt = 1; ; attempt++) {
            try {
                return Transactions.write(dataSource, "subscription request",
                        connection -> requestIn(connection, request, addressHash, addressKey, detail, now, expiresAt,
                                confirmationsPerDay, messageDomain));
            } catch (StoreException e) {
                // two first requests from one address at once: the loser finds the winner's subscriber row
                if (attempt == 3 || !(e.getCause() instanceof SQLException sql && isUniqueViolation(sql))) {
                    throw e;
                }
            }
        }
    }

    private static Requested requestIn(Connection connection, AlertRequest request, String addressHash,
            String addressKey, String detail, Instant now, Instant expiresAt, int confirmationsPerDay, String messageDomain)
            throws SQLException {
        long subscriber = subscriberId(connection, addressHash).orElse(-1L);
        if (subscriber < 0) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO subscriber (email, address_hash,"
                    + " address_key, plain_text, created_at) VALUES (?, ?, ?, FALSE, ?)", Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, request.email());
                insert.setString(2, addressHash);
                insert.setString(3, addressKey);
                insert.setObject(4, timestamp(now));
                insert.executeUpdate();
                subscriber = generatedId(insert);
            }
        }
        long id;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO subscription (subscriber_id, query, topics,"
                + " regions, frequency, language, state, created_at, expires_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setLong(1, subscriber);
            insert.setString(2, request.query());
            insert.setString(3, String.join(" ", request.topics()));
            insert.setString(4, String.join(" ", request.regions()));
            insert.setString(5, request.frequency().value());
            insert.setString(6, request.language());
            insert.setString(7, Alert.State.PENDING.value());
            insert.setObject(8, timestamp(now));
            insert.setObject(9, timestamp(expiresAt));
            insert.setObject(10, timestamp(now));
            insert.executeUpdate();
            id = generatedId(insert);
        }
        event(connection, addressHash, id, "requested", now, request.ip(), request.formVersion(), request.wording(), detail);
        if (suppressedIn(connection, addressHash) || confirmationsSince(connection, addressKey, now.minus(Duration.ofDays(1)))
                >= confirmationsPerDay) {
            return new Requested(id, false);
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO outbox (message_id, kind, subscriber_id,"
                + " subscription_id, state, created_at, next_attempt, attempts) VALUES (?, 'confirm', ?, ?, 'pending', ?, ?, 0)")) {
            insert.setString(1, "<confirm." + id + "." + now.toEpochMilli() + "@" + messageDomain + ">");
            insert.setLong(2, subscriber);
            insert.setLong(3, id);
            insert.setObject(4, timestamp(now));
            insert.setObject(5, timestamp(now));
            insert.executeUpdate();
        }
        return new Requested(id, true);
    }

    /** The address's subscriber row, locked until the transaction ends: requests from one address count in turn. */
    static Optional<Long> subscriberId(Connection connection, String addressHash) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM subscriber WHERE address_hash = ? FOR UPDATE")) {
            select.setString(1, addressHash);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
            }
        }
    }

    /**
     * The confirmation emails queued since then to every spelling of the mailbox (every subscriber row with this
     * address key), those rows locked until the transaction ends so that requests for one mailbox count in turn. Two
     * first requests for new spellings at the same moment lock nothing yet and may each pass: one extra email at most.
     */
    private static int confirmationsSince(Connection connection, String addressKey, Instant since) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM subscriber WHERE address_key = ? FOR UPDATE")) {
            lock.setString(1, addressKey);
            lock.executeQuery().close();
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM outbox o JOIN subscriber b"
                + " ON b.id = o.subscriber_id WHERE b.address_key = ? AND o.kind = 'confirm' AND o.created_at > ?")) {
            select.setString(1, addressKey);
            select.setObject(2, timestamp(since));
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    @Override
    public int confirmationsSince(Instant since) {
        return Transactions.read(dataSource, "confirmations", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT COUNT(*) FROM outbox WHERE kind = 'confirm' AND created_at > ?")) {
                select.setObject(1, timestamp(since));
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        });
    }

    @Override
    public int keyAddresses(UnaryOperator<String> keyOf) {
        int keyed = 0;
        while (true) {
            int batch = Transactions.write(dataSource, "address keys", connection -> {
                Map<Long, String> emails = new java.util.LinkedHashMap<>();
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT id, email FROM subscriber WHERE address_key IS NULL ORDER BY id FETCH FIRST 500 ROWS ONLY")) {
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            emails.put(rows.getLong(1), rows.getString(2));
                        }
                    }
                }
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE subscriber SET address_key = ? WHERE id = ? AND address_key IS NULL")) {
                    for (Map.Entry<Long, String> row : emails.entrySet()) {
                        update.setString(1, keyOf.apply(row.getValue()));
                        update.setLong(2, row.getKey());
                        update.addBatch();
                    }
                    update.executeBatch();
                }
                return emails.size();
            });
            keyed += batch;
            if (batch < 500) {
                return keyed;
            }
        }
    }

    private static int messagesSince(Connection connection, long subscriber, String kind, Instant since) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM outbox WHERE subscriber_id = ?"
                + " AND kind = ? AND created_at > ?")) {
            select.setLong(1, subscriber);
            select.setString(2, kind);
            select.setObject(3, timestamp(since));
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static long generatedId(PreparedStatement statement) throws SQLException {
        try (ResultSet keys = statement.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    static void event(Connection connection, String addressHash, long alertId, String kind, Instant now, String ip,
            String formVersion, String wording, String detail) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO consent_event (address_hash,"
                + " subscription_id, kind, happened_at, ip, form_version, wording, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, addressHash);
            if (alertId > 0) {
                insert.setLong(2, alertId);
            } else {
                insert.setNull(2, Types.BIGINT);
            }
            insert.setString(3, kind);
            insert.setObject(4, timestamp(now));
            insert.setString(5, ip);
            insert.setString(6, formVersion);
            insert.setString(7, wording);
            insert.setString(8, detail);
            insert.executeUpdate();
        }
    }

    @Override
    public Optional<Alert> find(long id) {
        return Transactions.read(dataSource, "subscription", connection -> findIn(connection, id, false));
    }

    private static Optional<Alert> findIn(Connection connection, long id, boolean forUpdate) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + FROM + " WHERE s.id = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(map(rows)) : Optional.empty();
            }
        }
    }

    @Override
    public List<Alert> ofSubscriber(long subscriberId) {
        return Transactions.read(dataSource, "subscriptions", connection -> list(connection,
                "SELECT " + COLUMNS + FROM + " WHERE s.subscriber_id = ? ORDER BY s.id", subscriberId));
    }

    @Override
    public List<Alert> confirmed() {
        return Transactions.read(dataSource, "subscriptions", connection -> list(connection,
                "SELECT " + COLUMNS + FROM + " WHERE s.state = 'confirmed' ORDER BY s.id"));
    }

    static List<Alert> list(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            select.setFetchSize(1_000);
            try (ResultSet rows = select.executeQuery()) {
                List<Alert> out = new ArrayList<>();
                while (rows.next()) {
                    out.add(map(rows));
                }
                return out;
            }
        }
    }

    @Override
    public List<Alert> changedSince(Instant since) {
        return Transactions.read(dataSource, "subscriptions", connection -> list(connection,
                "SELECT " + COLUMNS + FROM + " WHERE s.changed_at >= ? ORDER BY s.id", timestamp(since)));
    }

    @Override
    public Optional<Confirmation> confirm(long id, Instant now, String ip) {
        return Transactions.write(dataSource, "confirmation", connection -> {
            Optional<Alert> found = findIn(connection, id, true);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Alert alert = found.get();
            if (alert.state() != Alert.State.PENDING) {
                return Optional.of(alert.state() == Alert.State.UNSUBSCRIBED ? Confirmation.ENDED
                        : Confirmation.ALREADY_CONFIRMED);
            }
            if (alert.expiresAt().map(expiry -> !now.isBefore(expiry)).orElse(false)) {
                return Optional.of(Confirmation.EXPIRED);
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE subscription SET state = 'confirmed',"
                    + " confirmed_at = ?, expires_at = NULL, changed_at = ? WHERE id = ?")) {
                update.setObject(1, timestamp(now));
                update.setObject(2, timestamp(now));
                update.setLong(3, id);
                update.executeUpdate();
            }
            event(connection, addressHash(connection, alert.subscriberId()), id, "confirmed", now, ip, null, null, null);
            return Optional.of(Confirmation.CONFIRMED);
        });
    }

    @Override
    public boolean edit(long id, Edit edit, String detail, Instant now, String ip) {
        return Transactions.write(dataSource, "subscription change", connection -> {
            Optional<Alert> found = findIn(connection, id, true);
            if (found.isEmpty() || !live(found.get().state())) {
                return false;
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE subscription SET query = ?, topics = ?,"
                    + " regions = ?, frequency = ?, language = ?, changed_at = ? WHERE id = ?")) {
                update.setString(1, edit.query());
                update.setString(2, String.join(" ", edit.topics()));
                update.setString(3, String.join(" ", edit.regions()));
                update.setString(4, edit.frequency().value());
                update.setString(5, edit.language());
                update.setObject(6, timestamp(now));
                update.setLong(7, id);
                update.executeUpdate();
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE subscriber SET plain_text = ? WHERE id = ?")) {
                update.setBoolean(1, edit.plainText());
                update.setLong(2, found.get().subscriberId());
                update.executeUpdate();
            }
            event(connection, addressHash(connection, found.get().subscriberId()), id, "changed", now, ip, null, null, detail);
            return true;
        });
    }

    private static boolean live(Alert.State state) {
        return state == Alert.State.CONFIRMED || state == Alert.State.PAUSED;
    }

    @Override
    public boolean changeState(long id, Alert.State state, Instant now, String ip) {
        return Transactions.write(dataSource, "subscription state", connection -> {
            Optional<Alert> found = findIn(connection, id, true);
            if (found.isEmpty()) {
                return false;
            }
            Alert.State from = found.get().state();
            boolean allowed = switch (state) {
                case PAUSED -> from == Alert.State.CONFIRMED;
                case CONFIRMED -> from == Alert.State.PAUSED;
                case UNSUBSCRIBED -> from != Alert.State.UNSUBSCRIBED;
                case PENDING -> false;
            };
            if (!allowed) {
                return false;
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE subscription SET state = ?, expires_at = NULL, changed_at = ? WHERE id = ?")) {
                update.setString(1, state.value());
                update.setObject(2, timestamp(now));
                update.setLong(3, id);
                update.executeUpdate();
            }
            String kind = switch (state) {
                case PAUSED -> "paused";
                case CONFIRMED -> "resumed";
                default -> "withdrawn";
            };
            event(connection, addressHash(connection, found.get().subscriberId()), id, kind, now, ip, null, null, null);
            return true;
        });
    }

    static String addressHash(Connection connection, long subscriberId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT address_hash FROM subscriber WHERE id = ?")) {
            select.setLong(1, subscriberId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("subscriber " + subscriberId + " is gone");
                }
                return rows.getString(1);
            }
        }
    }

    @Override
    public boolean rotateLinks(long subscriberId) {
        return Transactions.write(dataSource, "link version", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE subscriber SET link_version = link_version + 1 WHERE id = ?")) {
                update.setLong(1, subscriberId);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean queueLinks(long subscriberId, Instant now, int perDay, String messageDomain) {
        return Transactions.write(dataSource, "links message", connection -> {
            String hash;
            try (PreparedStatement select = connection.prepareStatement("SELECT address_hash FROM subscriber WHERE id = ? FOR UPDATE")) {
                select.setLong(1, subscriberId);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return false;
                    }
                    hash = rows.getString(1);
                }
            }
            if (suppressedIn(connection, hash) || messagesSince(connection, subscriberId, "links", now.minus(Duration.ofDays(1))) >= perDay) {
                return false;
            }
            JdbcDeliveryStore.queue(connection, "<links." + subscriberId + "." + now.toEpochMilli() + "@" + messageDomain + ">",
                    "links", subscriberId, now);
            return true;
        });
    }

    @Override
    public void erase(long subscriberId, Instant now) {
        Transactions.write(dataSource, "erasure", connection -> {
            String hash;
            try {
                hash = addressHash(connection, subscriberId);
            } catch (SQLException e) {
                return null; // already erased
            }
            anonymise(connection, hash);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM subscriber WHERE id = ?")) {
                delete.setLong(1, subscriberId);
                delete.executeUpdate();
            }
            event(connection, hash, 0, "erased", now, null, null, null, null);
            return null;
        });
    }

    /** Leaves only the hash, the kind and the time of the address's consent events. */
    private static void anonymise(Connection connection, String hash) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE consent_event SET ip = NULL, detail = NULL"
                + " WHERE address_hash = ?")) {
            update.setString(1, hash);
            update.executeUpdate();
        }
    }

    @Override
    public List<ConsentEvent> consent(String addressHash) {
        return Transactions.read(dataSource, "consent record", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT subscription_id, kind, happened_at, ip,"
                    + " form_version, wording, detail FROM consent_event WHERE address_hash = ? ORDER BY happened_at, id")) {
                select.setString(1, addressHash);
                try (ResultSet rows = select.executeQuery()) {
                    List<ConsentEvent> events = new ArrayList<>();
                    while (rows.next()) {
                        long alert = rows.getLong(1);
                        events.add(new ConsentEvent(rows.wasNull() ? Optional.empty() : Optional.of(alert),
                                rows.getString(2), instant(rows, 3), Optional.ofNullable(rows.getString(4)),
                                Optional.ofNullable(rows.getString(5)), Optional.ofNullable(rows.getString(6)),
                                Optional.ofNullable(rows.getString(7))));
                    }
                    return events;
                }
            }
        });
    }

    @Override
    public int expire(Instant now) {
        return Transactions.write(dataSource, "expiry", connection -> {
            List<long[]> lapsed = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id, subscriber_id FROM subscription"
                    + " WHERE state = 'pending' AND expires_at <= ? FOR UPDATE")) {
                select.setObject(1, timestamp(now));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        lapsed.add(new long[] {rows.getLong(1), rows.getLong(2)});
                    }
                }
            }
            for (long[] row : lapsed) {
                String hash = addressHash(connection, row[1]);
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM subscription WHERE id = ?")) {
                    delete.setLong(1, row[0]);
                    delete.executeUpdate();
                }
                event(connection, hash, row[0], "expired", now, null, null, null, null);
                // a request never confirmed keeps no IP address or query, even when the address has other alerts
                try (PreparedStatement scrub = connection.prepareStatement("UPDATE consent_event SET ip = NULL, detail = NULL"
                        + " WHERE subscription_id = ?")) {
                    scrub.setLong(1, row[0]);
                    scrub.executeUpdate();
                }
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM subscriber WHERE id = ?"
                        + " AND NOT EXISTS (SELECT 1 FROM subscription WHERE subscriber_id = ?)")) {
                    delete.setLong(1, row[1]);
                    delete.setLong(2, row[1]);
                    if (delete.executeUpdate() == 1) {
                        anonymise(connection, hash); // never confirmed, now unknown: keep no IP or query
                    }
                }
            }
            return lapsed.size();
        });
    }

    @Override
    public Map<Alert.State, Integer> counts() {
        return Transactions.read(dataSource, "subscription counts", connection -> {
            Map<Alert.State, Integer> counts = new EnumMap<>(Alert.State.class);
            for (Alert.State state : Alert.State.values()) {
                counts.put(state, 0);
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT state, COUNT(*) FROM subscription GROUP BY state");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.put(Alert.State.of(rows.getString(1)), rows.getInt(2));
                }
            }
            return counts;
        });
    }

    @Override
    public Map<String, Long> figures() {
        return Transactions.read(dataSource, "subscription figures", connection -> {
            Map<String, Long> figures = new java.util.TreeMap<>();
            for (Alert.State state : Alert.State.values()) {
                figures.put("state=" + state.name().toLowerCase(java.util.Locale.ROOT), 0L);
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT state, frequency, language, COUNT(*) FROM subscription"
                    + " GROUP BY state, frequency, language");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long n = rows.getLong(4);
                    Alert.State state = Alert.State.of(rows.getString(1));
                    figures.merge("state=" + state.name().toLowerCase(java.util.Locale.ROOT), n, Long::sum);
                    if (state == Alert.State.CONFIRMED) {
                        figures.merge("frequency=" + rows.getString(2), n, Long::sum);
                        figures.merge("language=" + rows.getString(3), n, Long::sum);
                    }
                }
            }
            // topics and regions are lists in one column: split here, the alerts one by one
            try (PreparedStatement select = connection.prepareStatement("SELECT topics, regions FROM subscription WHERE state = ?")) {
                select.setString(1, "confirmed");
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        for (String topic : rows.getString(1).split(" ")) {
                            if (!topic.isBlank()) {
                                figures.merge("topic=" + topic, 1L, Long::sum);
                            }
                        }
                        for (String region : rows.getString(2).split(" ")) {
                            if (!region.isBlank()) {
                                figures.merge("region=" + region, 1L, Long::sum);
                            }
                        }
                    }
                }
            }
            return figures;
        });
    }

    @Override
    public void suppress(String addressHash, String reason, Instant now) {
        Transactions.write(dataSource, "suppression", connection -> suppressIn(connection, addressHash, reason, now));
    }

    /** Suppresses the address and records it, unless it already is. @return whether it was suppressed now */
    static boolean suppressIn(Connection connection, String addressHash, String reason, Instant now) throws SQLException {
        if (suppressedIn(connection, addressHash)) {
            return false;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO suppression (address_hash, suppressed_at, reason) VALUES (?, ?, ?)")) {
            insert.setString(1, addressHash);
            insert.setObject(2, timestamp(now));
            insert.setString(3, reason.length() > 1000 ? reason.substring(0, 1000) : reason);
            insert.executeUpdate();
        }
        event(connection, addressHash, 0, "suppressed", now, null, null, null, null);
        return true;
    }

    /**
     * Ends every alert of the subscriber that has not ended (pending ones too), each recorded as {@code kind} with
     * {@code detail}, and cancels their links.
     *
     * @return the alerts ended
     */
    static List<Long> endAllIn(Connection connection, long subscriberId, String kind, String detail, Instant now)
            throws SQLException {
        List<Long> ended = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM subscription WHERE subscriber_id = ?"
                + " AND state <> 'unsubscribed' ORDER BY id FOR UPDATE")) {
            select.setLong(1, subscriberId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ended.add(rows.getLong(1));
                }
            }
        }
        if (ended.isEmpty()) {
            return ended;
        }
        String hash = addressHash(connection, subscriberId);
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE subscription SET state = 'unsubscribed', expires_at = NULL, changed_at = ? WHERE id = ?")) {
            for (long id : ended) {
                update.setObject(1, timestamp(now));
                update.setLong(2, id);
                update.executeUpdate();
                event(connection, hash, id, kind, now, null, null, null, detail);
            }
        }
        try (PreparedStatement rotate = connection.prepareStatement(
                "UPDATE subscriber SET link_version = link_version + 1 WHERE id = ?")) {
            rotate.setLong(1, subscriberId);
            rotate.executeUpdate();
        }
        return ended;
    }

    @Override
    public boolean isSuppressed(String addressHash) {
        return Transactions.read(dataSource, "suppression", connection -> suppressedIn(connection, addressHash));
    }

    static boolean suppressedIn(Connection connection, String addressHash) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM suppression WHERE address_hash = ?")) {
            select.setString(1, addressHash);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    static Alert map(ResultSet rows) throws SQLException {
        return new Alert(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getString(4),
                words(rows.getString(5)), words(rows.getString(6)), Frequency.parse(rows.getString(7)).orElseThrow(),
                rows.getString(8), Alert.State.of(rows.getString(9)), rows.getBoolean(10), instant(rows, 11),
                Optional.ofNullable(rows.getObject(12, java.time.OffsetDateTime.class)).map(java.time.OffsetDateTime::toInstant),
                Optional.ofNullable(rows.getObject(13, java.time.OffsetDateTime.class)).map(java.time.OffsetDateTime::toInstant),
                rows.getInt(14));
    }
}
