package uk.org.perusupportgroup.quipu.store;

/** The {@link StaffStore} contract on the embedded H2 database. */
class H2StaffStoreTest extends StaffStoreContract {

    @Override
    Database openDatabase() {
        return TestDatabases.h2Database("staff-store");
    }
}
