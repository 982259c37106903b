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
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.StoredArticle;

/** {@link ArticleStore} on JDBC: the SQL of the article, tag, identity and feed-state tables. */
public final class JdbcArticleStore implements ArticleStore {

    private static final String COLUMNS = "a.slug, a.title, a.summary, a.body, a.body_html, a.published, a.updated,"
            + " a.topics, a.regions, a.language, a.author, a.url, a.source_file, a.first_stored, a.modified_at";
    private static final String PSG = "psg";

    private final DataSource dataSource;

    public JdbcArticleStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<StoredArticle> find(String slug) {
        return read(connection -> findIn(connection, slug, false));
    }

    @Override
    public List<StoredArticle> newest(Scope scope, Origin origin, int offset, int limit) {
        String sql = scope.facet().map(facet -> {
            String table = tagTable(facet);
            String column = tagColumn(facet);
            // The columns fixed by the WHERE lead the ORDER BY too: without them H2 sorts every tagged
            // row instead of reading the first 31 from the index (PostgreSQL needs no such hint).
            return "SELECT " + COLUMNS + " FROM " + table + " t JOIN article a ON a.id = t.article_id"
                    + " WHERE t." + column + " = ?" + (origin == Origin.ANY ? "" : " AND t.origin = ?")
                    + " ORDER BY t." + column + (origin == Origin.ANY ? "" : ", t.origin")
                    + ", t.published DESC, t.slug LIMIT ? OFFSET ?";
        }).orElseGet(() -> "SELECT " + COLUMNS + " FROM article a"
                + (origin == Origin.ANY ? " ORDER BY a.published DESC, a.slug" : " WHERE a.origin = ? ORDER BY a.origin, a.published DESC, a.slug")
                + " LIMIT ? OFFSET ?");
        return read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int i = 1;
                if (scope.facet().isPresent()) {
                    statement.setString(i++, scope.slug());
                }
                if (origin != Origin.ANY) {
                    statement.setString(i++, originValue(origin));
                }
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
        String sql = scope.facet().map(facet -> "SELECT COUNT(*) FROM " + tagTable(facet) + " t WHERE t."
                        + tagColumn(facet) + " = ?" + (origin == Origin.ANY ? "" : " AND t.origin = ?"))
                .orElseGet(() -> "SELECT COUNT(*) FROM article a" + (origin == Origin.ANY ? "" : " WHERE a.origin = ?"));
        return read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int i = 1;
                if (scope.facet().isPresent()) {
                    statement.setString(i++, scope.slug());
                }
                if (origin != Origin.ANY) {
                    statement.setString(i, originValue(origin));
                }
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        });
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
            try (PreparedStatement statement = connection.prepareStatement("SELECT changed_at FROM feed_state WHERE scope = ?")) {
                statement.setString(1, scope.key());
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? instant(rows, 1) : Instant.EPOCH;
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

    @Override
    public List<ArticleChange> saveAll(List<Article> articles, Instant now) {
        return write(connection -> {
            List<ArticleChange> changes = new ArrayList<>();
            Set<Scope> affected = new LinkedHashSet<>();
            for (Article given : articles) {
                Article article = storable(given);
                Optional<StoredArticle> before = findIn(connection, article.slug(), true);
                ArticleChange change = before.isPresent() ? updateIn(connection, before.get(), article, now)
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

    /** Inserts a new article, without touching the feed change times. */
    private static ArticleChange insertIn(Connection connection, Article article, Instant now) throws SQLException {
        LocalDate firstStored = identity(connection, article.slug(), now);
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
    public Optional<ArticleChange> delete(String slug, Instant now) {
        return write(connection -> {
            Optional<StoredArticle> before = findIn(connection, slug, true);
            if (before.isEmpty()) {
                return Optional.empty();
            }
            deleteTags(connection, slug);
            try (PreparedStatement statement = connection.prepareStatement("DELETE FROM article WHERE slug = ?")) {
                statement.setString(1, slug);
                statement.executeUpdate();
            }
            Set<Scope> affected = scopesOf(List.of(before.get().article()));
            touch(connection, affected, now);
            return Optional.of(new ArticleChange(before, Optional.empty(), affected));
        });
    }

    @Override
    public Map<String, String> sourceFiles() {
        return read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT slug, source_file FROM article WHERE source_file IS NOT NULL ORDER BY slug");
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

    private Optional<StoredArticle> findIn(Connection connection, String slug, boolean forUpdate) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM article a WHERE a.slug = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            statement.setString(1, slug);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(map(rows)) : Optional.empty();
            }
        }
    }

    /** The slug's first-stored day, recorded now when the slug is new. */
    private static LocalDate identity(Connection connection, String slug, Instant now) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT first_stored FROM article_identity WHERE slug = ?")) {
            select.setString(1, slug);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    return rows.getObject(1, LocalDate.class);
                }
            }
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO article_identity (slug, first_stored) VALUES (?, ?)")) {
            insert.setString(1, slug);
            insert.setObject(2, today);
            insert.executeUpdate();
        }
        return today;
    }

    /** Binds title … content_hash (13 parameters) from {@code first}. */
    private static void bindContent(PreparedStatement statement, int first, Article article) throws SQLException {
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
        statement.setString(i, hash(article));
    }

    private static void writeTags(Connection connection, Article article) throws SQLException {
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

    private static void deleteTags(Connection connection, String slug) throws SQLException {
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
    private static void touch(Connection connection, Set<Scope> scopes, Instant now) throws SQLException {
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
    private static Article storable(Article a) {
        Instant published = micros(a.published());
        Optional<Instant> updated = a.updated().map(JdbcArticleStore::micros);
        if (published.equals(a.published()) && updated.equals(a.updated())) {
            return a;
        }
        return new Article(a.slug(), a.title(), a.summary(), a.body(), a.bodyHtml(), published, updated, a.topics(),
                a.regions(), a.language(), a.author(), a.url(), a.sourceFile());
    }

    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static Set<Scope> scopesOf(List<Article> articles) {
        Set<Scope> scopes = new LinkedHashSet<>();
        scopes.add(Scope.ALL);
        for (Article article : articles) {
            for (Facet facet : Facet.values()) {
                article.tags(facet).forEach(tag -> scopes.add(Scope.of(facet, tag)));
            }
        }
        return scopes;
    }

    private static StoredArticle map(ResultSet rows) throws SQLException {
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
        return new StoredArticle(article, rows.getObject(14, LocalDate.class), instant(rows, 15));
    }

    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : Arrays.asList(text.split(" "));
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        return rows.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(micros(instant), ZoneOffset.UTC);
    }

    private static String tagTable(Facet facet) {
        return facet == Facet.TOPIC ? "article_topic" : "article_region";
    }

    private static String tagColumn(Facet facet) {
        return facet == Facet.TOPIC ? "topic" : "region";
    }

    private static String originValue(Origin origin) {
        return origin == Origin.PSG ? PSG : "partner";
    }

    private static boolean isUniqueViolation(SQLException e) {
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

    // --- transactions ------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T read(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException("article query failed: " + e.getMessage(), e);
        }
    }

    private <T> T write(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("article write failed: " + e.getMessage(), e);
        }
    }
}
