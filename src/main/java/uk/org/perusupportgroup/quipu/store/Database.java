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
        config.setJdbcUrl(db.url());
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

    public DataSource dataSource() {
        return dataSource;
    }

    /** @return true when a connection answers a validity check within two seconds */
    public boolean ping() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
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
}
