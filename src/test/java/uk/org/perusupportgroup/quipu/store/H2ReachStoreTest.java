package uk.org.perusupportgroup.quipu.store;

/** The {@link ReachStore} contract on the embedded H2 database. */
class H2ReachStoreTest extends ReachStoreContract {

    @Override
    Database openDatabase() {
        return TestDatabases.h2Database("reach-store");
    }
}
