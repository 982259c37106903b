package uk.org.perusupportgroup.quipu.store;

/** Bounces and complaints on the embedded H2 database. */
class H2BounceStoreTest extends BounceStoreContract {

    @Override
    Database openDatabase() {
        return TestDatabases.h2Database("bounce-store");
    }
}
