package uk.org.perusupportgroup.quipu.store;

/** The {@link ReachStore} contract on PostgreSQL (embedded, a fresh database for this class). */
class PostgresReachStoreTest extends ReachStoreContract {

    @Override
    Database openDatabase() {
        return TestDatabases.postgresDatabase("reach-store");
    }
}
