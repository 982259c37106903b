package uk.org.perusupportgroup.quipu.web;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The threads searches and previews run on: as many as half the cores, so that however many searches come at once
 * (from however many addresses) the event loops keep the rest of the machine for feeds; at most {@link #WAITING} are
 * under way or waiting their turn, and more are answered {@code 503} with {@code Retry-After} at once. Shared by every event loop.
 */
public final class SearchWorkers {

    static final int WAITING = 200;

    private final WorkerExecutor workers;
    private final AtomicInteger waiting = new AtomicInteger();
    private final int most;

    public SearchWorkers(Vertx vertx, int threads) {
        this(vertx, threads, WAITING);
    }

    /** @param most how many searches may be under way or waiting at once */
    SearchWorkers(Vertx vertx, int threads, int most) {
        this.workers = vertx.createSharedWorkerExecutor("quipu-search", threads);
        this.most = most;
    }

    /** Half the cores, at least one. */
    public static int threadsFor(int cores) {
        return Math.max(1, cores / 2);
    }

    /** How many searches are under way or waiting now. */
    int waiting() {
        return waiting.get();
    }

    <T> void run(RoutingContext ctx, Callable<T> work, Consumer<T> respond) {
        if (waiting.incrementAndGet() > most) {
            waiting.decrementAndGet();
            ctx.response().putHeader("Retry-After", "5");
            ErrorResponder.send(ctx, Problem.of(503, "too many searches at once on this server: try again in a few seconds"));
            return;
        }
        Blocking.run(ctx, workers, () -> {
            try {
                return work.call();
            } finally {
                waiting.decrementAndGet();
            }
        }, respond);
    }
}
