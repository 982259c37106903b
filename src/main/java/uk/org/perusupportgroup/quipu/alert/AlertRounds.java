package uk.org.perusupportgroup.quipu.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.subscriber.Alert;
import uk.org.perusupportgroup.quipu.store.DeliveryStore;

/**
 * The alert work of one instance, a round at a time: the first round loads the alert index, later ones bring it in
 * step with alerts changed through other instances (every 10 s, and before any new article is matched); every round
 * matches the new articles; every 30 s due
 * digests are queued and the figures for {@code /health} and {@code /metrics} are refreshed; every hour lapsed requests
 * go. Blocking: run it off the event loop, one round at a time.
 */
public final class AlertRounds {

    private static final Logger LOG = LoggerFactory.getLogger(AlertRounds.class);
    private static final Duration SYNC_EVERY = Duration.ofSeconds(10);
    /** Late commits and clock skew between instances: each sync looks this far behind the last one. */
    private static final Duration SYNC_OVERLAP = Duration.ofMinutes(1);
    private static final Duration DIGESTS_EVERY = Duration.ofSeconds(30);
    private static final Duration EXPIRE_EVERY = Duration.ofHours(1);
    private static final Duration LATE = Duration.ofMinutes(15);

    private final AlertService alerts;
    private final AlertMatcher matcher;
    private final DeliveryStore deliveries;
    private final BooleanSupplier relayPaused;
    private final Clock clock;

    private boolean indexLoaded;
    private Instant lastSync = Instant.EPOCH;
    private Instant lastDigests = Instant.EPOCH;
    private Instant lastExpiry = Instant.EPOCH;
    private volatile List<String> problems = List.of();
    private volatile Map<String, Integer> outboxCounts = Map.of();
    private volatile Map<Alert.State, Integer> alertCounts = Map.of();

    /** @param relayPaused whether the sender has paused because the mail relay is not answering */
    public AlertRounds(AlertService alerts, AlertMatcher matcher, DeliveryStore deliveries, BooleanSupplier relayPaused,
            Clock clock) {
        this.alerts = alerts;
        this.matcher = matcher;
        this.deliveries = deliveries;
        this.relayPaused = relayPaused;
        this.clock = clock;
    }

    /**
     * One round. Never throws: a failure is logged and the next round tries again.
     *
     * @return how many articles were matched and digests queued: when more than none, there is mail to send
     */
    public synchronized int run() {
        try {
            return runOrThrow();
        } catch (RuntimeException e) {
            LOG.error("alerts: round failed; the next one tries again", e);
            return 0;
        }
    }

    /**
     * One round now, digests checked whatever the time since the last check; a failure is thrown (an operator asked for
     * it, through the admin API).
     *
     * @return how many articles were matched and digests queued
     */
    public synchronized int runNow() {
        lastDigests = Instant.EPOCH;
        return runOrThrow();
    }

    private int runOrThrow() {
        syncIndex(false);
        int done = matcher.matchPending(() -> syncIndex(true));
        Instant now = clock.instant();
        if (!now.isBefore(lastDigests.plus(DIGESTS_EVERY))) {
            lastDigests = now;
            done += matcher.queueDigests();
            observe(now);
        }
        if (!now.isBefore(lastExpiry.plus(EXPIRE_EVERY))) {
            lastExpiry = now;
            int lapsed = alerts.expire();
            if (lapsed > 0) {
                LOG.info("alerts: {} unconfirmed requests lapsed", lapsed);
            }
        }
        return done;
    }

    /** @param now whether to sync whatever the time since the last one */
    private void syncIndex(boolean now) {
        Instant time = clock.instant();
        if (!indexLoaded) {
            long start = System.nanoTime();
            int loaded = alerts.loadIndex();
            indexLoaded = true;
            lastSync = time;
            LOG.info("alerts: {} confirmed alerts indexed in {} ms", loaded, (System.nanoTime() - start) / 1_000_000);
        } else if (now || !time.isBefore(lastSync.plus(SYNC_EVERY))) {
            // moved on only once the sync went through: after the database was away, the next one looks back as far
            alerts.syncIndex(lastSync.minus(SYNC_OVERLAP));
            lastSync = time;
        }
    }

    /** Refreshes what /health and /metrics say of alerts (they must not query the database themselves). */
    private void observe(Instant now) {
        outboxCounts = deliveries.outboxCounts();
        alertCounts = alerts.counts();
        List<String> found = new ArrayList<>();
        if (relayPaused.getAsBoolean()) {
            found.add("the mail relay is not answering: sending is paused and retried shortly; messages wait in the outbox");
        }
        deliveries.oldestDue(now).filter(due -> due.isBefore(now.minus(LATE))).ifPresent(due -> found.add(
                outboxCounts.getOrDefault("pending", 0) + " messages waiting; the oldest was due at " + due));
        if (alerts.confirmationsPaused().isPresent()) {
            found.add("sign-up is paused: the confirmation emails of the last hour reached alerts.confirmations-per-hour;"
                    + " new requests are answered 503 until fewer were sent in the last hour (a flood of sign-ups from many"
                    + " addresses?)");
        }
        problems = List.copyOf(found);
    }

    /** One line per trouble with alert mail, as of the last refresh. */
    public List<String> problems() {
        return problems;
    }

    public Map<String, Integer> outboxCounts() {
        return outboxCounts;
    }

    public Map<Alert.State, Integer> alertCounts() {
        return alertCounts;
    }
}
