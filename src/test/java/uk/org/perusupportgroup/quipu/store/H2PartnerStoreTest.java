package uk.org.perusupportgroup.quipu.store;

/** The {@link PartnerStore} contract on the embedded H2 database. */
class H2PartnerStoreTest extends PartnerStoreContract {

    @Override
    Database openDatabase() {
        return TestDatabases.h2Database("partner-store");
    }
}
