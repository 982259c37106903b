package uk.org.perusupportgroup.quipu.store;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.Origin;
import uk.org.perusupportgroup.quipu.article.PartnerSource;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.StoredArticle;

/** {@link ArticleStore} on JDBC: the SQL of the article, tag, identity and feed-state tables. */
public final class JdbcArticleStore implements ArticleStore {

    static final String COLUMNS = "a.slug, a.title, a.summary, a.body, a.body_html, a.published, a.updated,"
            + " a.topics, a.regions, a.language, a.author, a.url, a.source_file, a.first_stored, a.modified_at,"
            + " a.sources, a.reuse";
    static final String PSG = "psg";
    /** Published, not removed: every read for feeds, pages and search has it. */
    static final String LIVE = "a.removed_at IS NULL";
    private static final String REMOVED = "a.removed_at IS NOT NULL";
    static final String PARTNER = "partner";

    private final DataSource dataSource;

    public JdbcArticleStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<StoredArticle> find(String slug) {
        return read(connection -> findIn(connection, slug, false));
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
    public List<StoredArticle> newest(Scope scope, Origin origin, int offset, int limit) {
        Optional<Selection> selection = Selection.of(scope, origin);
        if (selection.isEmpty()) {
            return List.of();
        }
        Selection chosen = selection.get();
        String sql = chosen.table().map(table ->
                // The columns fixed by the WHERE lead the ORDER BY too: without them H2 sorts every tagged
                // row instead of reading the first 31 from the index (PostgreSQL needs no such hint).
                "SELECT " + COLUMNS + " FROM " + table + " t JOIN article a ON a.id = t.article_id"
                        + " WHERE t." + chosen.column() + " = ?" + (chosen.origin().isEmpty() ? "" : " AND t.origin = ?")
                        + " ORDER BY t." + chosen.column() + (chosen.origin().isEmpty() ? "" : ", t.origin")
                        + ", t.published DESC, t.slug LIMIT ? OFFSET ?")
                .orElseGet(() -> "SELECT " + COLUMNS + " FROM article a WHERE " + LIVE + (chosen.origin().isEmpty()
                        ? " ORDER BY a.published DESC, a.slug" : " AND a.origin = ? ORDER BY a.origin, a.published DESC, a.slug")
                        + " LIMIT ? OFFSET ?");
        return read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int i = chosen.bind(statement);
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
    public int count(Scope scope, Origin origin) {
        Optional<Selection> selection = Selection.of(scope, origin);
        if (selection.isEmpty()) {
            return 0;
        }
        Selection chosen = selection.get();
        String sql = chosen.table().map(table -> "SELECT COUNT(*) FROM " + table + " t WHERE t." + chosen.column() + " = ?"
                        + (chosen.origin().isEmpty() ? "" : " AND t.origin = ?"))
                .orElseGet(() -> "SELECT COUNT(*) FROM article a WHERE " + LIVE + (chosen.origin().isEmpty() ? "" : " AND a.origin = ?"));
        return read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                chosen.bind(statement);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        });
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
    public ArticleChange insert(Article given, Instant now) {
        Article article = storable(given);
        return write(connection -> {
            if (findIn(connection, article.slug(), true).isPresent()) {
                throw new SlugTakenException(article.slug());
            }
            ArticleChange change = insertIn(connection, article, now);
            touch(connection, change.affected(), now);
            return change;
        });
    }

    @Override
    public Optional<ArticleChange> update(Article given, Instant now) {
        Article article = storable(given);
        return write(connection -> {
            Optional<StoredArticle> before = findIn(connection, article.slug(), true);
            if (before.isEmpty()) {
                return Optional.empty();
            }
            ArticleChange change = updateIn(connection, before.get(), article, now);
            touch(connection, change.affected(), now);
            return Optional.of(change);
        });
    }

    /**
     * {@inheritDoc} When another instance stores one of the same new slugs at the same moment (every instance imports
     * {@code feeds/} at start-up), the transaction is tried again: the slug then exists, and is compared, not inserted.
     */
    @Override
    public List<ArticleChange> saveAll(List<Article> articles, Instant now) {
        for (int attempt = 1; ; attempt++) {
            try {
                return saveAllOnce(articles, now);
            } catch (SlugTakenException | StoreException e) {
                boolean race = e instanceof SlugTakenException
                        || e.getCause() instanceof SQLException sql && isUniqueViolation(sql);
                if (!race || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private List<ArticleChange> saveAllOnce(List<Article> articles, Instant now) {
        return write(connection -> {
            List<ArticleChange> changes = new ArrayList<>();
            Set<Scope> affected = new LinkedHashSet<>();
            for (Article given : articles) {
                Article article = storable(given);
                Optional<StoredArticle> before = findIn(connection, article.slug(), true);
                Optional<StoredArticle> removed = before.isPresent() ? Optional.empty()
                        : findIn(connection, article.slug(), true, REMOVED);
                ArticleChange change = before.isPresent() ? updateIn(connection, before.get(), article, now)
                        : removed.isPresent() ? republishIn(connection, removed.get(), article, now)
                        : insertIn(connection, article, now);
                if (!change.affected().isEmpty()) {
                    changes.add(change);
                    affected.addAll(change.affected());
                }
            }
            touch(connection, affected, now);
            return changes;
        });
    }

    /** Inserts a new PSG article, without touching the feed change times. */
    private static ArticleChange insertIn(Connection connection, Article article, Instant now) throws SQLException {
        LocalDate firstStored = identityQueuingNewSlugForAlerts(connection, article.slug(), now);
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO article (slug, origin, title, summary,"
                + " body, body_html, published, updated, topics, regions, language, author, url, source_file,"
                + " content_hash, first_stored, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            statement.setString(1, article.slug());
            statement.setString(2, PSG);
            bindContent(statement, 3, article);
            statement.setObject(16, firstStored);
            statement.setObject(17, timestamp(now));
            statement.executeUpdate();
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                throw new SlugTakenException(article.slug());
            }
            throw e;
        }
        writeTags(connection, article);
        return new ArticleChange(Optional.empty(), Optional.of(new StoredArticle(article, firstStored, now)),
                scopesOf(List.of(article)));
    }

    /** Replaces an article; a change with no affected scopes when the content is the same. */
    private static ArticleChange updateIn(Connection connection, StoredArticle before, Article article, Instant now)
            throws SQLException {
        if (hash(before.article()).equals(hash(article))) {
            return new ArticleChange(Optional.of(before), Optional.of(before), Set.of());
        }
        try (PreparedStatement statement = connection.prepareStatement("UPDATE article SET title = ?, summary = ?,"
                + " body = ?, body_html = ?, published = ?, updated = ?, topics = ?, regions = ?, language = ?,"
                + " author = ?, url = ?, source_file = ?, content_hash = ?, modified_at = ? WHERE slug = ?")) {
            bindContent(statement, 1, article);
            statement.setObject(14, timestamp(now));
            statement.setString(15, article.slug());
            statement.executeUpdate();
        }
        deleteTags(connection, article.slug());
        writeTags(connection, article);
        return new ArticleChange(Optional.of(before), Optional.of(new StoredArticle(article, before.firstStored(), now)),
                scopesOf(List.of(before.article(), article)));
    }

    @Override
    public Optional<ArticleChange> remove(String slug, String why, Instant now) {
        return write(connection -> {
            Optional<StoredArticle> before = findIn(connection, slug, true);
            if (before.isEmpty()) {
                return Optional.empty();
            }
            deleteTags(connection, slug);
            try (PreparedStatement statement = connection.prepareStatement("UPDATE article SET removed_at = ?, removed_why = ?"
                    + " WHERE slug = ?")) {
                statement.setObject(1, timestamp(now));
                statement.setString(2, why.length() > 1000 ? why.substring(0, 1000) : why);
                statement.setString(3, slug);
                statement.executeUpdate();
            }
            Set<Scope> affected = scopesOf(List.of(before.get().article()));
            affected.addAll(partnerScopes(before.get()));
            touch(connection, affected, now);
            return Optional.of(new ArticleChange(before, Optional.empty(), affected));
        });
    }

    @Override
    public Optional<ArticleChange> restore(String slug, Instant now) {
        return write(connection -> {
            Optional<StoredArticle> removed = findIn(connection, slug, true, REMOVED);
            if (removed.isEmpty()) {
                return Optional.empty();
            }
            Article was = removed.get().article();
            // no file decides any more: a file that is gone would remove it again at the next scan
            Article article = new Article(was.slug(), was.title(), was.summary(), was.body(), was.bodyHtml(), was.published(),
                    was.updated(), was.topics(), was.regions(), was.language(), was.author(), was.url(), Optional.empty());
            return Optional.of(republishIn(connection, removed.get(), article, now));
        });
    }

    /** Publishes a removed article again with this content (its own, or its file's come back), tags and feeds included. */
    private static ArticleChange republishIn(Connection connection, StoredArticle removed, Article article, Instant now)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE article SET title = ?, summary = ?,"
                + " body = ?, body_html = ?, published = ?, updated = ?, topics = ?, regions = ?, language = ?,"
                + " author = ?, url = ?, source_file = ?, content_hash = ?, modified_at = ?, removed_at = NULL,"
                + " removed_why = NULL WHERE slug = ?")) {
            bindContent(statement, 1, article);
            statement.setObject(14, timestamp(now));
            statement.setString(15, article.slug());
            statement.executeUpdate();
        }
        writeTags(connection, article);
        Set<Scope> affected = scopesOf(List.of(article));
        affected.addAll(partnerScopes(removed));
        touch(connection, affected, now);
        return new ArticleChange(Optional.empty(), Optional.of(new StoredArticle(article, removed.firstStored(), now,
                removed.partner())), affected);
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
                + " a.removed_why FROM article a WHERE " + REMOVED + and + " ORDER BY a.removed_at DESC, a.slug")) {
            if (slug != null) {
                statement.setString(1, slug);
            }
            try (ResultSet rows = statement.executeQuery()) {
                List<Removed> out = new ArrayList<>();
                while (rows.next()) {
                    out.add(new Removed(rows.getString(1), rows.getString(2), Optional.ofNullable(rows.getString(3)),
                            instant(rows, 4), Optional.ofNullable(rows.getString(5)).orElse("")));
                }
                return out;
            }
        }
    }

    @Override
    public int purgeRemoved(Instant before) {
        return write(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("DELETE FROM article WHERE removed_at < ?"
                    // a digest or alert still waiting to go lists it (as withdrawn): kept until it has gone
                    + " AND NOT EXISTS (SELECT 1 FROM alert_delivery d LEFT JOIN outbox o ON o.id = d.outbox_id"
                    + " WHERE d.article_id = article.id AND (d.outbox_id IS NULL OR o.state = 'pending'))")) {
                statement.setObject(1, timestamp(before));
                return statement.executeUpdate();
            }
        });
    }

    @Override
    public void holdRemovals(Map<String, String> fileBySlug, Instant now) {
        write(connection -> {
            Map<String, String> held = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT slug, source_file FROM article_removal_hold");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    held.put(rows.getString(1), rows.getString(2));
                }
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM article_removal_hold WHERE slug = ?");
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO article_removal_hold (slug, source_file,"
                            + " held_since) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, String> old : held.entrySet()) {
                    if (!old.getValue().equals(fileBySlug.get(old.getKey()))) {
                        delete.setString(1, old.getKey());
                        delete.addBatch();
                    }
                }
                delete.executeBatch();
                for (Map.Entry<String, String> hold : fileBySlug.entrySet()) {
                    if (!hold.getValue().equals(held.get(hold.getKey()))) {
                        insert.setString(1, hold.getKey());
                        insert.setString(2, hold.getValue());
                        insert.setObject(3, timestamp(now));
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
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
                    "SELECT slug, source_file FROM article a WHERE source_file IS NOT NULL AND " + LIVE + " ORDER BY slug");
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
    static Optional<StoredArticle> findIn(Connection connection, String slug, boolean forUpdate) throws SQLException {
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

    /** A slug stored for the first time waits to be matched against the alerts (written with the article). */
    static final String PENDING_ALERT = "INSERT INTO alert_pending (slug, queued_at) VALUES (?, ?)";

    /** The slug's first-stored day, recorded now when the slug is new; a new slug also waits for alert matching. */
    static LocalDate identityQueuingNewSlugForAlerts(Connection connection, String slug, Instant now) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT first_stored FROM article_identity WHERE slug = ?")) {
            select.setString(1, slug);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    return rows.getObject(1, LocalDate.class);
                }
            }
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO article_identity (slug, first_stored) VALUES (?, ?)");
                PreparedStatement pending = connection.prepareStatement(PENDING_ALERT)) {
            insert.setString(1, slug);
            insert.setObject(2, today);
            insert.executeUpdate();
            pending.setString(1, slug);
            pending.setObject(2, timestamp(now));
            pending.executeUpdate();
        }
        return today;
    }

    /** Binds title … content_hash (13 parameters) from {@code first}. */
    static void bindContent(PreparedStatement statement, int first, Article article) throws SQLException {
        bindContent(statement, first, article, hash(article));
    }

    /** The same, with the content digest already computed. */
    static void bindContent(PreparedStatement statement, int first, Article article, String contentHash) throws SQLException {
        int i = first;
        statement.setString(i++, article.title());
        statement.setString(i++, article.summary());
        statement.setString(i++, article.body());
        statement.setString(i++, article.bodyHtml());
        statement.setObject(i++, timestamp(article.published()));
        statement.setObject(i++, article.updated().map(JdbcArticleStore::timestamp).orElse(null));
        statement.setString(i++, String.join(" ", article.topics()));
        statement.setString(i++, String.join(" ", article.regions()));
        statement.setString(i++, article.language());
        statement.setString(i++, article.author().orElse(null));
        statement.setString(i++, article.url().map(URI::toString).orElse(null));
        statement.setString(i++, article.sourceFile().orElse(null));
        statement.setString(i, contentHash);
    }

    static void writeTags(Connection connection, Article article) throws SQLException {
        for (Facet facet : Facet.values()) {
            try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + tagTable(facet) + " (article_id, "
                    + tagColumn(facet) + ", origin, published, slug) SELECT id, ?, origin, published, slug FROM article WHERE slug = ?")) {
                for (String tag : article.tags(facet)) {
                    statement.setString(1, tag);
                    statement.setString(2, article.slug());
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        }
    }

    static void deleteTags(Connection connection, String slug) throws SQLException {
        for (Facet facet : Facet.values()) {
            try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + tagTable(facet)
                    + " WHERE article_id = (SELECT id FROM article WHERE slug = ?)")) {
                statement.setString(1, slug);
                statement.executeUpdate();
            }
        }
    }

    /**
     * Records that the scopes changed. Change times are whole seconds (HTTP dates have no finer
     * grain) and never go back, even when instances' clocks differ slightly.
     */
    static void touch(Connection connection, Set<Scope> scopes, Instant now) throws SQLException {
        Instant second = now.truncatedTo(ChronoUnit.SECONDS);
        for (Scope scope : scopes.stream().sorted(java.util.Comparator.comparing(Scope::key)).toList()) {
            Instant previous = null;
            try (PreparedStatement select = connection.prepareStatement("SELECT changed_at FROM feed_state WHERE scope = ? FOR UPDATE")) {
                select.setString(1, scope.key());
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        previous = instant(rows, 1);
                    }
                }
            }
            if (previous == null) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO feed_state (scope, changed_at) VALUES (?, ?)")) {
                    insert.setString(1, scope.key());
                    insert.setObject(2, timestamp(second));
                    insert.executeUpdate();
                }
            } else {
                Instant next = second.isAfter(previous) ? second : previous;
                try (PreparedStatement update = connection.prepareStatement("UPDATE feed_state SET changed_at = ? WHERE scope = ?")) {
                    update.setObject(1, timestamp(next));
                    update.setString(2, scope.key());
                    update.executeUpdate();
                }
            }
        }
    }

    /** The article as the database keeps it: dates to the microsecond, as H2 and PostgreSQL store them. */
    static Article storable(Article a) {
        Instant published = micros(a.published());
        Optional<Instant> updated = a.updated().map(JdbcArticleStore::micros);
        if (published.equals(a.published()) && updated.equals(a.updated())) {
            return a;
        }
        return new Article(a.slug(), a.title(), a.summary(), a.body(), a.bodyHtml(), published, updated, a.topics(),
                a.regions(), a.language(), a.author(), a.url(), a.sourceFile());
    }

    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    static Set<Scope> scopesOf(List<Article> articles) {
        Set<Scope> scopes = new LinkedHashSet<>();
        scopes.add(Scope.ALL);
        for (Article article : articles) {
            for (Facet facet : Facet.values()) {
                article.tags(facet).forEach(tag -> scopes.add(Scope.of(facet, tag)));
            }
        }
        return scopes;
    }

    /** The partner feeds a stored partner item is in; none for PSG's articles. */
    static Set<Scope> partnerScopes(StoredArticle stored) {
        Set<Scope> scopes = new LinkedHashSet<>();
        stored.partner().ifPresent(partner -> {
            scopes.add(Scope.PARTNERS);
            partner.sources().forEach(source -> scopes.add(Scope.partner(source)));
        });
        return scopes;
    }

    static StoredArticle map(ResultSet rows) throws SQLException {
        var article = new Article(
                rows.getString(1),
                rows.getString(2),
                rows.getString(3),
                rows.getString(4),
                rows.getString(5),
                instant(rows, 6),
                Optional.ofNullable(rows.getObject(7, OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                words(rows.getString(8)),
                words(rows.getString(9)),
                rows.getString(10),
                Optional.ofNullable(rows.getString(11)),
                Optional.ofNullable(rows.getString(12)).map(URI::create),
                Optional.ofNullable(rows.getString(13)));
        String sources = rows.getString(16);
        Optional<StoredArticle.Attribution> partner = sources == null ? Optional.empty()
                : Optional.of(new StoredArticle.Attribution(words(sources),
                        PartnerSource.Reuse.valueOf(rows.getString(17).toUpperCase(java.util.Locale.ROOT))));
        return new StoredArticle(article, rows.getObject(14, LocalDate.class), instant(rows, 15), partner);
    }

    static List<String> words(String text) {
        return text.isBlank() ? List.of() : Arrays.asList(text.split(" "));
    }

    static Instant instant(ResultSet rows, int column) throws SQLException {
        return rows.getObject(column, OffsetDateTime.class).toInstant();
    }

    static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(micros(instant), ZoneOffset.UTC);
    }

    static String tagTable(Facet facet) {
        return facet == Facet.TOPIC ? "article_topic" : "article_region";
    }

    static String tagColumn(Facet facet) {
        return facet == Facet.TOPIC ? "topic" : "region";
    }

    static String originValue(Origin origin) {
        return origin == Origin.PSG ? PSG : PARTNER;
    }

    static boolean isUniqueViolation(SQLException e) {
        String state = e.getSQLState();
        return "23505".equals(state) || "23001".equals(state);
    }

    /** A digest of everything stored about the article, to skip writes that change nothing. */
    static String hash(Article article) {
        String canonical = String.join("\u0000", article.slug(), article.title(), article.summary(), article.body(),
                article.bodyHtml(), article.published().toString(), article.updated().map(Instant::toString).orElse(""),
                String.join(" ", article.topics()), String.join(" ", article.regions()), article.language(),
                article.author().orElse(""), article.url().map(URI::toString).orElse(""), article.sourceFile().orElse(""));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(Transactions.Work<T> work) {
        return Transactions.read(dataSource, "article", work);
    }

    private <T> T write(Transactions.Work<T> work) {
        return Transactions.write(dataSource, "article", work);
    }
}
