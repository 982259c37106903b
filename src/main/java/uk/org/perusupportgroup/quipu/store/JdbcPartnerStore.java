package uk.org.perusupportgroup.quipu.store;

import static uk.org.perusupportgroup.quipu.store.JdbcArticleStore.instant;
import static uk.org.perusupportgroup.quipu.store.JdbcArticleStore.timestamp;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.article.ArticleValidator;
import uk.org.perusupportgroup.quipu.article.PartnerItem;
import uk.org.perusupportgroup.quipu.article.PartnerSource;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.SourceState;
import uk.org.perusupportgroup.quipu.article.StoredArticle;

/** {@link PartnerStore} on JDBC: partner items in the article tables, held items, source states. */
public final class JdbcPartnerStore implements PartnerStore {

    private static final int SLUG_LENGTH = 100;

    private final DataSource dataSource;

    public JdbcPartnerStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Two sources (or two instances) storing the same new story at once both find no article with its
     * link; the second insert then violates the link's unique index, and the transaction is run
     * again, when it finds the story stored and adds its source.
     */
    @Override
    public Ingest ingest(PartnerSource source, List<PartnerItem> items, Instant now) {
        for (int attempt = 1; ; attempt++) {
            try {
                return ingestOnce(source, items, now);
            } catch (StoreException e) {
                if (attempt >= 3 || !(e.getCause() instanceof SQLException sql && JdbcArticleStore.isUniqueViolation(sql))) {
                    throw e;
                }
            }
        }
    }

    private Ingest ingestOnce(PartnerSource source, List<PartnerItem> items, Instant now) {
        return Transactions.write(dataSource, "partner item", connection -> {
            List<ArticleChange> changes = new ArrayList<>();
            Set<Scope> affected = new LinkedHashSet<>();
            int added = 0;
            int updated = 0;
            for (PartnerItem item : items) {
                Article article = JdbcArticleStore.storable(article(item, "", source));
                String hash = JdbcArticleStore.hash(article);
                Optional<Known> known = known(connection, source.id(), item.key());
                Optional<ArticleChange> change;
                if (known.isPresent()) {
                    if (known.get().hash().equals(hash)) {
                        continue;
                    }
                    change = update(connection, known.get().articleId(), item, source, now);
                    setItemHash(connection, source.id(), item.key(), hash);
                    if (change.isPresent()) {
                        updated++;
                    }
                } else {
                    Optional<StoredArticle> sameLink = item.link().isEmpty() ? Optional.empty()
                            : byLink(connection, item.link().get()).map(id -> byIdUnlocked(connection, id));
                    boolean ownLink = sameLink.isPresent() && sameLink.get().partner().map(p -> p.sources().contains(source.id()))
                            .orElse(false);
                    if (sameLink.isPresent() && (!ownLink || sameLink.get().article().title().equals(article.title()))) {
                        // the story found through another source, or this source's item under a new guid
                        long id = byLink(connection, item.link().get()).orElseThrow();
                        change = addSource(connection, id, source, now);
                        insertItem(connection, source.id(), item.key(), id, hash, now);
                    } else {
                        // new; a different item of this source that shares a known link is kept apart, without the link as identity
                        change = Optional.of(insert(connection, item, source, hash, now, sameLink.isEmpty()));
                        added++;
                    }
                }
                change.ifPresent(c -> {
                    changes.add(c);
                    affected.addAll(c.affected());
                });
            }
            JdbcArticleStore.touch(connection, affected, now);
            return new Ingest(changes, added, updated);
        });
    }

    private record Known(long articleId, String hash) {}

