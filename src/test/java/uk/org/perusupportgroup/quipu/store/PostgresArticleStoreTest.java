package uk.org.perusupportgroup.quipu.store;

/** The {@link ArticleStore} contract on PostgreSQL (embedded, a fresh database for this class). */
class PostgresArticleStoreTest extends ArticleStoreContract {

    @Override
    Database openDatabase() {
        return TestDatabases.postgresDatabase("article-store");
    }
}
