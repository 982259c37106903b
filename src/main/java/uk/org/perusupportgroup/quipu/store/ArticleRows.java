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
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.Image;
import uk.org.perusupportgroup.quipu.article.PartnerSource;
import uk.org.perusupportgroup.quipu.article.Revision;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.StoredArticle;

/**
 * The only writer of the article tables: {@code article}, {@code article_identity}, the feeds' tables
 * {@code article_topic}, {@code article_region} and {@code article_source}, {@code article_removal_hold}, the
 * feeds' change times ({@code feed_state}), and the {@code alert_pending} row that queues a new article for alert
 * matching (taken off the queue by {@link JdbcDeliveryStore}). {@link JdbcArticleStore} (PSG's articles) and
 * {@link JdbcPartnerStore} (partner items) read and decide; every INSERT, UPDATE and DELETE of these tables is here,
 * inside the caller's transaction. Also the row helpers every store shares: the article columns and their mapping,
 * timestamps, the content digest.
 */
final class ArticleRows {

    /** The columns {@link #map} reads, in its order, from the article aliased {@code a}. */
    static final String COLUMNS = "a.slug, a.title, a.summary, a.body, a.body_html, a.published, a.updated,"
            + " a.topics, a.regions, a.language, a.author, a.url, a.source_file, a.first_stored, a.modified_at,"
            + " a.sources, a.reuse, a.removed_why, a.image_media, a.image_alt, a.image_caption, a.image_credit, a.translation";
    /** The index of the first column a SELECT lists after {@link #COLUMNS}. */
    static final int AFTER_COLUMNS = 24;
    /** The index of {@code removed_why} in {@link #COLUMNS}. */
    static final int REMOVED_WHY = 18;
    /** The index of {@code translation} in {@link #COLUMNS}. */
    private static final int TRANSLATION = 23;
    /** The {@code origin} of PSG's own articles. */
    static final String PSG = "psg";
    /** The {@code origin} of the articles made from partner items. */
    static final String PARTNER = "partner";
    /** Published, not removed: every read for feeds, pages and search has it. */
    static final String LIVE = "a.removed_at IS NULL";
    /** Why a draft is out of the feeds ({@code removed_why}): staff see it, nobody else, until it is published. */
    static final String DRAFT = "draft";
    /** Why a scheduled article is out of the feeds until its published time. */
    static final String SCHEDULED = "scheduled";
    /** A draft or scheduled article, of the article aliased {@code a}. */
    static final String HELD = "a.removed_why IN ('" + DRAFT + "', '" + SCHEDULED + "')";
    /** Removed (deleted, hidden, its file gone, waiting for approval): neither published nor held. */
    static final String REMOVED = "a.removed_at IS NOT NULL AND COALESCE(a.removed_why, '') NOT IN ('" + DRAFT + "', '" + SCHEDULED + "')";
    /** A slug stored for the first time waits to be matched against the alerts (written with the article). */
    private static final String PENDING_ALERT = "INSERT INTO alert_pending (slug, queued_at) VALUES (?, ?)";
    /** The content columns that {@link #bindContent} binds, as an UPDATE's assignments. */
    private static final String SET_CONTENT = "title = ?, summary = ?, body = ?, body_html = ?, published = ?, updated = ?,"
            + " topics = ?, regions = ?, language = ?, author = ?, url = ?, source_file = ?, content_hash = ?,"
            + " image_media = ?, image_alt = ?, image_caption = ?, image_credit = ?, modified_at = ?, translation = ?";
    /** Values bound in one IN list. */
    private static final int IN_CHUNK = 100;

    private ArticleRows() {}

    // --- PSG's articles ----------------------------------------------------------------------------

