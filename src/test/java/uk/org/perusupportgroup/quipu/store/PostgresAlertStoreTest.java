package uk.org.perusupportgroup.quipu.store;

/** The alert delivery path on PostgreSQL (embedded, a fresh database for this class). */
class PostgresAlertStoreTest extends AlertStoreContract {

    @Override
    Database openDatabase() {
        return TestDatabases.postgresDatabase("alert-store");
    }
}
