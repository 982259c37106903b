package uk.org.perusupportgroup.quipu.aggregate;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Politeness per host: at most one request at a time, the next one starting at least an interval
 * after the last one ended, and none while the host's Retry-After lasts. Used from one event-loop
 * context only.
 */
final class HostGate {

    private final Vertx vertx;
    private final long intervalMillis;
    /** A Retry-After up to this long is waited for; a longer one defers the request. */
    static final Duration PATIENCE = Duration.ofSeconds(10);
    private final Map<String, Lane> lanes = new HashMap<>();
    /** Hosts that asked to be left alone (Retry-After): no request before this time, in epoch millis. */
    private final Map<String, Long> notBefore = new HashMap<>();
    private final Map<String, Integer> askedBy = new HashMap<>();

    HostGate(Vertx vertx, Duration interval) {
        this.vertx = vertx;
        this.intervalMillis = interval.toMillis();
    }

    /** The last request to each host chains the next one. */
    private static final class Lane {
        Future<?> tail = Future.succeededFuture();
        long lastEnd;
        int waiting;
    }

    /** No request to the host before {@code wait} has passed (its Retry-After), whichever source asks. */
    void delay(String host, Duration wait, int status) {
        long until = System.currentTimeMillis() + wait.toMillis();
        notBefore.merge(host, until, Math::max);
        askedBy.put(host, status);
    }

    /**
     * Runs the task when the host's turn comes. While the host's Retry-After lasts longer than
     * {@code patience}, fails at once with a {@link FetchException} saying until when, rather than
     * queueing for it: when the request joins the queue, and again when its turn comes.
     */
    <T> Future<T> run(String host, Supplier<Future<T>> task) {
        Optional<FetchException> deferred = deferred(host);
        if (deferred.isPresent()) {
            return Future.failedFuture(deferred.get());
        }
        Lane lane = lanes.computeIfAbsent(host, h -> new Lane());
        lane.waiting++;
        Promise<T> result = Promise.promise();
        Future<?> previous = lane.tail;
        lane.tail = result.future().<Void>transform(ignored -> Future.succeededFuture());
        previous.onComplete(ignored -> {
            // the request before this one may have brought a Retry-After
            Optional<FetchException> now = deferred(host);
            if (now.isPresent()) {
                done(host, lane);
                result.fail(now.get());
                return;
            }
            long wait = Math.max(lane.lastEnd == 0 ? 0 : lane.lastEnd + intervalMillis - System.currentTimeMillis(),
                    notBefore.getOrDefault(host, 0L) - System.currentTimeMillis());
            Runnable start = () -> {
                Future<T> started;
                try {
                    started = task.get();
                } catch (RuntimeException e) {
                    started = Future.failedFuture(e);
                }
                started.onComplete(outcome -> {
                    lane.lastEnd = System.currentTimeMillis();
                    done(host, lane);
                    result.handle(outcome);
                });
            };
            if (wait > 0) {
                vertx.setTimer(wait, t -> start.run());
            } else {
                start.run();
            }
        });
        return result.future();
    }

    /** A request leaves the lane; an idle lane is kept only while its interval still matters. */
    private void done(String host, Lane lane) {
        if (--lane.waiting == 0 && lanes.get(host) == lane) {
            vertx.setTimer(Math.max(1, intervalMillis), t -> {
                if (lane.waiting == 0 && lanes.get(host) == lane) {
                    lanes.remove(host);
                }
            });
        }
    }

    /** The refusal for a host whose Retry-After lasts longer than the patience; forgets one that is over. */
    private Optional<FetchException> deferred(String host) {
        long now = System.currentTimeMillis();
        long until = notBefore.getOrDefault(host, 0L);
        if (until <= now) {
            notBefore.remove(host);
            askedBy.remove(host);
            return Optional.empty();
        }
        if (until - now <= PATIENCE.toMillis()) {
            return Optional.empty();
        }
        int status = askedBy.getOrDefault(host, 429);
        return Optional.of(new FetchException("not fetched: " + host + " answered HTTP " + status
                + " with a Retry-After asking for no requests until " + java.time.Instant.ofEpochMilli(until), Optional.of(status),
                Optional.of(Duration.ofMillis(until - now))));
    }
}
