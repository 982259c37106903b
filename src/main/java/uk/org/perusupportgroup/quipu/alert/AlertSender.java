package uk.org.perusupportgroup.quipu.alert;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.subscriber.Alert;
import uk.org.perusupportgroup.quipu.mail.MailException;
import uk.org.perusupportgroup.quipu.mail.MailMessage;
import uk.org.perusupportgroup.quipu.mail.Mailer;
import uk.org.perusupportgroup.quipu.store.DeliveryStore;
import uk.org.perusupportgroup.quipu.store.AlertStore;
import uk.org.perusupportgroup.quipu.reach.Metric;
import uk.org.perusupportgroup.quipu.reach.Tally;

/**
 * Sends the outbox: leases due messages, checks again just before sending each that it is still wanted (the request
 * still pending, the alerts still confirmed, the address not suppressed), sends it with its Message-ID and marks it
 * sent at once. Sends overlap, so a crash repeats every message the server had accepted and that was not yet marked
 * sent, with the same Message-ID, when its lease lapses; messages claimed but not yet handed over are sent once then.
 *
 * <p>SMTP 4xx answers and connection failures are retried with exponential backoff and jitter for up to 72 hours; a
 * 5.1.x answer (no such mailbox; also 551 and 553) suppresses the address; other 5xx answers end the message, except
 * those about the relay itself (login or TLS refused), which are retried like a connection failure. After
 * {@link #BREAKER_FAILURES} failures in a row the relay is taken to be down and sending pauses (30 s, doubling to
 * 10 min), then one message probes it. At most {@code sendRate} messages go per second, shared evenly by the live
 * instances ({@link #share}). Bound to the Vert.x context
 * it is created on.
 */
public final class AlertSender {

    private static final Logger LOG = LoggerFactory.getLogger(AlertSender.class);
    static final int BREAKER_FAILURES = 5;
    static final Duration GIVE_UP = Duration.ofHours(72);
    static final int MAX_IN_FLIGHT = 200;
    private static final int BATCH = 100;
    private static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    private static final Duration LONGEST_RETRY = Duration.ofHours(6);
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(30);
    private static final Duration LONGEST_PAUSE = Duration.ofMinutes(10);

    private final Vertx vertx;
    private final Context context;
    private final DeliveryStore store;
    private final AlertStore alertStore;
    private final AlertComposer composer;
    private final Mailer mailer;
    /** Messages sent by kind, deferred, and addresses suppressed by a refusal, counted for reach. */
    private final Tally tally;
    private final int sendRate;
    /** This instance's part of {@link #sendRate}: all of it, until it learns of other instances. */
    private volatile double rate;
    private final Duration lease;
    private final Clock clock;
    private final String owner;
    /**
     * The sender's own worker threads (claims, composing, marking): a flood of searches or pages on the web's workers
     * cannot hold up the mail.
     */
    private final WorkerExecutor workers;
    static final String WORKERS = "quipu-mail";

    private boolean claiming;
    private int inFlight;
    private long nextSlot = Long.MIN_VALUE;
    private boolean stopped;
    private int failuresInARow;
    private Duration pause = FIRST_PAUSE;
    private Instant pausedUntil = Instant.EPOCH;
    private Promise<Void> idle;
    private long sent;

    /**
     * @param lease how long a claim holds a message: another instance takes it over when this one dies
     * @param owner this instance's name on its leases
     */
    public AlertSender(Vertx vertx, DeliveryStore store, AlertStore alertStore, AlertComposer composer, Mailer mailer,
            int sendRate, Duration lease, Clock clock, String owner, Tally tally) {
        this.tally = tally;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.workers = vertx.createSharedWorkerExecutor(WORKERS, 2);
        this.store = store;
        this.alertStore = alertStore;
        this.composer = composer;
        this.mailer = mailer;
        this.sendRate = sendRate;
        this.rate = sendRate;
        this.lease = lease;
        this.clock = clock;
        this.owner = owner;
    }

