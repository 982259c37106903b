package uk.org.perusupportgroup.quipu.web;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The threads searches and previews run on: as many as half the cores, each busy at most {@link #SHARE} of the time over
 * any stretch longer than a second (a budget of busy time, refilled as time passes; a search that finds it spent waits
 * for it), so that however many searches come at once, from however many addresses, they take at most a quarter of the
 * machine and the event loops keep the rest for feeds. At most {@link #WAITING} are under way or waiting their turn;
 * more are answered {@code 503} with {@code Retry-After} at once. Shared by every event loop.
 */
public final class SearchWorkers {

    static final int WAITING = 200;
    /** The share of each search thread's time that searches may keep it busy, once the burst allowance is spent. */
    static final double SHARE = 0.5;
    /** Busy time searches may take at once, per thread, before the share holds them back. */
    static final long BURST_NANOS = 1_000_000_000L;

    private final WorkerExecutor workers;
    private final AtomicInteger waiting = new AtomicInteger();
    private final int most;
    private final int threads;
    /** Busy time in hand, in nanoseconds (negative: owed), as of {@link #budgetAt}; guarded by this. */
    private long budget;
    private long budgetAt = System.nanoTime();

    public SearchWorkers(Vertx vertx, int threads) {
        this(vertx, threads, WAITING);
    }

    /** @param most how many searches may be under way or waiting at once */
    SearchWorkers(Vertx vertx, int threads, int most) {
        this.workers = vertx.createSharedWorkerExecutor("quipu-search", threads);
        this.most = most;
        this.threads = threads;
        this.budget = BURST_NANOS * threads;
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
            ErrorResponder.send(ctx, Problem.error(503, "searches_busy"));
            return;
        }
        Blocking.run(ctx, workers, () -> {
            try {
                awaitBudget();
                long start = System.nanoTime();
                try {
                    return work.call();
                } finally {
                    spend(System.nanoTime() - start);
                }
            } finally {
                waiting.decrementAndGet();
            }
        }, respond);
    }

    /** Waits, on the search thread, until the busy-time budget is no longer owed. */
    private void awaitBudget() throws InterruptedException {
        long owed;
        while ((owed = owed(System.nanoTime())) > 0) {
            Thread.sleep(Math.max(1, owed / 1_000_000));
        }
    }

    /** How much busy time is owed now (0 when some is in hand), after the refill since the last look. */
    private synchronized long owed(long now) {
        budget = Math.min(BURST_NANOS * threads, budget + (long) ((now - budgetAt) * SHARE * threads));
        budgetAt = now;
        return budget >= 0 ? 0 : (long) (-budget / (SHARE * threads));
    }

    private synchronized void spend(long nanos) {
        owed(System.nanoTime());
        budget -= nanos;
    }
}
