package uk.org.perusupportgroup.quipu.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.org.perusupportgroup.quipu.subscriber.Frequency;
import uk.org.perusupportgroup.quipu.article.StoredArticle;

/**
 * The way from a new article to a sent email: articles waiting to be matched, matches, deliveries (one per article
 * per subscriber) and the outbox of messages, leased by senders. Blocking: call it off the event loop.
 */
public interface DeliveryStore {

    /** An article first stored and not yet matched; empty article: it has been deleted since. */
    record Pending(String slug, Instant queuedAt, long articleId, Optional<StoredArticle> article) {}

    /** The oldest articles waiting to be matched. */
    List<Pending> pending(int limit);

    /** A confirmed alert's subscriber and frequency. */
    record Target(long alertId, long subscriberId, Frequency frequency) {}

    /** The confirmed ones among the given alerts. */
    Map<Long, Target> targets(Collection<Long> alertIds);

    /** Subscriber → how many immediate alert messages were queued for them since {@code since}. */
    Map<Long, Integer> immediateSince(Collection<Long> subscriberIds, Instant since);

    /**
     * One email-to-be for one subscriber: sent at once under {@code messageId} when present, else with the digest due
     * at {@code dueAt}.
     */
    record NewDelivery(long subscriberId, List<Long> alertIds, Instant dueAt, Optional<String> messageId) {

        public NewDelivery {
            alertIds = List.copyOf(alertIds);
        }
    }

    /**
     * In one transaction: takes the article off the pending list, records its matches and deliveries, and queues the
     * immediate messages. A match or delivery already recorded is left as it is.
     *
     * @return false when the article was no longer pending (another instance recorded it): nothing was written
     */
    boolean record(String slug, long articleId, Collection<Long> matched, List<NewDelivery> deliveries, Instant now);

    /** Takes an article off the pending list without matching it (deleted, or too old to alert). */
    void drop(String slug);

    /** Subscribers with deliveries due by {@code now} and not yet in a message. */
    List<Long> dueDigests(Instant now, int limit);

    /**
     * Queues one digest message with every delivery of the subscriber due by {@code now}.
     *
     * @return false when none was due any more (another instance took them)
     */
    boolean queueDigest(long subscriberId, Instant now, String messageDomain);

    /** What a message is: a request's confirmation, an alert, a digest, or fresh links a subscriber asked for. */
    enum Kind { CONFIRM, ALERT, DIGEST, LINKS }

    /** One article of a message and the subscriber's alerts that matched it. */
    /** @param withdrawn the article was removed after it matched: the message says so instead of listing it */
    record Item(StoredArticle article, List<Long> alertIds, boolean withdrawn) {

        public Item(StoredArticle article, List<Long> alertIds) {
            this(article, alertIds, false);
        }
    }

    /**
     * Everything needed to write and address one leased message.
     *
     * @param items the articles, newest first (none for a confirmation)
     */
    record Envelope(long id, String messageId, Kind kind, long subscriberId, String email, String addressHash,
            boolean plainText, Instant createdAt, int attempts, Optional<Long> request,
            List<Item> items) {}

    /** Leases up to {@code limit} messages due by {@code now} to {@code owner} for {@code lease}. */
    List<Envelope> claim(String owner, Instant now, Duration lease, int limit);

    /**
     * Extends the lease just before sending, so that a message that waited its turn is not sent by two senders.
     *
     * @param attempts the attempt count of the claim: a later claim of the same row (by anyone) has a higher one
     * @return false when this claim no longer holds the message: it must not be sent
     */
    boolean renew(long id, String owner, int attempts, Instant until);

    /** Marks a leased message sent; it keeps {@code owner} as the instance that sent it. */
    void sent(long id, String owner, Instant now);

    /** Puts a leased message back for another attempt at {@code next}. */
    void retry(long id, String owner, Instant next, String error);

    /** Ends a leased message unsent: {@code failed} (refused, or retried too long) or {@code dropped} (no longer wanted). */
    void end(long id, String owner, String state, String error);

    /** When the longest-waiting message still to send became due; empty when none is waiting. */
    Optional<Instant> oldestDue(Instant now);

    /** Outbox state → how many messages are in it. */
    Map<String, Integer> outboxCounts();

    /** The articles an alert matched, newest first. */
    List<StoredArticle> matches(long alertId, int limit);
}