    /**
     * Claims a batch of due messages and sends them. While they are on their way the next batch may be claimed (a full
     * batch claims the next at once), so the database and the relay work side by side; at most
     * {@link #MAX_IN_FLIGHT} messages are out at a time, and a shared schedule spaces every send to {@code sendRate}
     * a second.
     *
     * @return how many of this batch were sent; 0 at once when a claim is already under way, the relay is taken to be
     *     down, or enough messages are in flight
     */
    public Future<Integer> sendDue() {
        Promise<Integer> done = Promise.promise();
        context.runOnContext(ignored -> {
            Instant now = clock.instant();
            int most = mostInFlight();
            if (claiming || stopped || now.isBefore(pausedUntil) || inFlight >= most) {
                done.complete(0);
                return;
            }
            claiming = true;
            // after a pause, one message probes the relay
            int limit = failuresInARow >= BREAKER_FAILURES ? 1
                    : Math.min(Math.min((int) Math.max(1, rate), BATCH), most - inFlight);
            workers.<List<DeliveryStore.Envelope>>executeBlocking(() -> store.claim(owner, now, lease, limit), false)
                    .onComplete(claimed -> {
                        claiming = false;
                        if (claimed.failed()) {
                            LOG.warn("alerts: claiming messages failed: {}", claimed.cause().toString());
                            done.complete(0);
                            settled();
                            return;
                        }
                        List<DeliveryStore.Envelope> batch = claimed.result();
                        inFlight += batch.size();
                        sendAll(batch).onComplete(result -> done.complete(result.succeeded() ? result.result() : 0));
                        if (batch.size() == limit && limit > 1) {
                            sendDue(); // more are waiting: claim the next batch while this one goes out
                        }
                        settled();
                    });
        });
        return done.future();
    }

    /** Sends the claimed messages, each at its slot of the shared schedule. */
    private Future<Integer> sendAll(List<DeliveryStore.Envelope> claimed) {
        List<Future<Boolean>> each = new ArrayList<>();
        long spacing = (long) (1_000_000_000L / rate);
        for (DeliveryStore.Envelope envelope : claimed) {
            long now = System.nanoTime();
            nextSlot = Math.max(nextSlot, now);
            long delayMs = (nextSlot - now) / 1_000_000;
            nextSlot += spacing;
            Promise<Boolean> one = Promise.promise();
            if (delayMs > 0) {
                vertx.setTimer(delayMs, id -> send(envelope).onComplete(one));
            } else {
                send(envelope).onComplete(one);
            }
            each.add(one.future().onComplete(finished -> {
                inFlight--;
                settled();
            }));
        }
        return Future.join(each).transform(ignored -> Future.succeededFuture(
                (int) each.stream().filter(f -> f.succeeded() && f.result()).count()));
    }

    /** Takes an even part of {@code alerts.send-rate}, {@code instances} being the live instances sharing the outbox. */
    public void share(int instances) {
        double part = (double) sendRate / Math.max(1, instances);
        if (part != rate) {
            LOG.info("alerts: {} instances share the outbox; this one sends at most {} messages a second", instances,
                    String.format(java.util.Locale.ROOT, "%.2f", part));
            rate = part;
        }
    }

    /**
     * At most {@link #MAX_IN_FLIGHT} messages out at once, and no more than half a lease's worth at this instance's rate:
     * a message claimed must go out well before its lease lapses, or another instance would take it over.
     */
    private int mostInFlight() {
        return (int) Math.max(1, Math.min(MAX_IN_FLIGHT, rate * lease.toSeconds() / 2));
    }

    /** Completes {@link #stop()} once nothing is claimed or in flight. */
    private void settled() {
        if (idle != null && !claiming && inFlight == 0) {
            idle.tryComplete();
        }
    }

    /** What became of one message. */
    private enum Outcome { SENT, NOT_WANTED, REFUSED, DEFERRED }

    private Future<Boolean> send(DeliveryStore.Envelope envelope) {
        if (Instant.now(clock).isBefore(pausedUntil)) {
            // the relay went down during this round: hand the message back at once
            return workers.executeBlocking(() -> {
                store.retry(envelope.id(), owner, pausedUntil, "relay paused");
                return false;
            }, false);
        }
        return workers.<Optional<MailMessage>>executeBlocking(() -> compose(envelope), false).recover(e -> {
            // the database or a template failed: the message is tried again later, as for a refused connection
            LOG.warn("alerts: message={} could not be prepared: {}", envelope.messageId(), e.toString());
            return workers.executeBlocking(() -> {
                failed(envelope, new MailException("not prepared: " + e, false, java.util.OptionalInt.empty(), e));
                return Optional.<MailMessage>empty();
            }, false);
        }).compose(message -> {
            if (message.isEmpty()) {
                return Future.succeededFuture(Outcome.NOT_WANTED);
            }
            return mailer.send(message.get()).transform(result -> workers.executeBlocking(() -> {
                if (result.succeeded()) {
                    store.sent(envelope.id(), owner, clock.instant());
                    tally.add(Metric.MAIL_SENT, envelope.kind().name().toLowerCase(java.util.Locale.ROOT));
                    return Outcome.SENT;
                }
                return failed(envelope, result.cause());
            }, false));
        }).map(outcome -> {
            // settled before the round's future completes, so that a caller sees the breaker as it now is
            if (Vertx.currentContext() == context) {
                settle(outcome, envelope);
            } else {
                context.runOnContext(ignored -> settle(outcome, envelope));
            }
            return outcome == Outcome.SENT;
        });
    }

