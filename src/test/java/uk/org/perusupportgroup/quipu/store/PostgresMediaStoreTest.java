package uk.org.perusupportgroup.quipu.store;

/** The {@link MediaStore} contract on PostgreSQL (embedded, a fresh database for this class). */
class PostgresMediaStoreTest extends MediaStoreContract {

    @Override
    Database openDatabase() {
        return TestDatabases.postgresDatabase("media-store");
    }
}
