package uk.org.perusupportgroup.quipu.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Start-up skips Flyway only for a database that has every migration this build ships. */
class SchemaVersionTest {

    @Test
    void schemaVersionIsTheNewestMigrationFile() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            int newest = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
            assertEquals(newest, Database.SCHEMA_VERSION, "raise Database.SCHEMA_VERSION with each new migration");
        }
    }

    @Test
    void aMigratedDatabaseIsCurrentAndAnEmptyOneIsNot() throws Exception {
        try (Database database = TestDatabases.h2Database("schema-version")) {
            assertTrue(Database.isCurrent(database.dataSource()));
            try (Connection connection = database.dataSource().getConnection()) {
                connection.createStatement().executeUpdate("UPDATE \"flyway_schema_history\" SET \"success\" = FALSE");
            }
            assertFalse(Database.isCurrent(database.dataSource()), "a failed migration sends start-up through Flyway");
        }
        var empty = new com.zaxxer.hikari.HikariDataSource();
        empty.setJdbcUrl("jdbc:h2:mem:empty-" + System.nanoTime());
        try (empty) {
            assertFalse(Database.isCurrent(empty));
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"h2", "postgres"})
    void reopeningACurrentDatabaseSkipsFlywayAndWorks(String backend) throws Exception {
        var config = backend.equals("h2") ? TestDatabases.h2Config("reopen") : TestDatabases.postgresConfig("reopen");
        try (Database first = Database.open(config)) {
            assertTrue(Database.isCurrent(first.dataSource()));
            try (Database second = Database.open(config)) {
                assertEquals(0, new JdbcArticleStore(second.dataSource()).count(uk.org.perusupportgroup.quipu.article.Scope.ALL,
                        uk.org.perusupportgroup.quipu.article.Origin.ANY));
            }
        }
    }
}