    private static Optional<Known> known(Connection connection, String source, String key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT article_id, content_hash FROM partner_item WHERE source = ? AND item_key = ?")) {
            statement.setString(1, source);
            statement.setString(2, key);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(new Known(rows.getLong(1), rows.getString(2))) : Optional.empty();
            }
        }
    }

    private static Optional<Long> byLink(Connection connection, URI link) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT id FROM article WHERE partner_link = ?")) {
            statement.setString(1, link.toString());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
            }
        }
    }

    /** A new story: a new article with our own slug, and therefore our own tag: id. */
    private static ArticleChange insert(Connection connection, PartnerItem item, PartnerSource source, String hash,
            Instant now, boolean linkIsIdentity) throws SQLException {
        String slug = freeSlug(connection, source.id() + "-" + ArticleValidator.slugOf(item.title()));
        Article article = JdbcArticleStore.storable(article(item, slug, source));
        LocalDate firstStored = JdbcArticleStore.identity(connection, slug, now);
        long id;
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO article (slug, origin, title, summary,"
                + " body, body_html, published, updated, topics, regions, language, author, url, source_file,"
                + " content_hash, first_stored, modified_at, partner_link, sources, reuse)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
            statement.setString(1, slug);
            statement.setString(2, JdbcArticleStore.PARTNER);
            JdbcArticleStore.bindContent(statement, 3, article);
            statement.setObject(16, firstStored);
            statement.setObject(17, timestamp(now));
            statement.setString(18, linkIsIdentity ? item.link().map(URI::toString).orElse(null) : null);
            statement.setString(19, source.id());
            statement.setString(20, source.reuse().value());
            statement.executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        JdbcArticleStore.writeTags(connection, article);
        writeSources(connection, id);
        insertItem(connection, source.id(), item.key(), id, hash, now);
        StoredArticle stored = new StoredArticle(article, firstStored, now,
                Optional.of(new StoredArticle.Attribution(List.of(source.id()), source.reuse())));
        return new ArticleChange(Optional.empty(), Optional.of(stored), scopes(stored));
    }

    /** An edited item: its content replaced in place; its slug, id and (when the partner gave none) date kept. */
    private static Optional<ArticleChange> update(Connection connection, long id, PartnerItem item, PartnerSource source,
            Instant now) throws SQLException {
        StoredArticle before = byId(connection, id);
        Article given = article(item, before.article().slug(), source);
        if (!item.dated()) {
            given = withPublished(given, before.article().published());
        }
        Article article = JdbcArticleStore.storable(given);
        if (JdbcArticleStore.hash(before.article()).equals(JdbcArticleStore.hash(article))) {
            return Optional.empty();
        }
        try (PreparedStatement statement = connection.prepareStatement("UPDATE article SET title = ?, summary = ?,"
                + " body = ?, body_html = ?, published = ?, updated = ?, topics = ?, regions = ?, language = ?,"
                + " author = ?, url = ?, source_file = ?, content_hash = ?, modified_at = ? WHERE id = ?")) {
            JdbcArticleStore.bindContent(statement, 1, article);
            statement.setObject(14, timestamp(now));
            statement.setLong(15, id);
            statement.executeUpdate();
        }
        JdbcArticleStore.deleteTags(connection, article.slug());
        JdbcArticleStore.writeTags(connection, article);
        writeSources(connection, id);
        StoredArticle after = new StoredArticle(article, before.firstStored(), now, before.partner());
        Set<Scope> affected = scopes(before);
        affected.addAll(scopes(after));
        return Optional.of(new ArticleChange(Optional.of(before), Optional.of(after), affected));
    }

    /** A known story found through one more source: only its attribution changes. */
    private static Optional<ArticleChange> addSource(Connection connection, long id, PartnerSource source, Instant now)
            throws SQLException {
        StoredArticle before = byId(connection, id);
        List<String> sources = before.partner().map(StoredArticle.Attribution::sources).orElse(List.of());
        if (sources.contains(source.id())) {
            return Optional.empty();
        }
        List<String> more = new ArrayList<>(sources);
        more.add(source.id());
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE article SET sources = ?, modified_at = ? WHERE id = ?")) {
            statement.setString(1, String.join(" ", more));
            statement.setObject(2, timestamp(now));
            statement.setLong(3, id);
            statement.executeUpdate();
        }
        writeSources(connection, id);
        PartnerSource.Reuse reuse = before.partner().map(StoredArticle.Attribution::reuse).orElse(source.reuse());
        StoredArticle after = new StoredArticle(before.article(), before.firstStored(), now,
                Optional.of(new StoredArticle.Attribution(more, reuse)));
        return Optional.of(new ArticleChange(Optional.of(before), Optional.of(after), scopes(after)));
    }

    private static StoredArticle byIdUnlocked(Connection connection, long id) {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + JdbcArticleStore.COLUMNS + " FROM article a WHERE a.id = ?")) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return JdbcArticleStore.map(rows);
            }
        } catch (SQLException e) {
            throw new StoreException("partner item query failed: " + e.getMessage(), e);
        }
    }

    private static StoredArticle byId(Connection connection, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + JdbcArticleStore.COLUMNS + " FROM article a WHERE a.id = ? FOR UPDATE")) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("partner_item points at missing article " + id);
                }
                return JdbcArticleStore.map(rows);
            }
        }
    }

    /** Rewrites the article's rows in the source table from its {@code sources} column. */
    private static void writeSources(Connection connection, long id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM article_source WHERE article_id = ?")) {
            delete.setLong(1, id);
            delete.executeUpdate();
        }
        String sources;
        try (PreparedStatement select = connection.prepareStatement("SELECT sources FROM article WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                sources = rows.getString(1);
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO article_source (article_id, source, origin,"
                + " published, slug) SELECT id, ?, origin, published, slug FROM article WHERE id = ?")) {
            for (String source : JdbcArticleStore.words(sources)) {
                insert.setString(1, source);
                insert.setLong(2, id);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void insertItem(Connection connection, String source, String key, long articleId, String hash,
            Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO partner_item (source, item_key,"
                + " article_id, content_hash, first_seen) VALUES (?, ?, ?, ?, ?)")) {
            statement.setString(1, source);
            statement.setString(2, key);
            statement.setLong(3, articleId);
            statement.setString(4, hash);
            statement.setObject(5, timestamp(now));
            statement.executeUpdate();
        }
    }

    private static void setItemHash(Connection connection, String source, String key, String hash) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE partner_item SET content_hash = ? WHERE source = ? AND item_key = ?")) {
            statement.setString(1, hash);
            statement.setString(2, source);
            statement.setString(3, key);
            statement.executeUpdate();
        }
    }

    /** {@code base}, or {@code base-2}, {@code base-3}…: a slug never used before, even by a deleted article. */
    private static String freeSlug(Connection connection, String wanted) throws SQLException {
        String base = wanted.length() <= SLUG_LENGTH ? wanted : wanted.substring(0, SLUG_LENGTH).replaceAll("-+$", "");
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM article_identity WHERE slug = ?")) {
            for (int n = 1; ; n++) {
                String slug = n == 1 ? base : base + "-" + n;
                statement.setString(1, slug);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        return slug;
                    }
                }
            }
        }
    }

    private static Article article(PartnerItem item, String slug, PartnerSource source) {
        return new Article(slug, item.title(), item.summary(), item.bodyText(), item.contentHtml(), item.published(),
                item.updated(), item.topics(), item.regions(), item.language(), item.author().or(() -> Optional.of(source.name())),
                Optional.of(item.link().orElse(source.home())), Optional.empty());
    }

    private static Article withPublished(Article a, Instant published) {
        return new Article(a.slug(), a.title(), a.summary(), a.body(), a.bodyHtml(), published, a.updated(), a.topics(),
                a.regions(), a.language(), a.author(), a.url(), a.sourceFile());
    }

    private static Set<Scope> scopes(StoredArticle stored) {
        Set<Scope> scopes = JdbcArticleStore.scopesOf(List.of(stored.article()));
        scopes.addAll(JdbcArticleStore.partnerScopes(stored));
        return scopes;
    }

    // --- held items --------------------------------------------------------------------------------

    @Override
    public void hold(String source, String key, Instant due, String payload) {
        Transactions.write(dataSource, "held item", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM partner_held WHERE source = ? AND item_key = ?")) {
                delete.setString(1, source);
                delete.setString(2, key);
                delete.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO partner_held (source, item_key, due_at, payload) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, source);
                insert.setString(2, key);
                insert.setObject(3, timestamp(due));
                insert.setString(4, payload);
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<Held> releaseDue(Instant now) {
        return Transactions.write(dataSource, "held item", connection -> {
            List<Held> due = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT source, item_key, due_at, payload FROM partner_held WHERE due_at <= ? ORDER BY due_at FOR UPDATE")) {
                select.setObject(1, timestamp(now));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        due.add(new Held(rows.getString(1), rows.getString(2), instant(rows, 3), rows.getString(4)));
                    }
                }
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM partner_held WHERE source = ? AND item_key = ?")) {
                for (Held held : due) {
                    delete.setString(1, held.source());
                    delete.setString(2, held.key());
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            return due;
        });
    }

    // --- source states -----------------------------------------------------------------------------

    private static final String STATE_COLUMNS = "id, url, etag, last_modified, last_fetch_at, last_status, last_error, items_last,"
            + " last_new_item_at, consecutive_errors, failing_since, next_check_at, gone, yielded_items, failure_notified,"
            + " empty_notified";

    @Override
    public Map<String, SourceState> states() {
        return Transactions.read(dataSource, "partner source", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + STATE_COLUMNS + " FROM partner_source");
                    ResultSet rows = statement.executeQuery()) {
                Map<String, SourceState> states = new LinkedHashMap<>();
                while (rows.next()) {
                    SourceState state = new SourceState(rows.getString(1), Optional.ofNullable(rows.getString(2)),
                            Optional.ofNullable(rows.getString(3)), Optional.ofNullable(rows.getString(4)), optionalInstant(rows, 5),
                            Optional.ofNullable(rows.getObject(6, Integer.class)), Optional.ofNullable(rows.getString(7)),
                            rows.getInt(8), optionalInstant(rows, 9), rows.getInt(10), optionalInstant(rows, 11),
                            optionalInstant(rows, 12), rows.getBoolean(13), rows.getBoolean(14), rows.getBoolean(15),
                            rows.getBoolean(16));
                    states.put(state.id(), state);
                }
                return states;
            }
        });
    }

    @Override
    public void save(SourceState state) {
        Transactions.write(dataSource, "partner source", connection -> {
            int updated;
            try (PreparedStatement update = connection.prepareStatement("UPDATE partner_source SET url = ?, etag = ?, last_modified = ?,"
                    + " last_fetch_at = ?, last_status = ?, last_error = ?, items_last = ?, last_new_item_at = ?,"
                    + " consecutive_errors = ?, failing_since = ?, next_check_at = ?, gone = ?, yielded_items = ?,"
                    + " failure_notified = ?, empty_notified = ? WHERE id = ?")) {
                bindState(update, 1, state);
                update.setString(16, state.id());
                updated = update.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO partner_source (url, etag, last_modified,"
                        + " last_fetch_at, last_status, last_error, items_last, last_new_item_at, consecutive_errors,"
                        + " failing_since, next_check_at, gone, yielded_items, failure_notified, empty_notified, id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    bindState(insert, 1, state);
                    insert.setString(16, state.id());
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    private static void bindState(PreparedStatement statement, int first, SourceState state) throws SQLException {
        int i = first;
        statement.setString(i++, state.url().orElse(null));
        statement.setString(i++, state.etag().orElse(null));
        statement.setString(i++, state.lastModified().orElse(null));
        statement.setObject(i++, state.lastFetchAt().map(JdbcArticleStore::timestamp).orElse(null));
        if (state.lastStatus().isPresent()) {
            statement.setInt(i++, state.lastStatus().get());
        } else {
            statement.setNull(i++, Types.INTEGER);
        }
        String error = state.lastError().orElse(null);
        statement.setString(i++, error == null || error.length() <= 2000 ? error : error.substring(0, 2000));
        statement.setInt(i++, state.itemsLast());
        statement.setObject(i++, state.lastNewItemAt().map(JdbcArticleStore::timestamp).orElse(null));
        statement.setInt(i++, state.consecutiveErrors());
        statement.setObject(i++, state.failingSince().map(JdbcArticleStore::timestamp).orElse(null));
        statement.setObject(i++, state.nextCheckAt().map(JdbcArticleStore::timestamp).orElse(null));
        statement.setBoolean(i++, state.gone());
        statement.setBoolean(i++, state.yieldedItems());
        statement.setBoolean(i++, state.failureNotified());
        statement.setBoolean(i, state.emptyNotified());
    }

    private static Optional<Instant> optionalInstant(ResultSet rows, int column) throws SQLException {
        return Optional.ofNullable(rows.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }
}
