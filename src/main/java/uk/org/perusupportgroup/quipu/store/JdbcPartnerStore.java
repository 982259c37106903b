package uk.org.perusupportgroup.quipu.store;

import static uk.org.perusupportgroup.quipu.store.ArticleRows.COLUMNS;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.hash;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.instant;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.isUniqueViolation;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.map;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.scopesOf;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.storable;
import static uk.org.perusupportgroup.quipu.store.ArticleRows.timestamp;

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

/**
 * {@link PartnerStore} on JDBC: partner items in the article tables (their rows written by {@link ArticleRows}), held
 * items, source states.
 */
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
                if (attempt >= 3 || !(e.getCause() instanceof SQLException sql && isUniqueViolation(sql))) {
                    throw e;
                }
            }
        }
    }

    private Ingest ingestOnce(PartnerSource source, List<PartnerItem> fetched, Instant now) {
        return Transactions.write(dataSource, "partner item", connection -> {
            List<ArticleChange> changes = new ArrayList<>();
            Set<Scope> affected = new LinkedHashSet<>();
            int added = 0;
            int updated = 0;
            List<PartnerItem> items = withoutHidden(connection, source.id(), fetched);
            Map<String, Known> knownKeys = knownKeys(connection, source.id());
            Map<String, Long> linked = linked(connection, items.stream().filter(i -> !knownKeys.containsKey(i.key()))
                    .flatMap(i -> i.link().stream()).map(URI::toString).toList());
            // held for approval or removed: not touched by polls until it is published again
            Set<Long> outOfFeeds = removed(connection);
            List<Pending> fresh = new ArrayList<>();
            Set<String> freshLinks = new java.util.HashSet<>();
            for (PartnerItem item : items) {
                Article article = storable(article(item, "", source));
                String hash = hash(article);
                Optional<Known> known = Optional.ofNullable(knownKeys.get(item.key()));
                Optional<ArticleChange> change;
                if (known.isPresent()) {
                    if (known.get().hash().equals(hash) || outOfFeeds.contains(known.get().articleId())) {
                        continue;
                    }
                    change = update(connection, known.get().articleId(), item, source, now);
                    setItemHash(connection, source.id(), item.key(), hash, item.dated());
                    if (change.isPresent()) {
                        updated++;
                    }
                } else {
                    Optional<StoredArticle> sameLink = item.link().map(URI::toString).map(linked::get)
                            .map(id -> byIdUnlocked(connection, id));
                    boolean ownLink = sameLink.isPresent() && sameLink.get().partner().map(p -> p.sources().contains(source.id()))
                            .orElse(false);
                    if (sameLink.isPresent() && outOfFeeds.contains(linked.get(item.link().orElseThrow().toString()))) {
                        continue;
                    }
                    if (sameLink.isPresent() && (!ownLink || sameLink.get().article().title().equals(article.title()))) {
                        // the story found through another source, or this source's item under a new guid
                        long id = linked.get(item.link().orElseThrow().toString());
                        change = addSource(connection, id, source, now);
                        if (item.dated() && !anyDated(connection, id)) {
                            // the story was stored from a source that gave no date: this one's date is the real one
                            Optional<ArticleChange> redated = redate(connection, id, item.published(), now);
                            if (redated.isPresent()) {
                                change = redated;
                            }
                        }
                        insertItem(connection, source.id(), item.key(), id, hash, item.dated(), now);
                    } else {
                        // new; a different item of this source that shares a known link is kept apart, without the link as identity
                        String link = item.link().map(URI::toString).orElse(null);
                        boolean linkIsIdentity = sameLink.isEmpty() && link != null && freshLinks.add(link);
                        fresh.add(new Pending(item, hash, linkIsIdentity));
                        added++;
                        continue;
                    }
                }
                change.ifPresent(c -> {
                    changes.add(c);
                    affected.addAll(c.affected());
                });
            }
            for (ArticleChange change : insertAllQueuedForAlerts(connection, fresh, source, now)) {
                if (source.moderation() == PartnerSource.Moderation.PRE) {
                    // into the staff queue: no feed, search or alert knows of it until it is approved
                    ArticleRows.holdForApproval(connection, change.after().orElseThrow().article().slug(), now);
                    continue;
                }
                changes.add(change);
                affected.addAll(change.affected());
            }
            ArticleRows.touch(connection, affected, now);
            return new Ingest(changes, added, updated);
        });
    }

    private record Known(long articleId, String hash) {}

    /** Link → article of the stored stories among these links: a query per hundred links. */
    private static Map<String, Long> linked(Connection connection, List<String> links) throws SQLException {
        return ArticleRows.idsBy(connection, "partner_link", links);
    }

    @Override
    public boolean hide(String slug, String reason, Instant now) {
        return Transactions.write(dataSource, "hidden partner item", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("INSERT INTO partner_hidden (source, item_key,"
                    + " article_slug, link, reason, hidden_at) SELECT pi.source, pi.item_key, a.slug, a.partner_link, ?, ?"
                    + " FROM partner_item pi JOIN article a ON a.id = pi.article_id WHERE a.slug = ?"
                    + " AND NOT EXISTS (SELECT 1 FROM partner_hidden h WHERE h.source = pi.source AND h.item_key = pi.item_key)")) {
                statement.setString(1, reason.length() > 1000 ? reason.substring(0, 1000) : reason);
                statement.setObject(2, timestamp(now));
                statement.setString(3, slug);
                statement.executeUpdate();
            }
            // one held for approval says from now on why it stays out
            ArticleRows.setRemovedWhy(connection, slug, AWAITING_APPROVAL, "hidden: " + reason);
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT 1 FROM partner_hidden WHERE article_slug = ?")) {
                statement.setString(1, slug);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    @Override
    public boolean unhide(String slug) {
        return Transactions.write(dataSource, "hidden partner item", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("DELETE FROM partner_hidden WHERE article_slug = ?")) {
                statement.setString(1, slug);
                return statement.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Optional<ArticleChange> retag(String slug, List<String> topics, List<String> regions, Instant now) {
        return Transactions.write(dataSource, "partner item's topics and regions", connection -> {
            long id;
            try (PreparedStatement statement = connection.prepareStatement("SELECT id FROM article a WHERE a.slug = ?"
                    + " AND a.origin = ? AND " + ArticleRows.LIVE)) {
                statement.setString(1, slug);
                statement.setString(2, ArticleRows.PARTNER);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.<ArticleChange>empty();
                    }
                    id = rows.getLong(1);
                }
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM partner_retag WHERE article_id = ?")) {
                delete.setLong(1, id);
                delete.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO partner_retag (article_id, topics, regions,"
                    + " retagged_at) VALUES (?, ?, ?, ?)")) {
                insert.setLong(1, id);
                insert.setString(2, String.join(" ", topics));
                insert.setString(3, String.join(" ", regions));
                insert.setObject(4, timestamp(now));
                insert.executeUpdate();
            }
            StoredArticle before = byId(connection, id);
            Article article = storable(withTags(before.article(), topics, regions));
            if (hash(before.article()).equals(hash(article))) {
                return Optional.<ArticleChange>empty();
            }
            ArticleChange change = rewrite(connection, id, before, article, now);
            ArticleRows.touch(connection, change.affected(), now);
            return Optional.of(change);
        });
    }

    @Override
    public Optional<ArticleChange> approve(String slug, Instant now) {
        return Transactions.write(dataSource, "approved partner item", connection -> {
            StoredArticle held;
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM article a"
                    + " WHERE a.slug = ? AND a.origin = ? AND a.removed_at IS NOT NULL AND a.removed_why = ? FOR UPDATE")) {
                statement.setString(1, slug);
                statement.setString(2, ArticleRows.PARTNER);
                statement.setString(3, AWAITING_APPROVAL);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.<ArticleChange>empty();
                    }
                    held = map(rows);
                }
            }
            ArticleRows.republish(connection, held.article(), now);   // queued for alerts: it was never public
            StoredArticle after = new StoredArticle(held.article(), held.firstStored(), now, held.partner());
            Set<Scope> affected = scopesOf(after);
            ArticleRows.touch(connection, affected, now);
            return Optional.of(new ArticleChange(Optional.empty(), Optional.of(after), affected));
        });
    }

    /** The partner articles out of the feeds (held for approval, hidden or removed): few, read once per fetch. */
    private static Set<Long> removed(Connection connection) throws SQLException {
        Set<Long> out = new java.util.HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id FROM article WHERE origin = ? AND removed_at IS NOT NULL")) {
            statement.setString(1, ArticleRows.PARTNER);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    out.add(rows.getLong(1));
                }
            }
        }
        return out;
    }

    /** The article with the topics and regions staff gave it, if they did. */
    private static Article retagged(Connection connection, long id, Article article) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT topics, regions FROM partner_retag WHERE article_id = ?")) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? withTags(article, ArticleRows.words(rows.getString(1)), ArticleRows.words(rows.getString(2))) : article;
            }
        }
    }

    private static Article withTags(Article a, List<String> topics, List<String> regions) {
        return new Article(a.slug(), a.title(), a.summary(), a.body(), a.bodyHtml(), a.published(), a.updated(), topics,
                regions, a.language(), a.author(), a.url(), a.sourceFile(), a.status());
    }

    /** The fetch's items but those staff hid: by this source's key, or by a link hidden through any source. */
    private static List<PartnerItem> withoutHidden(Connection connection, String source, List<PartnerItem> items)
            throws SQLException {
        Set<String> keys = new java.util.HashSet<>();
        Set<String> links = new java.util.HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT item_key, link, source FROM partner_hidden WHERE source = ? OR link IS NOT NULL")) {
            statement.setString(1, source);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    if (rows.getString(3).equals(source)) {
                        keys.add(rows.getString(1));
                    }
                    if (rows.getString(2) != null) {
                        links.add(rows.getString(2));
                    }
                }
            }
        }
        if (keys.isEmpty() && links.isEmpty()) {
            return items;
        }
        return items.stream().filter(item -> !keys.contains(item.key())
                && item.link().map(link -> !links.contains(link.toString())).orElse(true)).toList();
    }

    /** Every item key of the source already stored: one query for the whole fetch. */
    private static Map<String, Known> knownKeys(Connection connection, String source) throws SQLException {
        Map<String, Known> known = new java.util.HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT item_key, article_id, content_hash FROM partner_item WHERE source = ?")) {
            statement.setString(1, source);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    known.put(rows.getString(1), new Known(rows.getLong(2), rows.getString(3)));
                }
            }
        }
        return known;
    }

    /** A new item of this fetch: its content digest, and whether its link is its identity across sources. */
    private record Pending(PartnerItem item, String hash, boolean linkIsIdentity) {}

    /**
     * New stories: new articles with our own slugs, and therefore our own tag: ids, each queued for alert matching in
     * the same transaction. Written in batches, one statement per table for the whole fetch.
     */
    private static List<ArticleChange> insertAllQueuedForAlerts(Connection connection, List<Pending> fresh, PartnerSource source,
            Instant now)
            throws SQLException {
        if (fresh.isEmpty()) {
            return List.of();
        }
        LocalDate firstStored = LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
        List<String> bases = new ArrayList<>();
        for (Pending pending : fresh) {
            String wanted = source.id() + "-" + ArticleValidator.slugOf(pending.item().title());
            bases.add(wanted.length() <= SLUG_LENGTH ? wanted : wanted.substring(0, SLUG_LENGTH).replaceAll("-+$", ""));
        }
        Set<String> used = ArticleRows.usedSlugs(connection, bases);
        List<ArticleRows.NewPartnerArticle> articles = new ArrayList<>();
        Set<String> taken = new java.util.HashSet<>();
        try (PreparedStatement usedSlug = connection.prepareStatement("SELECT 1 FROM article_identity WHERE slug = ?")) {
            for (int i = 0; i < fresh.size(); i++) {
                String base = bases.get(i);
                String slug = base;
                // a base slug in use (rare) is followed by -2, -3… until one was never used
                for (int n = 2; taken.contains(slug) || (n == 2 ? used.contains(slug) : exists(usedSlug, slug)); n++) {
                    slug = base + "-" + n;
                }
                taken.add(slug);
                Pending pending = fresh.get(i);
                Optional<String> link = pending.linkIsIdentity() ? pending.item().link().map(URI::toString) : Optional.empty();
                // the item's digest (its content without the slug), computed once
                articles.add(new ArticleRows.NewPartnerArticle(storable(article(pending.item(), slug, source)), pending.hash(),
                        link));
            }
        }
        List<Long> ids = ArticleRows.insertAllQueuedForAlerts(connection, articles, source, now);
        try (PreparedStatement keys = connection.prepareStatement("INSERT INTO partner_item (source, item_key, article_id,"
                + " content_hash, first_seen, dated) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < fresh.size(); i++) {
                keys.setString(1, source.id());
                keys.setString(2, fresh.get(i).item().key());
                keys.setLong(3, ids.get(i));
                keys.setString(4, fresh.get(i).hash());
                keys.setObject(5, timestamp(now));
                keys.setBoolean(6, fresh.get(i).item().dated());
                keys.addBatch();
            }
            keys.executeBatch();
        }
        List<ArticleChange> changes = new ArrayList<>();
        for (ArticleRows.NewPartnerArticle inserted : articles) {
            StoredArticle stored = new StoredArticle(inserted.article(), firstStored, now,
                    Optional.of(new StoredArticle.Attribution(List.of(source.id()), source.reuse())));
            changes.add(new ArticleChange(Optional.empty(), Optional.of(stored), scopesOf(stored)));
        }
        return changes;
    }

    private static boolean exists(PreparedStatement used, String slug) throws SQLException {
        used.setString(1, slug);
        try (ResultSet rows = used.executeQuery()) {
            return rows.next();
        }
    }

    /** An edited item: its content replaced in place; its slug, id and (when the partner gave none) date kept. */
    private static Optional<ArticleChange> update(Connection connection, long id, PartnerItem item, PartnerSource source,
            Instant now) throws SQLException {
        StoredArticle before = byId(connection, id);
        Article given = retagged(connection, id, article(item, before.article().slug(), source));
        if (!item.dated()) {
            given = withPublished(given, before.article().published());
        }
        Article article = storable(given);
        if (hash(before.article()).equals(hash(article))) {
            return Optional.empty();
        }
        return Optional.of(rewrite(connection, id, before, article, now));
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
        ArticleRows.setSources(connection, id, more, now);
        PartnerSource.Reuse reuse = before.partner().map(StoredArticle.Attribution::reuse).orElse(source.reuse());
        StoredArticle after = new StoredArticle(before.article(), before.firstStored(), now,
                Optional.of(new StoredArticle.Attribution(more, reuse)));
        return Optional.of(new ArticleChange(Optional.of(before), Optional.of(after), scopesOf(after)));
    }

    private static StoredArticle byIdUnlocked(Connection connection, long id) {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM article a WHERE a.id = ?")) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return map(rows);
            }
        } catch (SQLException e) {
            throw new StoreException("partner item query failed: " + e.getMessage(), e);
        }
    }

    private static StoredArticle byId(Connection connection, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM article a WHERE a.id = ? FOR UPDATE")) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("partner_item points at missing article " + id);
                }
                return map(rows);
            }
        }
    }

    private static void insertItem(Connection connection, String source, String key, long articleId, String hash,
            boolean dated, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO partner_item (source, item_key,"
                + " article_id, content_hash, first_seen, dated) VALUES (?, ?, ?, ?, ?, ?)")) {
            statement.setString(1, source);
            statement.setString(2, key);
            statement.setLong(3, articleId);
            statement.setString(4, hash);
            statement.setObject(5, timestamp(now));
            statement.setBoolean(6, dated);
            statement.executeUpdate();
        }
    }

    private static void setItemHash(Connection connection, String source, String key, String hash, boolean dated)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE partner_item SET content_hash = ?, dated = ? WHERE source = ? AND item_key = ?")) {
            statement.setString(1, hash);
            statement.setBoolean(2, dated);
            statement.setString(3, source);
            statement.setString(4, key);
            statement.executeUpdate();
        }
    }

    /** Replaces the stored article's content (same slug and id) and its rows in the feeds' tables. */
    private static ArticleChange rewrite(Connection connection, long id, StoredArticle before, Article article, Instant now)
            throws SQLException {
        ArticleRows.replacePartnerContent(connection, id, article, now);
        StoredArticle after = new StoredArticle(article, before.firstStored(), now, before.partner());
        Set<Scope> affected = scopesOf(before);
        affected.addAll(scopesOf(after));
        return new ArticleChange(Optional.of(before), Optional.of(after), affected);
    }

    /** Whether any source gave the article's story a date of its own. */
    private static boolean anyDated(Connection connection, long articleId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM partner_item WHERE article_id = ? AND dated = TRUE")) {
            select.setLong(1, articleId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Gives a stored article the date a source gave its story (its feeds are sorted by it too). */
    private static Optional<ArticleChange> redate(Connection connection, long id, Instant published, Instant now)
            throws SQLException {
        StoredArticle before = byId(connection, id);
        if (before.article().published().equals(published)) {
            return Optional.empty();
        }
        Article article = storable(withPublished(before.article(), published));
        return Optional.of(rewrite(connection, id, before, article, now));
    }

    private static Article article(PartnerItem item, String slug, PartnerSource source) {
        return new Article(slug, item.title(), item.summary(), item.bodyText(), item.contentHtml(), item.published(),
                item.updated(), item.topics(), item.regions(), item.language(), item.author().or(() -> Optional.of(source.name())),
                Optional.of(item.link().orElse(source.home())), Optional.empty());
    }

    private static Article withPublished(Article a, Instant published) {
        return a.withTimes(published, a.updated());
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
            // a row made by a claim and never saved has no url: that source was never polled
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + STATE_COLUMNS
                    + " FROM partner_source WHERE url IS NOT NULL");
                    ResultSet rows = statement.executeQuery()) {
                Map<String, SourceState> states = new LinkedHashMap<>();
                while (rows.next()) {
                    SourceState state = state(rows);
                    states.put(state.id(), state);
                }
                return states;
            }
        });
    }

    private static SourceState state(ResultSet rows) throws SQLException {
        return new SourceState(rows.getString(1), Optional.ofNullable(rows.getString(2)),
                Optional.ofNullable(rows.getString(3)), Optional.ofNullable(rows.getString(4)), optionalInstant(rows, 5),
                Optional.ofNullable(rows.getObject(6, Integer.class)), Optional.ofNullable(rows.getString(7)),
                rows.getInt(8), optionalInstant(rows, 9), rows.getInt(10), optionalInstant(rows, 11),
                optionalInstant(rows, 12), rows.getBoolean(13), rows.getBoolean(14), rows.getBoolean(15),
                rows.getBoolean(16));
    }

    @Override
    public Claim claim(String id, String owner, Instant now, Instant until) {
        for (int attempt = 1; ; attempt++) {
            try {
                return Transactions.write(dataSource, "partner source lease", connection -> {
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO partner_source (id) SELECT ?"
                            + " WHERE NOT EXISTS (SELECT 1 FROM partner_source WHERE id = ?)")) {
                        insert.setString(1, id);
                        insert.setString(2, id);
                        insert.executeUpdate();
                    }
                    int won;
                    try (PreparedStatement update = connection.prepareStatement("UPDATE partner_source SET lease_owner = ?,"
                            + " lease_until = ? WHERE id = ? AND (lease_until IS NULL OR lease_until < ?)"
                            + " AND (next_check_at IS NULL OR next_check_at <= ?)")) {
                        update.setString(1, owner);
                        update.setObject(2, timestamp(until));
                        update.setString(3, id);
                        update.setObject(4, timestamp(now));
                        update.setObject(5, timestamp(now));
                        won = update.executeUpdate();
                    }
                    try (PreparedStatement select = connection.prepareStatement("SELECT " + STATE_COLUMNS
                            + " FROM partner_source WHERE id = ? AND url IS NOT NULL")) {
                        select.setString(1, id);
                        try (ResultSet rows = select.executeQuery()) {
                            return new Claim(won == 1, rows.next() ? Optional.of(state(rows)) : Optional.empty());
                        }
                    }
                });
            } catch (StoreException e) {
                // two instances made the row at once: the loser claims again
                if (attempt == 3 || !(e.getCause() instanceof SQLException sql && isUniqueViolation(sql))) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void save(SourceState state) {
        Transactions.write(dataSource, "partner source", connection -> {
            int updated;
            try (PreparedStatement update = connection.prepareStatement("UPDATE partner_source SET url = ?, etag = ?, last_modified = ?,"
                    + " last_fetch_at = ?, last_status = ?, last_error = ?, items_last = ?, last_new_item_at = ?,"
                    + " consecutive_errors = ?, failing_since = ?, next_check_at = ?, gone = ?, yielded_items = ?,"
                    + " failure_notified = ?, empty_notified = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?")) {
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
        statement.setObject(i++, state.lastFetchAt().map(ArticleRows::timestamp).orElse(null));
        if (state.lastStatus().isPresent()) {
            statement.setInt(i++, state.lastStatus().get());
        } else {
            statement.setNull(i++, Types.INTEGER);
        }
        String error = state.lastError().orElse(null);
        statement.setString(i++, error == null || error.length() <= 2000 ? error : error.substring(0, 2000));
        statement.setInt(i++, state.itemsLast());
        statement.setObject(i++, state.lastNewItemAt().map(ArticleRows::timestamp).orElse(null));
        statement.setInt(i++, state.consecutiveErrors());
        statement.setObject(i++, state.failingSince().map(ArticleRows::timestamp).orElse(null));
        statement.setObject(i++, state.nextCheckAt().map(ArticleRows::timestamp).orElse(null));
        statement.setBoolean(i++, state.gone());
        statement.setBoolean(i++, state.yieldedItems());
        statement.setBoolean(i++, state.failureNotified());
        statement.setBoolean(i, state.emptyNotified());
    }

    private static Optional<Instant> optionalInstant(ResultSet rows, int column) throws SQLException {
        return Optional.ofNullable(rows.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }
}
