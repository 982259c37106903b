package uk.org.perusupportgroup.quipu.store;

/** The {@link MediaStore} contract on the embedded H2 database. */
class H2MediaStoreTest extends MediaStoreContract {

    @Override
    Database openDatabase() {
        return TestDatabases.h2Database("media-store");
    }
}
