package uk.org.perusupportgroup.quipu.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;

/**
 * Real databases for tests, opened through the production {@link Database#open} (pool + Flyway), so
 * every test runs against the schema the server uses.
 *
 * <ul>
 *   <li>{@link #h2(String)}: a private in-memory H2 database.
 *   <li>{@link #postgres(String)}: a fresh database in the one embedded PostgreSQL server of this JVM,
 *       started on first use and stopped when the JVM exits.
 * </ul>
 * Each call creates a new, empty database (the name is a label made unique), so test classes never
 * see each other's rows. Pools still open at JVM exit are closed then; close them earlier with
 * {@link Database#close()} when holding the {@code *Database} variants.
 */
public final class TestDatabases {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final List<Database> OPENED = new ArrayList<>();
    private static EmbeddedPostgres server;

    private TestDatabases() {}

    /** A migrated data source on a new in-memory H2 database. */
    public static DataSource h2(String name) {
        return h2Database(name).dataSource();
    }

    /** A migrated data source on a new database in the shared embedded PostgreSQL server. */
    public static DataSource postgres(String name) {
        return postgresDatabase(name).dataSource();
    }

    /** A new in-memory H2 database, opened and migrated like production's. */
    public static Database h2Database(String name) {
        return open(h2Config(name));
    }

    /** A new database in the shared embedded PostgreSQL server, opened and migrated like production's. */
    public static Database postgresDatabase(String name) {
        return open(postgresConfig(name));
    }

    /** The settings of a new, empty in-memory H2 database (kept until the JVM exits); nothing is opened. */
    public static QuipuConfig.Db h2Config(String name) {
        return new QuipuConfig.Db("jdbc:h2:mem:" + unique(name) + ";DB_CLOSE_DELAY=-1", "", "", 4);
    }

    /**
     * Creates a new, empty database in the shared embedded PostgreSQL server and returns its settings,
     * e.g. for a server under test ({@code QUIPU_DB_URL}); nothing is opened or migrated yet.
     */
    public static synchronized QuipuConfig.Db postgresConfig(String name) {
        EmbeddedPostgres pg = server();
        String database = unique(name);
        try (Connection connection = pg.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + database + ": " + e.getMessage(), e);
        }
        return new QuipuConfig.Db(pg.getJdbcUrl("postgres", database), "", "", 4);
    }

    private static Database open(QuipuConfig.Db db) {
        Database database = Database.open(db);
        synchronized (OPENED) {
            OPENED.add(database);
        }
        return database;
    }

    /** A lower-case identifier, valid for H2 and PostgreSQL, that no other call returns. */
    private static String unique(String name) {
        String label = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        if (label.length() > 40) {
            label = label.substring(0, 40);
        }
        return "t_" + label + "_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet();
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::closeAll, "test-databases-shutdown"));
        }
        return server;
    }

    private static void closeAll() {
        synchronized (OPENED) {
            OPENED.forEach(Database::close);
            OPENED.clear();
        }
        try {
            server.close();
        } catch (IOException e) {
            System.err.println("embedded PostgreSQL did not stop cleanly: " + e.getMessage());
        }
    }
}
