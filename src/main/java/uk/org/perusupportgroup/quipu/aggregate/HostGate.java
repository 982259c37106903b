package uk.org.perusupportgroup.quipu.aggregate;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Politeness per host: at most one request at a time, and requests started at least an interval
 * apart. Used from one event-loop context only.
 */
final class HostGate {

    private final Vertx vertx;
    private final long intervalMillis;
    private final Map<String, Lane> lanes = new HashMap<>();

    HostGate(Vertx vertx, Duration interval) {
        this.vertx = vertx;
        this.intervalMillis = interval.toMillis();
    }

    /** The last request to each host chains the next one. */
    private static final class Lane {
        Future<?> tail = Future.succeededFuture();
        long lastStart;
        int waiting;
    }

    <T> Future<T> run(String host, Supplier<Future<T>> task) {
        Lane lane = lanes.computeIfAbsent(host, h -> new Lane());
        lane.waiting++;
        Promise<T> result = Promise.promise();
        Future<?> previous = lane.tail;
        lane.tail = result.future().<Void>transform(ignored -> Future.succeededFuture());
        previous.onComplete(ignored -> {
            long wait = lane.lastStart == 0 ? 0 : lane.lastStart + intervalMillis - System.currentTimeMillis();
            Runnable start = () -> {
                lane.lastStart = System.currentTimeMillis();
                Future<T> started;
                try {
                    started = task.get();
                } catch (RuntimeException e) {
                    started = Future.failedFuture(e);
                }
                started.onComplete(outcome -> {
                    if (--lane.waiting == 0 && lanes.get(host) == lane) {
                        // an idle lane is kept only while its interval still matters
                        vertx.setTimer(Math.max(1, intervalMillis), t -> {
                            if (lane.waiting == 0 && lanes.get(host) == lane) {
                                lanes.remove(host);
                            }
                        });
                    }
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
}