    /**
     * Inserts a new PSG article and its tags, queued for alert matching when its slug was never stored; without
     * touching the feed change times. Returns its first-stored day.
     *
     * @throws SlugTakenException when an article of this slug exists (another instance stored it first)
     */
    static LocalDate insertQueuedForAlerts(Connection connection, Article article, Instant now) throws SQLException {
        LocalDate firstStored = identityQueuingNewSlugForAlerts(connection, article.slug(), now);
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO article (slug, origin, title, summary,"
                + " body, body_html, published, updated, topics, regions, language, author, url, source_file,"
                + " content_hash, first_stored, modified_at, image_media, image_alt, image_caption, image_credit, translation)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            statement.setString(1, article.slug());
            statement.setString(2, PSG);
            bindContent(statement, 3, article);
            statement.setObject(16, firstStored);
            statement.setObject(17, timestamp(now));
            bindImage(statement, 18, article);
            statement.setString(22, article.translation().orElse(null));
            statement.executeUpdate();
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                throw new SlugTakenException(article.slug());
            }
            throw e;
        }
        writeTags(connection, article);
        return firstStored;
    }

    /** The slug's first-stored day, recorded now when the slug is new; a new slug also waits for alert matching. */
    private static LocalDate identityQueuingNewSlugForAlerts(Connection connection, String slug, Instant now) throws SQLException {
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

    /**
     * Inserts a new PSG article held for staff (a draft, or scheduled: {@code why}); queued for alerts when it is first
     * published if its slug is new. Returns its first-stored day.
     */
    static LocalDate insertHeld(Connection connection, Article article, String why, Instant now) throws SQLException {
        LocalDate firstStored = insertQueuedForAlerts(connection, article, now);
        hold(connection, article.slug(), why, now);
        return firstStored;
    }

    /** Takes a live article out of the feeds as a draft or scheduled one ({@code why}), with this content. */
    static void holdLive(Connection connection, Article article, String why, Instant now) throws SQLException {
        setContent(connection, article, now, "");
        hold(connection, article.slug(), why, now);
    }

    /** Replaces a held article's content, and why it is held (a draft, or scheduled). */
    static void replaceHeld(Connection connection, Article article, String why, Instant now) throws SQLException {
        setContent(connection, article, now, "");
        try (PreparedStatement statement = connection.prepareStatement("UPDATE article SET removed_why = ? WHERE slug = ?")) {
            statement.setString(1, why);
            statement.setString(2, article.slug());
            statement.executeUpdate();
        }
    }

    /**
     * Publishes a held article with this content, if it is still held (another instance may have released it a moment
     * ago): queued for alerts if it was never public. Returns whether this call published it.
     */
    static boolean release(Connection connection, Article article, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM article a WHERE a.slug = ?"
                + " AND " + HELD + " FOR UPDATE")) {
            statement.setString(1, article.slug());
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return false;
                }
            }
        }
        republish(connection, article, now);
        return true;
    }

    /** Whether a stored article has never been public (a draft or scheduled article not yet published, or deleted so). */
    static boolean neverPublic(Connection connection, String slug) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT never_public FROM article WHERE slug = ?")) {
            statement.setString(1, slug);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }

    /**
     * Out of the feeds, held ({@code why}); not waiting for alert matching any more: when it was (new, not yet
     * matched), it waits for its publication instead.
     */
    private static void hold(Connection connection, String slug, String why, Instant now) throws SQLException {
        markRemoved(connection, slug, why, now);
        try (PreparedStatement unqueue = connection.prepareStatement("DELETE FROM alert_pending WHERE slug = ?")) {
            unqueue.setString(1, slug);
            if (unqueue.executeUpdate() > 0) {
                try (PreparedStatement statement = connection.prepareStatement("UPDATE article SET never_public = TRUE"
                        + " WHERE slug = ?")) {
                    statement.setString(1, slug);
                    statement.executeUpdate();
                }
            }
        }
    }

    /** Keeps a revision of the PSG article of this slug as {@code article}, saved by {@code by} at {@code now}. */
    static void recordRevision(Connection connection, Article article, String by, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO article_revision (article_id, revised_at,"
                + " revised_by, title, summary, body, published, updated, topics, regions, language, author, url, source_file,"
                + " status, image_media, image_alt, image_caption, image_credit, translation)"
                + " VALUES ((SELECT id FROM article WHERE slug = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            statement.setString(i++, article.slug());
            statement.setObject(i++, timestamp(now));
            statement.setString(i++, by.length() > 200 ? by.substring(0, 200) : by);
            statement.setString(i++, article.title());
            statement.setString(i++, article.summary());
            statement.setString(i++, article.body());
            statement.setObject(i++, timestamp(article.published()));
            statement.setObject(i++, article.updated().map(ArticleRows::timestamp).orElse(null));
            statement.setString(i++, String.join(" ", article.topics()));
            statement.setString(i++, String.join(" ", article.regions()));
            statement.setString(i++, article.language());
            statement.setString(i++, article.author().orElse(null));
            statement.setString(i++, article.url().map(URI::toString).orElse(null));
            statement.setString(i++, article.sourceFile().orElse(null));
            statement.setString(i++, article.status().word());
            bindImage(statement, i, article);
            statement.setString(i + 4, article.translation().orElse(null));
            statement.executeUpdate();
        }
    }

    /** The columns {@link #revision} reads, from the revision aliased {@code r} of the article aliased {@code a}. */
    static final String REVISION_COLUMNS = "r.id, r.revised_at, r.revised_by, a.slug, r.title, r.summary, r.body, r.published,"
            + " r.updated, r.topics, r.regions, r.language, r.author, r.url, r.source_file, r.status, r.image_media, r.image_alt,"
            + " r.image_caption, r.image_credit, r.translation";

    /** The revision of a row selected with {@link #REVISION_COLUMNS}. */
    static Revision revision(ResultSet rows) throws SQLException {
        var article = new Article(rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7), "",
                instant(rows, 8), Optional.ofNullable(rows.getObject(9, OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                words(rows.getString(10)), words(rows.getString(11)), rows.getString(12), Optional.ofNullable(rows.getString(13)),
                Optional.ofNullable(rows.getString(14)).map(URI::create), Optional.ofNullable(rows.getString(15)),
                Article.Status.valueOf(rows.getString(16).toUpperCase(Locale.ROOT)), image(rows, 17),
                Optional.ofNullable(rows.getString(21)));
        return new Revision(rows.getLong(1), instant(rows, 2), rows.getString(3), article);
    }

    /** Replaces a live article's content, found by its slug, and its tag rows. */
    static void replaceContent(Connection connection, Article article, Instant now) throws SQLException {
        setContent(connection, article, now, "");
        deleteTags(connection, article.slug());
        writeTags(connection, article);
    }

    /**
     * Publishes a removed or held article again with this content, its tags included; one never public yet (a draft,
     * even one deleted since) is queued for alerts now: an article alerts once, when it is first public.
     */
    static void republish(Connection connection, Article article, Instant now) throws SQLException {
        boolean neverPublic = neverPublic(connection, article.slug());
        setContent(connection, article, now, ", removed_at = NULL, removed_why = NULL, never_public = FALSE");
        if (neverPublic) {
            queueForAlerts(connection, article.slug(), now);
        }
        writeTags(connection, article);
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id FROM article WHERE slug = ? AND sources IS NOT NULL")) {
            statement.setString(1, article.slug());
            try (ResultSet rows = statement.executeQuery()) {
                if (rows.next()) {
                    writeSources(connection, rows.getLong(1));   // a partner article is back in its sources' feeds
                }
            }
        }
    }

    private static void setContent(Connection connection, Article article, Instant now, String alsoSet) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE article SET " + SET_CONTENT + alsoSet
                + " WHERE slug = ?")) {
            bindContent(statement, 1, article);
            bindImage(statement, 14, article);
            statement.setObject(18, timestamp(now));
            statement.setString(19, article.translation().orElse(null));
            statement.setString(20, article.slug());
            statement.executeUpdate();
        }
    }

    /** Takes the article out of the feeds (its tag rows go), keeping its row and why, until {@link #purgeRemoved}. */
    static void markRemoved(Connection connection, String slug, String why, Instant now) throws SQLException {
        deleteTags(connection, slug);
        // a partner article leaves its sources' feeds too
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM article_source"
                + " WHERE article_id = (SELECT id FROM article WHERE slug = ?)")) {
            statement.setString(1, slug);
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement("UPDATE article SET removed_at = ?, removed_why = ?"
                + " WHERE slug = ?")) {
            statement.setObject(1, timestamp(now));
            statement.setString(2, why.length() > 1000 ? why.substring(0, 1000) : why);
            statement.setString(3, slug);
            statement.executeUpdate();
        }
    }

    /** Holds a new partner article for staff approval: out of every feed, not queued for alerts. */
    static void holdForApproval(Connection connection, String slug, Instant now) throws SQLException {
        // never public yet, like a draft: it alerts when it is approved (republish queues it then)
        hold(connection, slug, PartnerStore.AWAITING_APPROVAL, now);
    }

    /** Queues an article for alert matching: when it is first public (a released draft, an approved partner item). */
    private static void queueForAlerts(Connection connection, String slug, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(PENDING_ALERT)) {
            statement.setString(1, slug);
            statement.setObject(2, timestamp(now));
            statement.executeUpdate();
        }
    }

    /** Changes why a removed article is out of the feeds, from {@code was} (a held partner item that staff hid). */
    static void setRemovedWhy(Connection connection, String slug, String was, String why) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE article SET removed_why = ? WHERE slug = ? AND removed_at IS NOT NULL AND removed_why = ?")) {
            statement.setString(1, why.length() > 1000 ? why.substring(0, 1000) : why);
            statement.setString(2, slug);
            statement.setString(3, was);
            statement.executeUpdate();
        }
    }

    /** Deletes the articles removed before then, but none that a digest or alert still waiting to go lists. */
    static int purgeRemoved(Connection connection, Instant before) throws SQLException {
        // drafts and scheduled articles are kept, however old
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM article WHERE removed_at < ?"
                + " AND COALESCE(removed_why, '') NOT IN ('" + DRAFT + "', '" + SCHEDULED + "')"
                // a digest or alert still waiting to go lists it (as withdrawn): kept until it has gone
                + " AND NOT EXISTS (SELECT 1 FROM alert_delivery d LEFT JOIN outbox o ON o.id = d.outbox_id"
                + " WHERE d.article_id = article.id AND (d.outbox_id IS NULL OR o.state = 'pending'))")) {
            statement.setObject(1, timestamp(before));
            return statement.executeUpdate();
        }
    }

    /** Makes the removal holds these (slug → file): those no longer wanted go, new or changed ones are written. */
    static void holdRemovals(Connection connection, Map<String, String> fileBySlug, Instant now) throws SQLException {
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
    }

    // --- partner items -----------------------------------------------------------------------------

    /** A new partner article to insert: its digest (computed once), and its link when that is its identity. */
    record NewPartnerArticle(Article article, String hash, Optional<String> partnerLink) {}

    /**
     * Inserts new partner articles of one source, with slugs never used, each queued for alert matching, in batches:
     * one statement round per table for them all. Returns their ids, in their order.
     */
    static List<Long> insertAllQueuedForAlerts(Connection connection, List<NewPartnerArticle> fresh, PartnerSource source,
            Instant now) throws SQLException {
        LocalDate firstStored = LocalDate.ofInstant(now, ZoneOffset.UTC);
        try (PreparedStatement identity = connection.prepareStatement("INSERT INTO article_identity (slug, first_stored) VALUES (?, ?)");
                PreparedStatement alertPending = connection.prepareStatement(PENDING_ALERT);
                PreparedStatement insert = connection.prepareStatement("INSERT INTO article (slug, origin, title, summary,"
                        + " body, body_html, published, updated, topics, regions, language, author, url, source_file,"
                        + " content_hash, first_stored, modified_at, partner_link, sources, reuse)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (NewPartnerArticle pending : fresh) {
                Article article = pending.article();
                identity.setString(1, article.slug());
                identity.setObject(2, firstStored);
                identity.addBatch();
                alertPending.setString(1, article.slug());
                alertPending.setObject(2, timestamp(now));
                alertPending.addBatch();
                insert.setString(1, article.slug());
                insert.setString(2, PARTNER);
                bindContent(insert, 3, article, pending.hash());
                insert.setObject(16, firstStored);
                insert.setObject(17, timestamp(now));
                insert.setString(18, pending.partnerLink().orElse(null));
                insert.setString(19, source.id());
                insert.setString(20, source.reuse().value());
                insert.addBatch();
            }
            identity.executeBatch();
            alertPending.executeBatch();
            insert.executeBatch();
        }
        Map<String, Long> bySlug = idsBy(connection, "slug", fresh.stream().map(f -> f.article().slug()).toList());
        List<Long> ids = fresh.stream().map(f -> bySlug.get(f.article().slug())).toList();
        try (PreparedStatement topics = connection.prepareStatement("INSERT INTO article_topic (article_id, topic, origin,"
                        + " published, slug) VALUES (?, ?, ?, ?, ?)");
                PreparedStatement regions = connection.prepareStatement("INSERT INTO article_region (article_id, region, origin,"
                        + " published, slug) VALUES (?, ?, ?, ?, ?)");
                PreparedStatement sources = connection.prepareStatement("INSERT INTO article_source (article_id, source, origin,"
                        + " published, slug) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < fresh.size(); i++) {
                Article article = fresh.get(i).article();
                long id = ids.get(i);
                for (String topic : article.topics()) {
                    feedRow(topics, id, topic, article);
                }
                for (String region : article.regions()) {
                    feedRow(regions, id, region, article);
                }
                feedRow(sources, id, source.id(), article);
            }
            topics.executeBatch();
            regions.executeBatch();
            sources.executeBatch();
        }
        return ids;
    }

    /** One row of a tag or source table of a partner article, which carry the sort key of the feeds. */
    private static void feedRow(PreparedStatement statement, long id, String tag, Article article) throws SQLException {
        statement.setLong(1, id);
        statement.setString(2, tag);
        statement.setString(3, PARTNER);
        statement.setObject(4, timestamp(article.published()));
        statement.setString(5, article.slug());
        statement.addBatch();
    }

    /** Replaces a partner article's content and its rows in the feeds' tables, its sources' included. */
    static void replacePartnerContent(Connection connection, long id, Article article, Instant now) throws SQLException {
        replaceContent(connection, article, now);
        writeSources(connection, id);
    }

    /** Sets the partner article's sources (a story found through one more source) and its rows in the source table. */
    static void setSources(Connection connection, long id, List<String> sources, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE article SET sources = ?, modified_at = ? WHERE id = ?")) {
            statement.setString(1, String.join(" ", sources));
            statement.setObject(2, timestamp(now));
            statement.setLong(3, id);
            statement.executeUpdate();
        }
        writeSources(connection, id);
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
            for (String source : words(sources)) {
                insert.setString(1, source);
                insert.setLong(2, id);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    // --- tags and change times ---------------------------------------------------------------------

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
    static void touch(Connection connection, Set<Scope> scopes, Instant now) throws SQLException {
        Instant second = now.truncatedTo(ChronoUnit.SECONDS);
        for (Scope scope : scopes.stream().sorted(Comparator.comparing(Scope::key)).toList()) {
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

    // --- reads the writers share -------------------------------------------------------------------

    /** Value of {@code column} → article id, for the articles holding one of {@code values}: a query per hundred. */
    static Map<String, Long> idsBy(Connection connection, String column, List<String> values) throws SQLException {
        Map<String, Long> found = new HashMap<>();
        selectIn(connection, "SELECT " + column + ", id FROM article WHERE " + column, values,
                rows -> found.put(rows.getString(1), rows.getLong(2)));
        return found;
    }

    /** The slugs among these that were ever stored (an identity outlives its article): a query per hundred. */
    static Set<String> usedSlugs(Connection connection, List<String> slugs) throws SQLException {
        Set<String> found = new HashSet<>();
        selectIn(connection, "SELECT slug FROM article_identity WHERE slug", slugs, rows -> found.add(rows.getString(1)));
        return found;
    }

    /** What is done with each row a query reads. */
    interface Row {
        void read(ResultSet rows) throws SQLException;
    }

    /** Runs {@code select} followed by {@code IN (…)} over the values, a hundred at a time, reading each row. */
    static void selectIn(Connection connection, String select, List<String> values, Row row) throws SQLException {
        for (int from = 0; from < values.size(); from += IN_CHUNK) {
            List<String> chunk = values.subList(from, Math.min(values.size(), from + IN_CHUNK));
            try (PreparedStatement statement = connection.prepareStatement(select + " IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    statement.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        row.read(rows);
                    }
                }
            }
        }
    }

    // --- row helpers -------------------------------------------------------------------------------

    /** Binds title … content_hash (13 parameters) from {@code first}. */
    static void bindContent(PreparedStatement statement, int first, Article article) throws SQLException {
        bindContent(statement, first, article, hash(article));
    }

    /** The same, with the content digest already computed. */
    private static void bindContent(PreparedStatement statement, int first, Article article, String contentHash)
            throws SQLException {
        int i = first;
        statement.setString(i++, article.title());
        statement.setString(i++, article.summary());
        statement.setString(i++, article.body());
        statement.setString(i++, article.bodyHtml());
        statement.setObject(i++, timestamp(article.published()));
        statement.setObject(i++, article.updated().map(ArticleRows::timestamp).orElse(null));
        statement.setString(i++, String.join(" ", article.topics()));
        statement.setString(i++, String.join(" ", article.regions()));
        statement.setString(i++, article.language());
        statement.setString(i++, article.author().orElse(null));
        statement.setString(i++, article.url().map(URI::toString).orElse(null));
        statement.setString(i++, article.sourceFile().orElse(null));
        statement.setString(i, contentHash);
    }

    /** Binds image_media … image_credit (4 parameters) from {@code first}: NULLs for an article without a lead image. */
    static void bindImage(PreparedStatement statement, int first, Article article) throws SQLException {
        Optional<Image> image = article.image();
        statement.setObject(first, image.map(Image::mediaId).orElse(null), java.sql.Types.BIGINT);
        statement.setString(first + 1, image.map(Image::alt).orElse(null));
        statement.setString(first + 2, image.map(Image::caption).orElse(null));
        statement.setString(first + 3, image.map(Image::credit).orElse(null));
    }

    /** The lead image of the four columns from {@code first} (image_media … image_credit). */
    static Optional<Image> image(ResultSet rows, int first) throws SQLException {
        long media = rows.getLong(first);
        return rows.wasNull() ? Optional.empty() : Optional.of(new Image(media, rows.getString(first + 1),
                Optional.ofNullable(rows.getString(first + 2)).orElse(""), Optional.ofNullable(rows.getString(first + 3)).orElse("")));
    }

    /** The article as the database keeps it: dates to the microsecond, as H2 and PostgreSQL store them. */
    static Article storable(Article a) {
        Instant published = micros(a.published());
        Optional<Instant> updated = a.updated().map(ArticleRows::micros);
        if (published.equals(a.published()) && updated.equals(a.updated())) {
            return a;
        }
        return a.withTimes(published, updated);
    }

    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** The feeds of the articles' topics and regions, and the feed of all. */
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

    /** Every feed a stored article is in: its topics', its regions', the feed of all, its partners'. */
    static Set<Scope> scopesOf(StoredArticle stored) {
        Set<Scope> scopes = scopesOf(List.of(stored.article()));
        scopes.addAll(partnerScopes(stored));
        return scopes;
    }

    /** The partner feeds a stored partner item is in; none for PSG's articles. */
    private static Set<Scope> partnerScopes(StoredArticle stored) {
        Set<Scope> scopes = new LinkedHashSet<>();
        stored.partner().ifPresent(partner -> {
            scopes.add(Scope.PARTNERS);
            partner.sources().forEach(source -> scopes.add(Scope.partner(source)));
        });
        return scopes;
    }

    /** The article of a row selected with {@link #COLUMNS}. */
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
                Optional.ofNullable(rows.getString(13)),
                DRAFT.equals(rows.getString(REMOVED_WHY)) ? Article.Status.DRAFT : Article.Status.PUBLISHED,
                image(rows, REMOVED_WHY + 1),
                Optional.ofNullable(rows.getString(TRANSLATION)));
        String sources = rows.getString(16);
        Optional<StoredArticle.Attribution> partner = sources == null ? Optional.empty()
                : Optional.of(new StoredArticle.Attribution(words(sources),
                        PartnerSource.Reuse.valueOf(rows.getString(17).toUpperCase(Locale.ROOT))));
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

    static boolean isUniqueViolation(SQLException e) {
        String state = e.getSQLState();
        return "23505".equals(state) || "23001".equals(state);
    }

    /** A digest of everything stored about the article, to skip writes that change nothing. */
    static String hash(Article article) {
        String canonical = String.join("\u0000", article.slug(), article.title(), article.summary(), article.body(),
                article.bodyHtml(), article.published().toString(), article.updated().map(Instant::toString).orElse(""),
                String.join(" ", article.topics()), String.join(" ", article.regions()), article.language(),
                article.author().orElse(""), article.url().map(URI::toString).orElse(""), article.sourceFile().orElse(""))
                // a published article's digest is what it was before articles had a status, images and translations: no
                // rewrite of stored ones
                + (article.draft() ? "\u0000draft" : "")
                + article.image().map(image -> "\u0000image\u0000" + image.mediaId() + "\u0000" + image.alt() + "\u0000"
                        + image.caption() + "\u0000" + image.credit()).orElse("")
                + article.translation().map(translation -> "\u0000translation\u0000" + translation).orElse("");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
