package uk.org.perusupportgroup.quipu.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.article.Language;
import uk.org.perusupportgroup.quipu.article.Origin;
import uk.org.perusupportgroup.quipu.article.Revision;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.StoredArticle;
import uk.org.perusupportgroup.quipu.article.Translation;

/**
 * Articles and the change times of the feeds made from them. Blocking: call it off the event loop.
 * Every write updates the affected feeds' change times in the same transaction.
 */
public interface ArticleStore {

    /** The published article of this slug: what the public may read. */
    Optional<StoredArticle> find(String slug);

    /** The article of this slug as staff see it: published, a draft or scheduled (not removed). */
    Optional<StoredArticle> findForStaff(String slug);

    /** The drafts and scheduled articles, the latest published time first. */
    List<StoredArticle> held();

    /**
     * Publishes the scheduled articles whose time has come (at most a hundred a call), each queued for alerts if it was
     * never public. Safe on several instances at once: each article is released by one of them.
     *
     * @return the changes this call made
     */
    List<ArticleChange> releaseDue(Instant now);

    /** The articles of these slugs that are stored, in the order given, read in one query. */
    List<StoredArticle> findAll(List<String> slugs);

    /** Newest first (published, then slug), {@code limit} from {@code offset}. */
    default List<StoredArticle> newest(Scope scope, Origin origin, int offset, int limit) {
        return newest(scope, origin, java.util.Optional.empty(), offset, limit);
    }

    /** The same, only the articles written in {@code written} ({@code es}, {@code es-PE}, …) when it is given. */
    default List<StoredArticle> newest(Scope scope, Origin origin, java.util.Optional<Language> written, int offset, int limit) {
        return newest(scope, origin, written, java.util.Optional.empty(), offset, limit);
    }

    /**
     * The same, for a feed in {@code preferred} when it is given: one of PSG's articles not written in that language is
     * left out when its translation ({@link Translation}) is written in it and in the same selection, where it stands in
     * its own right. Articles without a translation are never left out.
     */
    List<StoredArticle> newest(Scope scope, Origin origin, java.util.Optional<Language> written,
            java.util.Optional<Language> preferred, int offset, int limit);

    /** How many articles the scope holds. */
    default int count(Scope scope, Origin origin) {
        return count(scope, origin, java.util.Optional.empty());
    }

    /** How many articles the scope holds written in {@code written}, when it is given. */
    default int count(Scope scope, Origin origin, java.util.Optional<Language> written) {
        return count(scope, origin, written, java.util.Optional.empty());
    }

    /** How many articles {@link #newest(Scope, Origin, java.util.Optional, java.util.Optional, int, int)} selects in all. */
    int count(Scope scope, Origin origin, java.util.Optional<Language> written, java.util.Optional<Language> preferred);

    /**
     * The translations of these articles, by their slugs (one with none is absent): the live articles of PSG in another
     * language that each names or that name it, the one it names first, at most one per language. Partner items have
     * none. The articles need not be stored as they are (a preview's is not).
     */
    Map<String, List<Translation>> translations(List<StoredArticle> articles);

    /** Topic or region slug → how many articles carry it (slugs with none are absent). */
    Map<String, Integer> counts(uk.org.perusupportgroup.quipu.article.Facet facet);

    /**
     * When the scope's content last changed; when it never held anything, when the database was created (the same on
     * every instance and after every restart: an empty feed has been empty since then).
     */
    Instant changedAt(Scope scope);

    /** Who a write is recorded as when no one is named (tests and tools). */
    String UNNAMED = "unnamed";

    /**
     * Stores a new article: published, or held for staff when it is a draft or its published time is still to come
     * (then the change has no scopes and no {@code after}: it is not public). Its first revision, by {@code by}, is
     * kept with it.
     *
     * @throws SlugTakenException when the slug is in use
     */
    ArticleChange insert(Article article, String by, Instant now);

    default ArticleChange insert(Article article, Instant now) {
        return insert(article, UNNAMED, now);
    }

    /**
     * Replaces the article with the same slug (published, a draft or scheduled), publishing or holding it as its status
     * and time say.
     *
     * @return the change; empty when no article has that slug (or it is removed); a change with no affected scopes when
     *     the content is identical or the article is not public
     */
    default Optional<ArticleChange> update(Article article, Instant now) {
        return update(article, UNNAMED, now, Optional.empty());
    }

    default Optional<ArticleChange> update(Article article, Instant now, Optional<Instant> unchangedSince) {
        return update(article, UNNAMED, now, unchangedSince);
    }

    /**
     * Replaces the article with the same slug, only if it is still the version written at {@code unchangedSince}
     * (checked in the same transaction: of two writers who started from one version, the later one is refused).
     *
     * A write that changes something keeps a revision, by {@code by}.
     *
     * @throws ArticleChangedException when the stored version was written at another time; nothing is written
     */
    Optional<ArticleChange> update(Article article, String by, Instant now, Optional<Instant> unchangedSince);

    /** The revisions of a PSG article, the latest first. */
    List<Revision> revisions(String slug);

    /** One revision of a PSG article. */
    Optional<Revision> revision(String slug, long id);

    /**
     * Takes the article out of every feed, page and search, keeping it with when and why, so that staff can restore it
     * and messages that already list it still find it (as withdrawn), until {@link #purgeRemoved} deletes it.
     *
     * @return the change; empty when no published, draft or scheduled article has that slug
     */
    Optional<ArticleChange> remove(String slug, String why, Instant now);

    /**
     * Publishes a removed article again, as it was. An article from a file that is gone becomes one of the staff
     * pages (its file no longer decides). One that was never public (a deleted draft) comes back a draft.
     *
     * @return the change; empty when no removed article has that slug
     */
    Optional<ArticleChange> restore(String slug, String by, Instant now);

    default Optional<ArticleChange> restore(String slug, Instant now) {
        return restore(slug, UNNAMED, now);
    }

    /**
     * A removed article, kept until it is purged.
     *
     * @param wasPublic it was published before it was removed (a deleted draft was not)
     */
    record Removed(String slug, String title, Optional<String> sourceFile, Instant removedAt, String why, boolean wasPublic) {

        public Removed(String slug, String title, Optional<String> sourceFile, Instant removedAt, String why) {
            this(slug, title, sourceFile, removedAt, why, true);
        }
    }

    /** Removed articles, the latest removal first. */
    List<Removed> removed();

    /** The removed article of this slug, if it is kept. */
    Optional<Removed> removed(String slug);

    /**
     * Deletes for good the articles removed before {@code before}, except those a message still waiting to go lists.
     * Their slugs keep their first-stored day, so a new article with the same slug has the same {@code tag:} id.
     *
     * @return how many were deleted
     */
    int purgeRemoved(Instant before);

    /** A file article a scan would have removed, held back until staff confirm or the file returns. */
    record HeldRemoval(String slug, String sourceFile, Instant since) {}

    /** Replaces the held removals with these (slug → file); an empty map ends the hold. Held ones keep their time. */
    void holdRemovals(Map<String, String> fileBySlug, Instant now);

    List<HeldRemoval> heldRemovals();

    /**
     * Inserts or replaces (by slug) every article in one transaction; each feed's change time is
     * set once.
     *
     * @param by who each change is recorded as (its revision)
     * @return the changes that changed something, in order
     */
    List<ArticleChange> saveAll(List<Article> articles, String by, Instant now);

    default List<ArticleChange> saveAll(List<Article> articles, Instant now) {
        return saveAll(articles, UNNAMED, now);
    }

    /** Slug → source file of every file-backed article. */
    Map<String, String> sourceFiles();
}
