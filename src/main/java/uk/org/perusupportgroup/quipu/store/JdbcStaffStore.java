package uk.org.perusupportgroup.quipu.store;

import static uk.org.perusupportgroup.quipu.store.ArticleRows.instant;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.timestamp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link StaffStore} over JDBC: the tables {@code staff} and {@code staff_session}, the same SQL on H2 and PostgreSQL. */
public final class JdbcStaffStore implements StaffStore {

    private final DataSource dataSource;

    public JdbcStaffStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean add(String name, String passwordHash, Instant now) {
        try {
            return Transactions.write(dataSource, "staff add", connection -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO staff (name, password_hash, created_at, disabled) VALUES (?, ?, ?, FALSE)")) {
                    insert.setString(1, name);
                    insert.setString(2, passwordHash);
                    insert.setObject(3, timestamp(now));
                    insert.executeUpdate();
                    return true;
                }
            });
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException sql && ArticleRows.isUniqueViolation(sql)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<Account> find(String name) {
        return Transactions.read(dataSource, "staff find", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT name, password_hash, created_at, disabled FROM staff WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(new Account(rows.getString(1), rows.getString(2), instant(rows, 3),
                            rows.getBoolean(4))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Listed> list() {
        return Transactions.read(dataSource, "staff list", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT s.name, s.created_at, s.disabled,"
                    + " COUNT(x.id), MAX(x.last_seen) FROM staff s LEFT JOIN staff_session x ON x.staff_name = s.name"
                    + " GROUP BY s.name, s.created_at, s.disabled ORDER BY s.name");
                    ResultSet rows = select.executeQuery()) {
                List<Listed> staff = new ArrayList<>();
                while (rows.next()) {
                    Optional<Instant> lastSeen = rows.getObject(5) == null ? Optional.empty() : Optional.of(instant(rows, 5));
                    staff.add(new Listed(rows.getString(1), instant(rows, 2), rows.getBoolean(3), rows.getInt(4), lastSeen));
                }
                return staff;
            }
        });
    }

    @Override
    public boolean changePassword(String name, String passwordHash) {
        return Transactions.write(dataSource, "staff password", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE staff SET password_hash = ? WHERE name = ?")) {
                update.setString(1, passwordHash);
                update.setString(2, name);
                if (update.executeUpdate() == 0) {
                    return false;
                }
            }
            endSessions(connection, name);
            return true;
        });
    }

    @Override
    public boolean remove(String name) {
        return Transactions.write(dataSource, "staff remove", connection -> {
            endSessions(connection, name);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM staff WHERE name = ?")) {
                delete.setString(1, name);
                return delete.executeUpdate() == 1;
            }
        });
    }

    private static void endSessions(java.sql.Connection connection, String name) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM staff_session WHERE staff_name = ?")) {
            delete.setString(1, name);
            delete.executeUpdate();
        }
    }

    @Override
    public void addSession(Session session) {
        Transactions.write(dataSource, "staff session", connection -> {
            return insertSession(connection, session);
        });
    }

    private static int insertSession(Connection connection, Session session) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO staff_session"
                + " (id, staff_name, csrf, created_at, last_seen, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, session.id());
            insert.setString(2, session.staffName());
            insert.setString(3, session.csrf());
            insert.setObject(4, timestamp(session.createdAt()));
            insert.setObject(5, timestamp(session.lastSeen()));
            insert.setObject(6, timestamp(session.expiresAt()));
            return insert.executeUpdate();
        }
    }

    @Override
    public boolean addSessionIfStill(Session session, String passwordHash) {
        return Transactions.write(dataSource, "staff session", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT password_hash, disabled FROM staff WHERE name = ? FOR UPDATE")) {
                select.setString(1, session.staffName());
                try (java.sql.ResultSet rows = select.executeQuery()) {
                    if (!rows.next() || !rows.getString(1).equals(passwordHash) || rows.getBoolean(2)) {
                        return false;
                    }
                }
            }
            return insertSession(connection, session) == 1;
        });
    }

    @Override
    public Optional<Session> session(String id) {
        return Transactions.read(dataSource, "staff session", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT x.id, x.staff_name, x.csrf, x.created_at,"
                    + " x.last_seen, x.expires_at FROM staff_session x JOIN staff s ON s.name = x.staff_name"
                    + " WHERE x.id = ? AND NOT s.disabled")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(new Session(rows.getString(1), rows.getString(2), rows.getString(3),
                            instant(rows, 4), instant(rows, 5), instant(rows, 6))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void touch(String id, Instant now) {
        Transactions.write(dataSource, "staff session", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE staff_session SET last_seen = ? WHERE id = ? AND last_seen < ?")) {
                update.setObject(1, timestamp(now));
                update.setString(2, id);
                update.setObject(3, timestamp(now));
                return update.executeUpdate();
            }
        });
    }

    @Override
    public boolean endSession(String id) {
        return Transactions.write(dataSource, "staff sign-out", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM staff_session WHERE id = ?")) {
                delete.setString(1, id);
                return delete.executeUpdate() == 1;
            }
        });
    }

    @Override
    public int deleteEnded(Instant now, Instant idleSince) {
        return Transactions.write(dataSource, "staff sessions clean-up", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM staff_session WHERE expires_at <= ? OR last_seen < ?")) {
                delete.setObject(1, timestamp(now));
                delete.setObject(2, timestamp(idleSince));
                return delete.executeUpdate();
            }
        });
    }
}
