package uk.org.perusupportgroup.quipu.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.subscriber.Frequency;
import uk.org.perusupportgroup.quipu.store.DeliveryStore;

/**
 * Matches each new article (PSG's or a partner's) against the alerts once, and records in one transaction its matches
 * and one delivery per subscriber: an immediate message, or a place in a digest. New means first stored and published
 * at most {@code alerts.max-age} before; an older one, or one deleted before its turn, is let go without alerting. So
 * is one that waited longer than {@code alerts.max-age} to be matched (alerts were switched off, or the service was
 * down for that long): news that old is no longer an alert. An article whose matching fails is retried in the next
 * round; the others go on. Blocking: run it off the event loop.
 */
public final class AlertMatcher {

    private static final Logger LOG = LoggerFactory.getLogger(AlertMatcher.class);
    private static final int BATCH = 100;

    private final DeliveryStore store;
    private final AlertIndex index;
    private final DigestSchedule schedule;
    private final Duration maxAge;
    private final int immediatePerDay;
    private final String messageDomain;
    private final Clock clock;

    public AlertMatcher(DeliveryStore store, AlertIndex index, DigestSchedule schedule, Duration maxAge, int immediatePerDay,
            String messageDomain, Clock clock) {
        this.store = store;
        this.index = index;
        this.schedule = schedule;
        this.maxAge = maxAge;
        this.immediatePerDay = immediatePerDay;
        this.messageDomain = messageDomain;
        this.clock = clock;
    }

    /** Matches the articles waiting, a batch at a time, until none is left; returns how many were matched. */
    public int matchPending() {
        return matchPending(() -> {});
    }

    /**
     * Matches the articles waiting, a batch at a time, until none is left; returns how many were matched.
     *
     * @param catchUp run once articles are found waiting and before they are matched: brings the index in step with
     *     alerts confirmed through other instances, so that an alert confirmed before an article was stored is matched
     *     against it wherever the article was stored
     */
    public int matchPending(Runnable catchUp) {
        int done = 0;
        boolean caughtUp = false;
        while (true) {
            List<DeliveryStore.Pending> batch = store.pending(BATCH);
            if (!batch.isEmpty() && !caughtUp) {
                catchUp.run();
                caughtUp = true;
            }
            int failed = 0;
            for (DeliveryStore.Pending pending : batch) {
                try {
                    done += match(pending) ? 1 : 0;
                } catch (RuntimeException e) {
                    failed++;
                    LOG.error("alerts: matching article={} failed; it is tried again in the next round", pending.slug(), e);
                }
            }
            if (batch.size() < BATCH || failed > 0) {
                return done;
            }
        }
    }

    private boolean match(DeliveryStore.Pending pending) {
        Instant now = clock.instant();
        if (pending.article().isEmpty()) {
            store.drop(pending.slug());
            return false;
        }
        Article article = pending.article().get().article();
        Instant oldest = pending.queuedAt().minus(maxAge);
        if (article.published().isBefore(oldest) || pending.queuedAt().isBefore(now.minus(maxAge))) {
            LOG.debug("alerts: article={} is not new (published {}), no alert", pending.slug(), article.published());
            store.drop(pending.slug());
            return false;
        }
        List<Long> matched = index.match(new AlertIndex.Text(List.of(article.title(), article.summary(), article.body()),
                Set.copyOf(article.topics()), Set.copyOf(article.regions())));
        Map<Long, DeliveryStore.Target> targets = matched.isEmpty() ? Map.of() : store.targets(matched);
        List<DeliveryStore.NewDelivery> deliveries = deliveries(targets, pending.articleId(), now);
        if (store.record(pending.slug(), pending.articleId(), targets.keySet(), deliveries, now)) {
            LOG.info("alerts: article={} matched={} subscribers={}", pending.slug(), targets.size(), deliveries.size());
        }
        return true;
    }

    /** One delivery per subscriber, at the soonest frequency among their matching alerts. */
    private List<DeliveryStore.NewDelivery> deliveries(Map<Long, DeliveryStore.Target> targets, long articleId, Instant now) {
        Map<Long, List<DeliveryStore.Target>> bySubscriber = new LinkedHashMap<>();
        targets.values().stream().sorted(java.util.Comparator.comparingLong(DeliveryStore.Target::alertId))
                .forEach(target -> bySubscriber.computeIfAbsent(target.subscriberId(), key -> new ArrayList<>()).add(target));
        Set<Long> immediate = new LinkedHashSet<>();
        bySubscriber.forEach((subscriber, list) -> {
            if (soonest(list) == Frequency.IMMEDIATE) {
                immediate.add(subscriber);
            }
        });
        Map<Long, Integer> sentToday = immediate.isEmpty() ? Map.of() : store.immediateSince(immediate, schedule.dayStart(now));
        List<DeliveryStore.NewDelivery> out = new ArrayList<>();
        bySubscriber.forEach((subscriber, list) -> {
            List<Long> ids = list.stream().map(DeliveryStore.Target::alertId).toList();
            Frequency frequency = soonest(list);
            if (frequency == Frequency.IMMEDIATE && sentToday.getOrDefault(subscriber, 0) < immediatePerDay) {
                out.add(new DeliveryStore.NewDelivery(subscriber, ids, now,
                        Optional.of("<alert." + subscriber + "." + articleId + "@" + messageDomain + ">")));
            } else {
                // over the day's immediate allowance, immediate matches join the next daily digest
                Frequency due = frequency == Frequency.IMMEDIATE ? Frequency.DAILY : frequency;
                out.add(new DeliveryStore.NewDelivery(subscriber, ids, schedule.next(due, now), Optional.empty()));
            }
        });
        return out;
    }

    private static Frequency soonest(List<DeliveryStore.Target> targets) {
        return targets.stream().map(DeliveryStore.Target::frequency).min(Enum::compareTo).orElseThrow();
    }

    /** Queues a digest for every subscriber with deliveries due; returns how many digests were queued. */
    public int queueDigests() {
        int queued = 0;
        Instant now = clock.instant();
        List<Long> due;
        int made;
        do {
            due = store.dueDigests(now, BATCH);
            int failed = 0;
            made = 0;
            for (long subscriber : due) {
                try {
                    made += store.queueDigest(subscriber, now, messageDomain) ? 1 : 0;
                } catch (RuntimeException e) {
                    failed++;
                    LOG.error("alerts: digest of subscriber={} failed; it is tried again in the next round", subscriber, e);
                }
            }
            queued += made;
            if (failed > 0) {
                return queued;
            }
            // a full batch that another instance was already making is left to it
        } while (due.size() == BATCH && made > 0);
        return queued;
    }
}
