package uk.org.perusupportgroup.quipu.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;

/**
 * The connection pool and the schema: opening it migrates the database (Flyway) to the schema this
 * build expects. The same migrations serve H2 and PostgreSQL.
 */
public final class Database implements AutoCloseable {

    /**
     * The version of the newest migration in {@code db/migration}: raise it with every new migration
     * (a test checks). A database already at this version skips Flyway, which costs half a second
     * of every start.
     */
    static final int SCHEMA_VERSION = 25;
    /** H2 parses each prepared statement again unless it is among the session's last few; a batch of partner items uses more. */
    private static final String H2_QUERY_CACHE = ";QUERY_CACHE_SIZE=128";

    private final HikariDataSource dataSource;
    private final String url;

    private Database(HikariDataSource dataSource, String url) {
        this.dataSource = dataSource;
        this.url = url;
    }

    /**
     * Opens the pool and migrates the schema.
     *
     * @throws StoreException when the database cannot be reached or migrated
     */
    public static Database open(QuipuConfig.Db db) {
        var config = new HikariConfig();
        config.setJdbcUrl(withQueryCache(db.url()));
        if (!db.user().isEmpty()) {
            config.setUsername(db.user());
        }
        if (!db.password().isEmpty()) {
            config.setPassword(db.password());
        }
        config.setMaximumPoolSize(db.poolSize());
        config.setMinimumIdle(Math.min(2, db.poolSize()));
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        config.setInitializationFailTimeout(10_000);
        config.setPoolName("quipu-db");
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open database " + redact(db.url()) + ": " + rootMessage(e), e);
        }
        try {
            if (isCurrent(dataSource)) {
                return new Database(dataSource, db.url());
            }
            Flyway.configure(Database.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StoreException("cannot migrate database " + redact(db.url()) + ": " + rootMessage(e), e);
        }
        return new Database(dataSource, db.url());
    }

    /** True when every migration has been applied successfully (and none is newer than this build). */
    static boolean isCurrent(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
                var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\""
                        + " WHERE \"version\" IS NOT NULL")) {
            int newest = 0;
            while (rows.next()) {
                if (!rows.getBoolean(2)) {
                    return false;
                }
                newest = Math.max(newest, Integer.parseInt(rows.getString(1)));
            }
            return newest == SCHEMA_VERSION;
        } catch (SQLException | NumberFormatException e) {
            return false;   // no history table yet, or one we do not read: let Flyway decide
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** @return empty when a connection from the pool answers a validity check within two seconds, else why not */
    public java.util.Optional<String> check() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2) ? java.util.Optional.empty()
                    : java.util.Optional.of("a connection did not answer within 2 s");
        } catch (SQLException e) {
            return java.util.Optional.of(rootMessage(e));
        }
    }

    /** The JDBC URL without credentials, for logs and health reports. */
    public String describe() {
        return redact(url);
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** An H2 URL keeps more parsed statements per connection (unless it sets its own number); others are left as they are. */
    static String withQueryCache(String url) {
        return url.startsWith("jdbc:h2:") && !url.toUpperCase(java.util.Locale.ROOT).contains("QUERY_CACHE_SIZE")
                ? url + H2_QUERY_CACHE : url;
    }
}
