package uk.org.perusupportgroup.quipu.store;

import static uk.org.perusupportgroup.quipu.store.ArticleRows.COLUMNS;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.DRAFT;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.HELD;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.REMOVED;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.SCHEDULED;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.LIVE;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.PARTNER;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.PSG;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.hash;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.instant;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.isUniqueViolation;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.map;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.scopesOf;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.storable;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.tagColumn;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.tagTable;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.touch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.Language;
import uk.org.perusupportgroup.quipu.article.Origin;
import uk.org.perusupportgroup.quipu.article.Revision;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.StoredArticle;
import uk.org.perusupportgroup.quipu.article.Translation;

/**
 * {@link ArticleStore} on JDBC: PSG's articles, their tags, identities, removal holds and the feeds' change times;
 * the rows are written by {@link ArticleRows}.
 */
public final class JdbcArticleStore implements ArticleStore {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JdbcArticleStore.class);

    /** Scheduled articles released in one go; more wait for the next round, a second later. */
    private static final int RELEASE_BATCH = 100;

    private final DataSource dataSource;

    public JdbcArticleStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<StoredArticle> find(String slug) {
        return read(connection -> findIn(connection, slug, false));
    }

    @Override
    public Optional<StoredArticle> findForStaff(String slug) {
        return read(connection -> findIn(connection, slug, false, "(" + LIVE + " OR " + HELD + ")"));
    }

    @Override
    public List<StoredArticle> held() {
        return read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM article a WHERE " + HELD
                    + " ORDER BY a.published DESC, a.slug");
                    ResultSet rows = statement.executeQuery()) {
                List<StoredArticle> held = new ArrayList<>();
                while (rows.next()) {
                    held.add(map(rows));
                }
                return held;
            }
        });
    }

    @Override
    public List<StoredArticle> findAll(List<String> slugs) {
        if (slugs.isEmpty()) {
            return List.of();
        }
        if (slugs.size() > 500) {   // a bounded statement; more is rare (another instance's large import)
            List<StoredArticle> all = new ArrayList<>();
            for (int from = 0; from < slugs.size(); from += 500) {
                all.addAll(findAll(slugs.subList(from, Math.min(slugs.size(), from + 500))));
            }
            return all;
        }
        return read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM article a WHERE a.slug IN ("
                    + String.join(", ", java.util.Collections.nCopies(slugs.size(), "?")) + ") AND " + LIVE)) {
                for (int i = 0; i < slugs.size(); i++) {
                    statement.setString(i + 1, slugs.get(i));
                }
                Map<String, StoredArticle> found = new java.util.HashMap<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        StoredArticle article = map(rows);
                        found.put(article.article().slug(), article);
                    }
                }
                return slugs.stream().map(found::get).filter(java.util.Objects::nonNull).toList();
            }
        });
    }

    @Override
    public List<StoredArticle> newest(Scope scope, Origin origin, Optional<Language> written, Optional<Language> preferred,
            int offset, int limit) {
        Optional<Selection> selection = Selection.of(scope, origin);
        if (selection.isEmpty()) {
            return List.of();
        }
        Selection chosen = selection.get();
        String language = (written.isEmpty() ? "" : " AND " + WRITTEN_IN) + standingIn(chosen, preferred);
        String sql = chosen.table().map(table ->
                // The columns fixed by the WHERE lead the ORDER BY too: without them H2 sorts every tagged
                // row instead of reading the first 31 from the index (PostgreSQL needs no such hint).
                "SELECT " + COLUMNS + " FROM " + table + " t JOIN article a ON a.id = t.article_id"
                        + " WHERE t." + chosen.column() + " = ?" + (chosen.origin().isEmpty() ? "" : " AND t.origin = ?") + language
                        + " ORDER BY t." + chosen.column() + (chosen.origin().isEmpty() ? "" : ", t.origin")
                        + ", t.published DESC, t.slug LIMIT ? OFFSET ?")
                .orElseGet(() -> "SELECT " + COLUMNS + " FROM article a WHERE " + LIVE + language + (chosen.origin().isEmpty()
                        ? " ORDER BY a.published DESC, a.slug" : " AND a.origin = ? ORDER BY a.origin, a.published DESC, a.slug")
                        + " LIMIT ? OFFSET ?");
        return read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int i = chosen.table().isPresent() ? bindWritten(statement, chosen.bind(statement), written)
                        : chosen.bindAfter(statement, bindWritten(statement, 1, written));
                statement.setInt(i++, limit);
                statement.setInt(i, offset);
                try (ResultSet rows = statement.executeQuery()) {
                    List<StoredArticle> articles = new ArrayList<>(limit);
                    while (rows.next()) {
                        articles.add(map(rows));
                    }
                    return articles;
                }
            }
        });
    }

    @Override
    public int count(Scope scope, Origin origin, Optional<Language> written, Optional<Language> preferred) {
        Optional<Selection> selection = Selection.of(scope, origin);
        if (selection.isEmpty()) {
            return 0;
        }
        Selection chosen = selection.get();
        String language = (written.isEmpty() ? "" : " AND " + WRITTEN_IN) + standingIn(chosen, preferred);
        String sql = chosen.table().map(table -> "SELECT COUNT(*) FROM " + table + " t"
                        + (written.isEmpty() ? "" : " JOIN article a ON a.id = t.article_id") + " WHERE t." + chosen.column() + " = ?"
                        + (chosen.origin().isEmpty() ? "" : " AND t.origin = ?") + language)
                .orElseGet(() -> "SELECT COUNT(*) FROM article a WHERE " + LIVE + language + (chosen.origin().isEmpty() ? "" : " AND a.origin = ?"));
        return read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                if (chosen.table().isPresent()) {
                    bindWritten(statement, chosen.bind(statement), written);
                } else {
                    chosen.bindAfter(statement, bindWritten(statement, 1, written));
                }
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        });
    }

    /** An article written in a language: its tag is the language's code, or starts with it ({@code es-PE}). */
    private static final String WRITTEN_IN = "(a.language = ? OR a.language LIKE ?)";

    /**
     * In a feed in {@code preferred}, what keeps out one of PSG's articles not written in it whose translation is, and is
     * in the same selection ({@code t}, a tag or source table's row, or {@code a}, the article's): the translation stands
     * in for it. Either may name the other; only a live article of PSG counts. Nothing when no language is preferred.
     * Partner items pass at the first test, without reading their article row, so that a count of a tag stays a read of
     * its index for them. The language's code is one of {@link Language}'s own, never a request's text: it is written
     * into the SQL rather than bound, as often as the clause needs it.
     */
    private static String standingIn(Selection chosen, Optional<Language> preferred) {
        if (preferred.isEmpty()) {
            return "";
        }
        Language language = preferred.get();
        String row = chosen.table().isPresent() ? "t" : "a";
        // the translation is in the same feed: the same tag (or source) row, or, for the article table, live
        String sameFeed = chosen.table().map(table -> " AND EXISTS (SELECT 1 FROM " + table + " u WHERE u.article_id = b.id"
                + " AND u." + chosen.column() + " = t." + chosen.column() + ")").orElse(" AND b.removed_at IS NULL");
        String translation = " AND b.origin = '" + PSG + "' AND " + writtenIn("b", language) + sameFeed + ")";
        return " AND (" + row + ".origin <> '" + PSG + "' OR NOT EXISTS (SELECT 1 FROM article h WHERE h.id = "
                + (row.equals("t") ? "t.article_id" : "a.id") + " AND NOT " + writtenIn("h", language)
                // two lookups, each by an index, rather than one OR that H2 would answer by reading every article
                + " AND (EXISTS (SELECT 1 FROM article b WHERE b.slug = h.translation" + translation
                + " OR EXISTS (SELECT 1 FROM article b WHERE b.translation = h.slug" + translation + ")))";
    }

    /** {@link #WRITTEN_IN} of the article aliased {@code alias}, the language's code written in. */
    private static String writtenIn(String alias, Language language) {
        return "(" + alias + ".language = '" + language.code() + "' OR " + alias + ".language LIKE '" + language.code() + "-%')";
    }

    /** Binds {@link #WRITTEN_IN} at {@code i} when a language is given; returns the next parameter index. */
    private static int bindWritten(PreparedStatement statement, int i, Optional<Language> written) throws SQLException {
        if (written.isPresent()) {
            statement.setString(i++, written.get().code());
            statement.setString(i++, written.get().code() + "-%");
        }
        return i;
    }

    /**
     * The rows a scope and origin select: a tag or source table and its key, or the article table;
     * the origin column's value when the origin narrows them.
     */
    private record Selection(Optional<String> table, String column, String key, Optional<String> origin) {

        /** Empty when nothing can match: PSG's articles of a partners-only scope. */
        static Optional<Selection> of(Scope scope, Origin origin) {
            Optional<String> originValue = origin == Origin.ANY ? Optional.empty() : Optional.of(originValue(origin));
            if (scope.partnersOnly()) {
                if (origin == Origin.PSG) {
                    return Optional.empty();
                }
                return Optional.of(scope.partnerSource()
                        .map(source -> new Selection(Optional.of("article_source"), "source", source, Optional.<String>empty()))
                        .orElseGet(() -> new Selection(Optional.empty(), "", "", Optional.of(PARTNER))));
            }
            return Optional.of(scope.facet()
                    .map(facet -> new Selection(Optional.of(tagTable(facet)), tagColumn(facet), scope.slug(), originValue))
                    .orElseGet(() -> new Selection(Optional.empty(), "", "", originValue)));
        }

        /** Binds the origin from {@code i}, for the article table (no key); returns the next parameter index. */
        int bindAfter(PreparedStatement statement, int i) throws SQLException {
            if (origin.isPresent()) {
                statement.setString(i++, origin.get());
            }
            return i;
        }

        /** Binds the key and origin; returns the next parameter index. */
        int bind(PreparedStatement statement) throws SQLException {
            int i = 1;
            if (table.isPresent()) {
                statement.setString(i++, key);
            }
            if (origin.isPresent()) {
                statement.setString(i++, origin.get());
            }
            return i;
        }
    }

    @Override
    public Map<String, Integer> counts(Facet facet) {
        return read(connection -> {
            String column = tagColumn(facet);
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + column + ", COUNT(*) FROM "
                    + tagTable(facet) + " GROUP BY " + column);
                    ResultSet rows = statement.executeQuery()) {
                Map<String, Integer> counts = new LinkedHashMap<>();
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
                return counts;
            }
        });
    }

    @Override
    public Instant changedAt(Scope scope) {
        return read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT COALESCE((SELECT changed_at FROM feed_state"
                    + " WHERE scope = ?), (SELECT MIN(created_at) FROM quipu_database))")) {
                statement.setString(1, scope.key());
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return instant(rows, 1).truncatedTo(ChronoUnit.SECONDS);
                }
            }
        });
    }

    @Override
    public ArticleChange insert(Article given, String by, Instant now) {
        Article article = storable(given);
        return write(connection -> {
            if (current(connection, article.slug()).isPresent()) {
                throw new SlugTakenException(article.slug());
            }
            ArticleChange change = writeIn(connection, Optional.empty(), article, Optional.of(by), now);
            touch(connection, change.affected(), now);
            return change;
        });
    }

    @Override
    public Optional<ArticleChange> update(Article given, String by, Instant now, Optional<Instant> unchangedSince) {
        Article article = storable(given);
        return write(connection -> {
            Optional<Current> before = current(connection, article.slug());
            if (before.isEmpty() || before.get().state() == State.REMOVED) {
                return Optional.empty();
            }
            Instant version = before.get().stored().modifiedAt();
            if (unchangedSince.isPresent() && !unchangedSince.get().equals(version)) {
                throw new ArticleChangedException(article.slug(), version, lastRevisedBy(connection, article.slug()));
            }
            ArticleChange change = writeIn(connection, before, article, Optional.of(by), now);
            touch(connection, change.affected(), now);
            return Optional.of(change);
        });
    }

    /**
     * {@inheritDoc} When another instance stores one of the same new slugs at the same moment (every instance imports
     * {@code feeds/} at start-up), the transaction is tried again: the slug then exists, and is compared, not inserted.
     */
    @Override
    public List<ArticleChange> saveAll(List<Article> articles, String by, Instant now) {
        for (int attempt = 1; ; attempt++) {
            try {
                return saveAllOnce(articles, by, now);
            } catch (SlugTakenException | StoreException e) {
                boolean race = e instanceof SlugTakenException
                        || e.getCause() instanceof SQLException sql && isUniqueViolation(sql);
                if (!race || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private List<ArticleChange> saveAllOnce(List<Article> articles, String by, Instant now) {
        return write(connection -> {
            List<ArticleChange> changes = new ArrayList<>();
            Set<Scope> affected = new LinkedHashSet<>();
            for (Article given : articles) {
                Article article = storable(given);
                ArticleChange change = writeIn(connection, current(connection, article.slug()), article, Optional.of(by), now);
                if (!change.affected().isEmpty()) {
                    changes.add(change);
                    affected.addAll(change.affected());
                }
            }
            touch(connection, affected, now);
            return changes;
        });
    }

    /** Where a stored article stands. */
    private enum State { LIVE, HELD, REMOVED }

    /** A stored article (any) and where it stands. */
    private record Current(StoredArticle stored, State state) {}

    /** The stored article of this slug, live, held or removed, its row locked until the transaction ends. */
    private static Optional<Current> current(Connection connection, String slug) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + COLUMNS + ", a.removed_at FROM article a WHERE a.slug = ? FOR UPDATE")) {
            statement.setString(1, slug);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                String why = rows.getString(ArticleRows.REMOVED_WHY);
                State state = rows.getObject(ArticleRows.AFTER_COLUMNS) == null ? State.LIVE
                        : DRAFT.equals(why) || SCHEDULED.equals(why) ? State.HELD : State.REMOVED;
                return Optional.of(new Current(map(rows), state));
            }
        }
    }

    /**
     * Writes an article as its status and time say at {@code now}: public, or held for staff (a draft; scheduled, when
     * its published time is still to come). A held article is in no feed, page or search, and is queued for alerts
     * only when it is first published. Without touching the feed change times. A write that changes the article keeps a
     * revision by {@code by} (none for a release, which changes nothing the editor wrote).
     */
    private static ArticleChange writeIn(Connection connection, Optional<Current> current, Article article, Optional<String> by,
            Instant now) throws SQLException {
        boolean same = current.isPresent() && current.get().state() != State.REMOVED
                && hash(current.get().stored().article()).equals(hash(article));
        ArticleChange change = withPairs(connection, changeIn(connection, current, article, now));
        if (by.isPresent() && !same) {
            ArticleRows.recordRevision(connection, article, by.get(), now);
        }
        return change;
    }

    /**
     * The change, its affected feeds joined by those of the live articles of PSG paired with its article before or after
     * it: their entries link it as their translation (or no longer do), and a feed that shows one of a pair for the other
     * shows it again (or no longer). A change nobody saw (a draft's) stays one.
     */
    private static ArticleChange withPairs(Connection connection, ArticleChange change) throws SQLException {
        if (change.affected().isEmpty()) {
            return change;
        }
        Set<String> slugs = new LinkedHashSet<>();
        Set<String> named = new LinkedHashSet<>();
        for (StoredArticle version : List.of(change.before(), change.after()).stream().flatMap(Optional::stream).toList()) {
            if (version.partner().isEmpty()) {
                slugs.add(version.article().slug());
                version.article().translation().ifPresent(named::add);
            }
        }
        if (slugs.isEmpty()) {
            return change;
        }
        Set<Scope> affected = new LinkedHashSet<>(change.affected());
        for (StoredArticle paired : pairedWith(connection, slugs, named)) {
            if (!slugs.contains(paired.article().slug())) {
                affected.addAll(scopesOf(paired));
            }
        }
        return new ArticleChange(change.before(), change.after(), affected);
    }

    /** The live articles of PSG that are among {@code named} or name one of {@code slugs} as their translation. */
    private static List<StoredArticle> pairedWith(Connection connection, Collection<String> slugs, Collection<String> named)
            throws SQLException {
        Map<String, StoredArticle> found = new LinkedHashMap<>();
        String select = "SELECT " + COLUMNS + " FROM article a WHERE " + LIVE + " AND a.origin = '" + PSG + "' AND a.";
        ArticleRows.Row add = rows -> {
            StoredArticle stored = map(rows);
            found.putIfAbsent(stored.article().slug(), stored);
        };
        ArticleRows.selectIn(connection, select + "slug", List.copyOf(named), add);
        ArticleRows.selectIn(connection, select + "translation", List.copyOf(slugs), add);
        return List.copyOf(found.values());
    }

    @Override
    public Map<String, List<Translation>> translations(List<StoredArticle> articles) {
        List<Article> own = articles.stream().filter(stored -> stored.partner().isEmpty()).map(StoredArticle::article).toList();
        if (own.isEmpty()) {
            return Map.of();
        }
        List<StoredArticle> paired = read(connection -> pairedWith(connection, own.stream().map(Article::slug).toList(),
                own.stream().flatMap(article -> article.translation().stream()).toList()));
        Map<String, List<Translation>> translations = new LinkedHashMap<>();
        for (Article article : own) {
            // the one it names first, then those that name it, by slug; one per language, none in its own
            List<Article> candidates = new ArrayList<>();
            paired.stream().map(StoredArticle::article).filter(other -> article.translation().equals(Optional.of(other.slug())))
                    .forEach(candidates::add);
            paired.stream().map(StoredArticle::article).filter(other -> other.translation().equals(Optional.of(article.slug())))
                    .sorted(java.util.Comparator.comparing(Article::slug)).forEach(candidates::add);
            Map<String, Translation> byLanguage = new LinkedHashMap<>();
            for (Article other : candidates) {
                if (!other.slug().equals(article.slug()) && Translation.differ(other.language(), article.language())) {
                    byLanguage.putIfAbsent(Translation.primary(other.language()), new Translation(other.slug(), other.language(),
                            other.url()));
                }
            }
            if (!byLanguage.isEmpty()) {
                translations.put(article.slug(), List.copyOf(byLanguage.values()));
            }
        }
        return translations;
    }

    private static ArticleChange changeIn(Connection connection, Optional<Current> current, Article article, Instant now)
            throws SQLException {
        boolean held = article.heldAt(now);
        String why = article.draft() ? DRAFT : SCHEDULED;
        if (current.isEmpty()) {
            if (!held) {
                return insertQueuedForAlerts(connection, article, now);
            }
            ArticleRows.insertHeld(connection, article, why, now);
            return new ArticleChange(Optional.empty(), Optional.empty(), Set.of());
        }
        StoredArticle before = current.get().stored();
        switch (current.get().state()) {
            case LIVE:
                if (!held) {
                    return updateIn(connection, before, article, now);
                }
                ArticleRows.holdLive(connection, article, why, now);
                return new ArticleChange(Optional.of(before), Optional.empty(), scopesOf(before));
            case HELD:
                if (!held) {
                    ArticleRows.release(connection, article, now);
                    StoredArticle after = new StoredArticle(article, before.firstStored(), now, before.partner());
                    return new ArticleChange(Optional.empty(), Optional.of(after), scopesOf(after));
                }
                boolean sameWhy = why.equals(before.article().draft() ? DRAFT : SCHEDULED);
                if (!sameWhy || !hash(before.article()).equals(hash(article))) {
                    ArticleRows.replaceHeld(connection, article, why, now);
                }
                return new ArticleChange(Optional.empty(), Optional.empty(), Set.of());
            default:   // removed: its file is back (a draft's file stays a draft)
                if (!held) {
                    return republishIn(connection, before, article, now);
                }
                ArticleRows.replaceHeld(connection, article, why, now);
                return new ArticleChange(Optional.empty(), Optional.empty(), Set.of());
        }
    }

    @Override
    public List<ArticleChange> releaseDue(Instant now) {
        List<String> due = read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT a.slug FROM article a WHERE a.removed_why = ?"
                    + " AND a.published <= ? ORDER BY a.published, a.slug LIMIT " + RELEASE_BATCH)) {
                statement.setString(1, SCHEDULED);
                statement.setObject(2, ArticleRows.timestamp(now));
                try (ResultSet rows = statement.executeQuery()) {
                    List<String> slugs = new ArrayList<>();
                    while (rows.next()) {
                        slugs.add(rows.getString(1));
                    }
                    return slugs;
                }
            }
        });
        List<ArticleChange> released = new ArrayList<>();
        StoreException failed = null;
        for (String slug : due) {
            // each in its own transaction, its row locked: of the instances that saw it due, the first releases it, the
            // others find it released and leave it
            ArticleChange change;
            try {
                change = write(connection -> {
                Optional<Current> held = current(connection, slug);
                if (held.isEmpty() || held.get().state() != State.HELD || held.get().stored().article().heldAt(now)) {
                    return null;
                }
                ArticleChange published = writeIn(connection, held, held.get().stored().article(), Optional.empty(), now);
                touch(connection, published.affected(), now);
                return published;
                });
            } catch (StoreException e) {
                // the ones released before it are told all the same; it is tried again next round
                LOG.warn("scheduled article not released this round: slug={} problem={}", slug, e.getMessage());
                failed = failed == null ? e : failed;
                continue;
            }
            if (change != null) {
                released.add(change);
            }
        }
        if (failed != null && released.isEmpty()) {
            throw failed;
        }
        return released;
    }

    /** Inserts a new PSG article, queued for alert matching, without touching the feed change times. */
    private static ArticleChange insertQueuedForAlerts(Connection connection, Article article, Instant now) throws SQLException {
        LocalDate firstStored = ArticleRows.insertQueuedForAlerts(connection, article, now);
        return new ArticleChange(Optional.empty(), Optional.of(new StoredArticle(article, firstStored, now)),
                scopesOf(List.of(article)));
    }

    /** Replaces an article; a change with no affected scopes when the content is the same. */
    private static ArticleChange updateIn(Connection connection, StoredArticle before, Article article, Instant now)
            throws SQLException {
        if (hash(before.article()).equals(hash(article))) {
            return new ArticleChange(Optional.of(before), Optional.of(before), Set.of());
        }
        ArticleRows.replaceContent(connection, article, now);
        return new ArticleChange(Optional.of(before), Optional.of(new StoredArticle(article, before.firstStored(), now)),
                scopesOf(List.of(before.article(), article)));
    }

    @Override
    public Optional<ArticleChange> remove(String slug, String why, Instant now) {
        return write(connection -> {
            Optional<Current> before = current(connection, slug);
            if (before.isEmpty() || before.get().state() == State.REMOVED) {
                return Optional.empty();
            }
            ArticleRows.markRemoved(connection, slug, why, now);
            if (before.get().state() == State.HELD) {   // never in a feed: nothing public changes
                return Optional.of(new ArticleChange(Optional.empty(), Optional.empty(), Set.of()));
            }
            ArticleChange change = withPairs(connection, new ArticleChange(Optional.of(before.get().stored()), Optional.empty(),
                    scopesOf(before.get().stored())));
            touch(connection, change.affected(), now);
            return Optional.of(change);
        });
    }

    @Override
    public Optional<ArticleChange> restore(String slug, String by, Instant now) {
        return write(connection -> {
            Optional<StoredArticle> removed = findIn(connection, slug, true, REMOVED);
            if (removed.isEmpty()) {
                return Optional.empty();
            }
            Article was = removed.get().article();
            // no file decides any more: a file that is gone would remove it again at the next scan
            Article article = was.withSourceFile(Optional.empty());
            boolean psg = removed.get().partner().isEmpty();
            if (ArticleRows.neverPublic(connection, slug)) {   // a deleted draft (or scheduled one) comes back a draft
                ArticleRows.replaceHeld(connection, article.withStatus(Article.Status.DRAFT), DRAFT, now);
                ArticleRows.recordRevision(connection, article.withStatus(Article.Status.DRAFT), by, now);
                return Optional.of(new ArticleChange(Optional.empty(), Optional.empty(), Set.of()));
            }
            if (psg && article.heldAt(now)) {   // its time is still to come: it comes back scheduled, not out early
                ArticleRows.replaceHeld(connection, article, SCHEDULED, now);
                ArticleRows.recordRevision(connection, article, by, now);
                return Optional.of(new ArticleChange(Optional.empty(), Optional.empty(), Set.of()));
            }
            ArticleChange change = republishIn(connection, removed.get(), article, now);
            if (psg) {
                ArticleRows.recordRevision(connection, article, by, now);
            }
            return Optional.of(change);
        });
    }

    /** Publishes a removed article again with this content (its own, or its file's come back), tags and feeds included. */
    private static ArticleChange republishIn(Connection connection, StoredArticle removed, Article article, Instant now)
            throws SQLException {
        ArticleRows.republish(connection, article, now);
        StoredArticle after = new StoredArticle(article, removed.firstStored(), now, removed.partner());
        ArticleChange change = withPairs(connection, new ArticleChange(Optional.empty(), Optional.of(after), scopesOf(after)));
        touch(connection, change.affected(), now);
        return change;
    }

    @Override
    public List<Revision> revisions(String slug) {
        return read(connection -> revisionsWhere(connection, slug, ""));
    }

    @Override
    public Optional<Revision> revision(String slug, long id) {
        return read(connection -> revisionsWhere(connection, slug, " AND r.id = " + id)).stream().findFirst();
    }

    private static List<Revision> revisionsWhere(Connection connection, String slug, String and) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + ArticleRows.REVISION_COLUMNS
                + " FROM article_revision r JOIN article a ON a.id = r.article_id WHERE a.slug = ?" + and + " ORDER BY r.id DESC")) {
            statement.setString(1, slug);
            try (ResultSet rows = statement.executeQuery()) {
                List<Revision> out = new ArrayList<>();
                while (rows.next()) {
                    out.add(ArticleRows.revision(rows));
                }
                return out;
            }
        }
    }

    /** Who saved the article's latest revision, if one was kept. */
    private static Optional<String> lastRevisedBy(Connection connection, String slug) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT r.revised_by FROM article_revision r"
                + " JOIN article a ON a.id = r.article_id WHERE a.slug = ? ORDER BY r.id DESC LIMIT 1")) {
            statement.setString(1, slug);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    @Override
    public List<Removed> removed() {
        return read(connection -> removedWhere(connection, "", null));
    }

    @Override
    public Optional<Removed> removed(String slug) {
        return read(connection -> removedWhere(connection, " AND a.slug = ?", slug)).stream().findFirst();
    }

    private static List<Removed> removedWhere(Connection connection, String and, String slug) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT a.slug, a.title, a.source_file, a.removed_at,"
                + " a.removed_why, a.never_public FROM article a WHERE " + REMOVED + and + " ORDER BY a.removed_at DESC, a.slug")) {
            if (slug != null) {
                statement.setString(1, slug);
            }
            try (ResultSet rows = statement.executeQuery()) {
                List<Removed> out = new ArrayList<>();
                while (rows.next()) {
                    out.add(new Removed(rows.getString(1), rows.getString(2), Optional.ofNullable(rows.getString(3)),
                            instant(rows, 4), Optional.ofNullable(rows.getString(5)).orElse(""), !rows.getBoolean(6)));
                }
                return out;
            }
        }
    }

    @Override
    public int purgeRemoved(Instant before) {
        return write(connection -> ArticleRows.purgeRemoved(connection, before));
    }

    @Override
    public void holdRemovals(Map<String, String> fileBySlug, Instant now) {
        write(connection -> {
            ArticleRows.holdRemovals(connection, fileBySlug, now);
            return null;
        });
    }

    @Override
    public List<HeldRemoval> heldRemovals() {
        return read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT slug, source_file, held_since FROM"
                    + " article_removal_hold ORDER BY source_file");
                    ResultSet rows = select.executeQuery()) {
                List<HeldRemoval> out = new ArrayList<>();
                while (rows.next()) {
                    out.add(new HeldRemoval(rows.getString(1), rows.getString(2), instant(rows, 3)));
                }
                return out;
            }
        });
    }

    @Override
    public Map<String, String> sourceFiles() {
        return read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT slug, source_file FROM article a WHERE source_file IS NOT NULL AND (" + LIVE + " OR " + HELD + ")"
                            + " ORDER BY slug");
                    ResultSet rows = statement.executeQuery()) {
                Map<String, String> files = new LinkedHashMap<>();
                while (rows.next()) {
                    files.put(rows.getString(1), rows.getString(2));
                }
                return files;
            }
        });
    }

    // --- SQL helpers -------------------------------------------------------------------------------

    /** The published article of this slug (a removed one is not). */
    private static Optional<StoredArticle> findIn(Connection connection, String slug, boolean forUpdate) throws SQLException {
        return findIn(connection, slug, forUpdate, LIVE);
    }

    private static Optional<StoredArticle> findIn(Connection connection, String slug, boolean forUpdate, String which)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM article a WHERE a.slug = ? AND " + which + (forUpdate ? " FOR UPDATE" : ""))) {
            statement.setString(1, slug);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(map(rows)) : Optional.empty();
            }
        }
    }

    private static String originValue(Origin origin) {
        return origin == Origin.PSG ? PSG : PARTNER;
    }

    private <T> T read(Transactions.Work<T> work) {
        return Transactions.read(dataSource, "article", work);
    }

    private <T> T write(Transactions.Work<T> work) {
        return Transactions.write(dataSource, "article", work);
    }
}
