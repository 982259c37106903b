package uk.org.perusupportgroup.quipu.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the daily clean-up deletes, a batch at a time (each batch its own transaction, so a long clean-up never holds
 * locks for long), and the lease under which one instance at a time runs it.
 */
public interface RetentionStore {

    /**
     * Takes the job's lease when the job is due (last run to the end at or before {@code dueIfDoneBefore}) and no other
     * instance holds an unexpired lease on it.
     *
     * @return whether this owner now holds it, until {@code leaseUntil}
     */
    boolean claim(String job, String owner, Instant now, Instant dueIfDoneBefore, Instant leaseUntil);

    /** @return false when the lease is no longer this owner's */
    boolean renew(String job, String owner, Instant leaseUntil);

    /** Marks the job run to the end at {@code now} and lets its lease go. */
    void done(String job, String owner, Instant now);

    /** When the job last ran to the end. */
    Optional<Instant> lastDone(String job);

    /** Deletes up to {@code batch} messages no longer waiting to go (sent, failed, dropped) made before {@code before}. */
    int deleteFinishedMessages(Instant before, int batch);

    /** Deletes up to {@code batch} deliveries due before {@code before} whose message has gone (or ended). */
    int deleteDeliveries(Instant before, int batch);

    /** Deletes up to {@code batch} matches made before {@code before}. */
    int deleteMatches(Instant before, int batch);

    /**
     * Deletes the consent events of up to {@code batch} requests that lapsed unconfirmed before {@code before}: of such
     * a request nothing is left.
     *
     * @return how many requests
     */
    int deleteLapsedRequests(Instant before, int batch);

    /** Up to {@code batch} subscribers every one of whose alerts was unsubscribed before {@code before}. */
    List<Long> unsubscribedSubscribers(Instant before, int batch);

    /**
     * Deletes up to {@code batch} alerts unsubscribed before {@code before} whose subscriber still has an alert pending,
     * on or paused (their consent events stay, with the subscriber's record).
     */
    int deleteUnsubscribedAlerts(Instant before, int batch);
}
