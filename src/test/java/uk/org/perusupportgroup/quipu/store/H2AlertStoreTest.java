package uk.org.perusupportgroup.quipu.store;

/** The alert delivery path on the embedded H2 database. */
class H2AlertStoreTest extends AlertStoreContract {

    @Override
    Database openDatabase() {
        return TestDatabases.h2Database("alert-store");
    }
}
