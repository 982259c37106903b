package uk.org.perusupportgroup.quipu.store;

/** The daily clean-up on the embedded H2 database. */
class H2RetentionTest extends RetentionContract {

    @Override
    Database openDatabase() {
        return TestDatabases.h2Database("retention");
    }
}
