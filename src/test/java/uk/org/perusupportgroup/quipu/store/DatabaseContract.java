package uk.org.perusupportgroup.quipu.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * A store contract's database: one per test class, of the kind the subclass opens (H2 or PostgreSQL), with every
 * table emptied before each test (the shared link secrets are kept).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatabaseContract {

    /** Every table of the schema that tests write, those that refer to others first. */
    private static final List<String> TABLES = List.of("alert_delivery", "alert_match", "outbox", "consent_event", "suppression",
            "subscription", "subscriber", "alert_pending", "partner_retag", "partner_item", "partner_held", "partner_source", "article_source",
            "article_topic", "article_region", "article", "article_identity", "feed_state", "signup_count", "quipu_instance",
            "article_removal_hold", "partner_hidden", "article_revision", "staff_session", "staff", "media_source", "media_file", "media",
            "reach_count", "reach_stated", "reach_sketch", "reach_key", "mail_bounce");

    Database database;

    /** A new, migrated database of the kind under test. */
    abstract Database openDatabase();

    /** Makes the stores under test, once the database is open. */
    abstract void opened(javax.sql.DataSource dataSource);

    @BeforeAll
    void open() {
        database = openDatabase();
        opened(database.dataSource());
    }

    @AfterAll
    void close() {
        database.close();
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                statement.executeUpdate("DELETE FROM " + table);
            }
        }
    }
}
