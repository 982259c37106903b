/**
 * Persistence, the same SQL on H2 and PostgreSQL; blocking, never called on an event loop.
 *
 * <ul>
 *   <li>{@link uk.org.perusupportgroup.quipu.store.Database}: the connection pool and the Flyway migrations
 *       ({@code db/migration}); {@link uk.org.perusupportgroup.quipu.store.DatabaseWatch} says whether it answers.
 *   <li>{@link uk.org.perusupportgroup.quipu.store.ArticleStore} (JDBC: {@code JdbcArticleStore}): articles, their
 *       identities, topics, regions and sources, the removal holds, the feeds' change times; queues each new article
 *       for alert matching in the transaction that stores it.
 *   <li>{@link uk.org.perusupportgroup.quipu.store.PartnerStore} ({@code JdbcPartnerStore}): partner sources, their
 *       items and health, leases of their polls, the items staff hid; partner items become articles like PSG's own.
 *   <li>{@code ArticleRows}: the one writer of the article tables, for both stores above (every INSERT, UPDATE and
 *       DELETE of {@code article}, {@code article_identity}, {@code article_topic}, {@code article_region},
 *       {@code article_source}, {@code article_removal_hold}, {@code feed_state} and the {@code alert_pending} row of
 *       a new article), and the row helpers the stores share.
 *   <li>{@link uk.org.perusupportgroup.quipu.store.AlertStore} ({@code JdbcAlertStore}): subscribers,
 *       their alerts, the consent record, suppressions, the shared secrets.
 *   <li>{@link uk.org.perusupportgroup.quipu.store.DeliveryStore} ({@code JdbcDeliveryStore}): matches, deliveries
 *       and the outbox, claimed under leases.
 *   <li>{@link uk.org.perusupportgroup.quipu.store.InstanceStore} ({@code JdbcInstanceStore}): the live instances
 *       and the sign-up counts they share.
 *   <li>{@link uk.org.perusupportgroup.quipu.store.RetentionStore} ({@code JdbcRetentionStore}): the daily
 *       clean-up's deletions and its lease.
 *   <li>{@link uk.org.perusupportgroup.quipu.store.StaffStore} ({@code JdbcStaffStore}): staff accounts (names and
 *       password hashes) and their signed-in sessions, kept by the SHA-256 of their tokens.
 *   <li>{@link uk.org.perusupportgroup.quipu.store.MediaStore} ({@code JdbcMediaStore}): uploaded photos and
 *       documents and their files' bytes, as plain records (what the bytes are is the {@code media} package's).
 *   <li>{@link uk.org.perusupportgroup.quipu.store.FeedChangeSignal}: tells the other instances which feeds
 *       changed (PostgreSQL {@code NOTIFY}).
 * </ul>
 */
package uk.org.perusupportgroup.quipu.store;
