package uk.org.perusupportgroup.quipu.store;

/** The {@link StaffStore} contract on PostgreSQL (embedded, a fresh database for this class). */
class PostgresStaffStoreTest extends StaffStoreContract {

    @Override
    Database openDatabase() {
        return TestDatabases.postgresDatabase("staff-store");
    }
}
