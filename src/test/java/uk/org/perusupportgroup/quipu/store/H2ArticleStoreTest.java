package uk.org.perusupportgroup.quipu.store;

/** The {@link ArticleStore} contract on the embedded H2 database. */
class H2ArticleStoreTest extends ArticleStoreContract {

    @Override
    Database openDatabase() {
        return TestDatabases.h2Database("article-store");
    }
}