    /**
     * The message as it must go now, or empty when it is no longer wanted (the row is ended as dropped) or no longer
     * this claim's (its lease lapsed while it waited and another claim took it). Runs just before the message is
     * handed to the mailer, and reads the suppression list and the subscriber's alerts again for it: what the claim
     * read may be up to half a lease old by now.
     */
    private Optional<MailMessage> compose(DeliveryStore.Envelope envelope) {
        if (!store.renew(envelope.id(), owner, envelope.attempts(), clock.instant().plus(lease))) {
            LOG.info("alerts: message={} was claimed again while it waited; left to that claim", envelope.messageId());
            return Optional.empty();
        }
        if (alertStore.isSuppressed(envelope.addressHash())) {
            store.end(envelope.id(), owner, "dropped", "address suppressed");
            return Optional.empty();
        }
        // the subscriber's alerts as they are now, not as they were when the message was claimed: an unsubscription,
        // pause or erasure made while it waited for its turn stops it here, just before it is handed to the relay
        Map<Long, Alert> current = new LinkedHashMap<>();
        alertStore.ofSubscriber(envelope.subscriberId()).forEach(s -> current.put(s.id(), s));
        if (envelope.kind() == DeliveryStore.Kind.LINKS) {
            if (current.isEmpty()) {
                store.end(envelope.id(), owner, "dropped", "the subscriber has no alert any more");
                return Optional.empty();
            }
            // made now, with the link version as it is now
            return Optional.of(composer.links(envelope, List.copyOf(current.values()), clock.instant()));
        }
        if (envelope.kind() == DeliveryStore.Kind.CONFIRM) {
            Optional<Alert> request = envelope.request().map(current::get);
            if (request.isEmpty() || request.get().state() != Alert.State.PENDING
                    || request.get().expiresAt().map(at -> !clock.instant().isBefore(at)).orElse(false)) {
                store.end(envelope.id(), owner, "dropped", "request no longer pending");
                return Optional.empty();
            }
            return Optional.of(composer.confirmation(envelope, request.get()));
        }
        List<DeliveryStore.Item> items = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        for (DeliveryStore.Item item : envelope.items()) {
            List<Long> live = item.alertIds().stream().filter(id -> {
                Alert alert = current.get(id);
                return alert != null && alert.state() == Alert.State.CONFIRMED;
            }).toList();
            if (!live.isEmpty()) {
                items.add(new DeliveryStore.Item(item.article(), live, item.withdrawn()));
                live.stream().map(current::get).filter(s -> !alerts.contains(s)).forEach(alerts::add);
            }
        }
        if (items.isEmpty()) {
            store.end(envelope.id(), owner, "dropped", "no confirmed alert wants it any more");
            return Optional.empty();
        }
        if (items.stream().allMatch(DeliveryStore.Item::withdrawn)) {
            // nothing left to read: a message of withdrawals only is not sent, and the outbox says why
            String titles = items.stream().map(item -> item.article().article().title())
                    .collect(java.util.stream.Collectors.joining("; "));
            LOG.info("alerts: message={} not sent: every article in it was withdrawn since it matched: {}", envelope.messageId(), titles);
            String why = "every article in it was withdrawn since it matched: " + titles;
            store.end(envelope.id(), owner, "dropped", why.length() > 1000 ? why.substring(0, 999) + "…" : why);
            return Optional.empty();
        }
        return Optional.of(composer.alert(envelope, items, alerts));
    }

