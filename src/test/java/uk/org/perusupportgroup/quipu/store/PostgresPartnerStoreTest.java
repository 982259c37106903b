package uk.org.perusupportgroup.quipu.store;

/** The {@link PartnerStore} contract on PostgreSQL (embedded, a fresh database for this class). */
class PostgresPartnerStoreTest extends PartnerStoreContract {

    @Override
    Database openDatabase() {
        return TestDatabases.postgresDatabase("partner-store");
    }
}
