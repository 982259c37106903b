package uk.org.perusupportgroup.quipu.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.store.ArticleStore;
import uk.org.perusupportgroup.quipu.store.RetentionStore;

/**
 * The daily clean-up: applies the {@code retention.*} settings. One instance at a time runs it, under a lease kept in
 * the database ({@code quipu_job}) and renewed after every batch; it is due a day after it last ran to the end, so
 * however many instances there are it runs once a day. An instance that dies while running it leaves the rest to
 * whichever instance takes the lease once it lapses. Each batch is one short transaction. Blocking: run it off the
 * event loop.
 */
public final class CleanUp {

    private static final Logger LOG = LoggerFactory.getLogger(CleanUp.class);
    static final String JOB = "clean-up";
    static final Duration EVERY = Duration.ofDays(1);
    private static final Duration LEASE = Duration.ofMinutes(10);
    /** Rows per batch: small enough that no transaction holds locks for long. */
    static final int BATCH = 500;

    private final RetentionStore store;
    private final AlertService alerts;
    private final ArticleStore articles;
    private final QuipuConfig.Retention retention;
    private final Clock clock;
    private final String owner;
    private volatile List<String> problems = List.of();
    /** When this instance's last clean-up failed; null when it did not. */
    private Instant failedAt;

    public CleanUp(RetentionStore store, AlertService alerts, ArticleStore articles,
            QuipuConfig.Retention retention, Clock clock, String owner) {
        this.store = store;
        this.alerts = alerts;
        this.articles = articles;
        this.retention = retention;
        this.clock = clock;
        this.owner = owner;
    }

    /**
     * Runs the clean-up if it is due and no other instance is running it. Never throws: a failure is logged and shown on
     * {@code /health}, and the clean-up is tried again once its lease lapses.
     *
     * @return what was deleted, by kind; empty when it was not due here
     */
    public synchronized Map<String, Integer> runIfDue() {
        Instant now = clock.instant();
        try {
            if (!store.claim(JOB, owner, now, now.minus(EVERY), now.plus(LEASE))) {
                if (failedAt != null && store.lastDone(JOB).filter(done -> done.isAfter(failedAt)).isPresent()) {
                    clear(); // another instance has run it since this one failed
                }
                return Map.of();
            }
            Map<String, Integer> done = new LinkedHashMap<>();
            // whole addresses first, through erasure, so that what is left of them goes the way every erasure goes
            done.put("unsubscribed addresses erased", batches(() -> {
                List<Long> ids = store.unsubscribedSubscribers(now.minus(retention.unsubscribed()), BATCH);
                ids.forEach(alerts::erase);
                return ids.size();
            }));
            done.put("unsubscribed alerts", batches(() -> store.deleteUnsubscribedAlerts(now.minus(retention.unsubscribed()), BATCH)));
            done.put("lapsed requests", batches(() -> store.deleteLapsedRequests(now.minus(retention.lapsedRequests()), BATCH)));
            done.put("messages", batches(() -> store.deleteFinishedMessages(now.minus(retention.sentMessages()), BATCH)));
            done.put("deliveries", batches(() -> store.deleteDeliveries(now.minus(retention.deliveries()), BATCH)));
            done.put("matches", batches(() -> store.deleteMatches(now.minus(retention.matches()), BATCH)));
            done.put("removed articles", articles.purgeRemoved(now.minus(retention.removedArticles())));
            store.done(JOB, owner, clock.instant());
            clear();
            LOG.info("clean-up: deleted {}", done);
            return done;
        } catch (RuntimeException e) {
            failedAt = now;
            problems = List.of("the daily clean-up failed (" + e.getMessage() + "); it is tried again within "
                    + LEASE.toMinutes() + " minutes");
            LOG.error("clean-up: failed; tried again once its lease lapses", e);
            return Map.of();
        }
    }

    private void clear() {
        failedAt = null;
        problems = List.of();
    }

    /** One line per trouble with the clean-up, for {@code /health}. */
    public List<String> problems() {
        return problems;
    }

    /** Runs {@code batch} until it finds less than a full batch, renewing the lease after each; returns the total. */
    private int batches(Batch batch) {
        int total = 0;
        while (true) {
            int n = batch.run();
            total += n;
            if (!store.renew(JOB, owner, clock.instant().plus(LEASE))) {
                throw new IllegalStateException("its lease passed to another instance");
            }
            if (n < BATCH) {
                return total;
            }
        }
    }

    @FunctionalInterface
    private interface Batch {
        int run();
    }
}
