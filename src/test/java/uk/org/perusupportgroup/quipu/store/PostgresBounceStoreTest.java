package uk.org.perusupportgroup.quipu.store;

/** Bounces and complaints on PostgreSQL (embedded, a fresh database for this class). */
class PostgresBounceStoreTest extends BounceStoreContract {

    @Override
    Database openDatabase() {
        return TestDatabases.postgresDatabase("bounce-store");
    }
}
