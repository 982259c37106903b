package uk.org.perusupportgroup.quipu.store;

/** The daily clean-up on PostgreSQL (embedded, a fresh database for this class). */
class PostgresRetentionTest extends RetentionContract {

    @Override
    Database openDatabase() {
        return TestDatabases.postgresDatabase("retention");
    }
}