    /**
     * Records a failed attempt: retry later, or end it, suppressing the address on a 5.1.x answer. Answers about the
     * relay itself (login refused, TLS required) and temporary ones count towards the breaker, not against the message.
     */
    private Outcome failed(DeliveryStore.Envelope envelope, Throwable cause) {
        MailException failure = cause instanceof MailException e ? e
                : new MailException(String.valueOf(cause), false, java.util.OptionalInt.empty(), cause);
        Instant now = clock.instant();
        String status = status(failure);
        if (failure.permanent() && !relayTrouble(failure)) {
            if (badMailbox(failure)) {
                // the reason names the answer, never the address: it is kept after the person is erased
                alertStore.suppress(envelope.addressHash(), "hard bounce: SMTP " + status, now);
                tally.add(Metric.MAIL_SUPPRESSED, "smtp");
            }
            LOG.warn("alerts: message={} refused for good: SMTP {}", envelope.messageId(), status);
            store.end(envelope.id(), owner, "failed", failure.getMessage());
            return Outcome.REFUSED;
        }
        if (!now.isBefore(envelope.createdAt().plus(GIVE_UP))) {
            LOG.warn("alerts: message={} given up after 72 h: SMTP {}", envelope.messageId(), status);
            store.end(envelope.id(), owner, "failed", "given up after 72 h: " + failure.getMessage());
        } else {
            LOG.info("alerts: message={} deferred: {}", envelope.messageId(), failure.replyCode().isPresent() ? "SMTP " + status
                    : failure.getMessage());
            store.retry(envelope.id(), owner, now.plus(backoff(envelope.attempts())), failure.getMessage());
            tally.add(Metric.MAIL_DEFERRED, "");
        }
        return Outcome.DEFERRED;
    }

    private static String status(MailException failure) {
        return failure.replyCode().isEmpty() ? "(no answer)"
                : failure.replyCode().getAsInt() + failure.enhancedStatus().map(e -> " " + e).orElse("");
    }

    /** 1 min, 2, 4 … up to 6 h, each ±50 % at random, so that many failed messages do not return together. */
    static Duration backoff(int attempts) {
        long base = FIRST_RETRY.toMillis() << Math.min(20, Math.max(0, attempts - 1));
        base = Math.min(base, LONGEST_RETRY.toMillis());
        return Duration.ofMillis((long) (base * (0.5 + ThreadLocalRandom.current().nextDouble())));
    }

    /** A 5.1.x enhanced status (bad destination mailbox), or a 551/553 answer without one; a bare 550 may be policy. */
    static boolean badMailbox(MailException failure) {
        Optional<String> enhanced = failure.enhancedStatus();
        if (enhanced.isPresent()) {
            return enhanced.get().startsWith("5.1.");
        }
        int code = failure.replyCode().orElse(0);
        return code == 551 || code == 553;
    }

    /** The relay refusing us rather than the message: login or TLS required or refused (530, 534, 535, 538, 5.7.0, 5.7.8). */
    static boolean relayTrouble(MailException failure) {
        int code = failure.replyCode().orElse(0);
        String enhanced = failure.enhancedStatus().orElse("");
        return code == 530 || code == 534 || code == 535 || code == 538 || enhanced.equals("5.7.0") || enhanced.equals("5.7.8");
    }

    /** Keeps the breaker: failures in a row open it, a success closes it. */
    private void settle(Outcome outcome, DeliveryStore.Envelope envelope) {
        if (outcome == Outcome.SENT || outcome == Outcome.REFUSED) {
            // a refusal is an answer: the relay is up
            sent += outcome == Outcome.SENT ? 1 : 0;
            failuresInARow = 0;
            pause = FIRST_PAUSE;
            return;
        }
        if (outcome == Outcome.NOT_WANTED) {
            return;
        }
        failuresInARow++;
        if (failuresInARow >= BREAKER_FAILURES) {
            pausedUntil = clock.instant().plus(pause);
            LOG.warn("alerts: {} sends failed in a row (last message={}); pausing all sending until {}", failuresInARow,
                    envelope.messageId(), pausedUntil);
            pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
        }
    }

    /** Whether sending is paused because the relay seems down. */
    public boolean paused() {
        return clock.instant().isBefore(pausedUntil);
    }

    /** Messages sent since start. */
    public long sent() {
        return sent;
    }

    /** Stops taking new rounds; completes once the round in flight has finished. */
    public Future<Void> stop() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(ignored -> {
            stopped = true;
            idle = done;
            settled();
        });
        return done.future().compose(idle -> workers.close());
    }
}
