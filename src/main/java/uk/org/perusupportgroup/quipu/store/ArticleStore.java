package uk.org.perusupportgroup.quipu.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.article.Origin;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.StoredArticle;

/**
 * Articles and the change times of the feeds made from them. Blocking: call it off the event loop.
 * Every write updates the affected feeds' change times in the same transaction.
 */
public interface ArticleStore {

    Optional<StoredArticle> find(String slug);

    /** The articles of these slugs that are stored, in the order given, read in one query. */
    List<StoredArticle> findAll(List<String> slugs);

    /** Newest first (published, then slug), {@code limit} from {@code offset}. */
    List<StoredArticle> newest(Scope scope, Origin origin, int offset, int limit);

    /** How many articles the scope holds. */
    int count(Scope scope, Origin origin);

    /** Topic or region slug → how many articles carry it (slugs with none are absent). */
    Map<String, Integer> counts(uk.org.perusupportgroup.quipu.article.Facet facet);

    /**
     * When the scope's content last changed; when it never held anything, when the database was created (the same on
     * every instance and after every restart: an empty feed has been empty since then).
     */
    Instant changedAt(Scope scope);

    /**
     * Stores a new article.
     *
     * @throws SlugTakenException when the slug is in use
     */
    ArticleChange insert(Article article, Instant now);

    /**
     * Replaces the article with the same slug.
     *
     * @return the change; empty when no article has that slug; a change with no affected scopes when
     *     the content is identical
     */
    Optional<ArticleChange> update(Article article, Instant now);

    /** @return the change; empty when no article has that slug */
    Optional<ArticleChange> delete(String slug, Instant now);

    /**
     * Inserts or replaces (by slug) every article in one transaction; each feed's change time is
     * set once.
     *
     * @return the changes that changed something, in order
     */
    List<ArticleChange> saveAll(List<Article> articles, Instant now);

    /** Slug → source file of every file-backed article. */
    Map<String, String> sourceFiles();
}
