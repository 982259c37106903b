package uk.org.perusupportgroup.quipu.aggregate;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * A bound on polls under way across all hosts, from the request until the body is stored, so that
 * bodies held in memory stay within a budget however many sources are due at once. Used from one
 * event-loop context only.
 */
final class FetchSlots {

    private int free;
    private final Deque<Promise<Void>> waiting = new ArrayDeque<>();

    FetchSlots(int size) {
        this.free = size;
    }

    /** Room for this many bodies of {@code maxBody} bytes in {@code budget} bytes, between 4 and 64. */
    static int forBudget(long budget, long maxBody) {
        return (int) Math.max(4, Math.min(64, budget / Math.max(1, maxBody)));
    }

    <T> Future<T> run(Supplier<Future<T>> task) {
        Future<Void> slot;
        if (free > 0) {
            free--;
            slot = Future.succeededFuture();
        } else {
            Promise<Void> promise = Promise.promise();
            waiting.add(promise);
            slot = promise.future();
        }
        return slot.compose(ignored -> {
            Future<T> started;
            try {
                started = task.get();
            } catch (RuntimeException e) {
                started = Future.failedFuture(e);
            }
            return started.onComplete(done -> release());
        });
    }

    private void release() {
        Promise<Void> next = waiting.poll();
        if (next != null) {
            next.complete();
        } else {
            free++;
        }
    }
}
