package uk.org.perusupportgroup.quipu.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the database every few seconds whether it answers, so that {@code /health} can say at once, even while the
 * database is away and every connection attempt waits for its timeout; logs when it goes and when it is back. The pool
 * itself reconnects: this only watches.
 */
public final class DatabaseWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseWatch.class);

    /**
     * What the last check found.
     *
     * @param since when the database last went away or came back (or the watch began)
     * @param problem why it does not answer; empty when it does
     */
    public record State(Instant since, Optional<String> problem) {

        public boolean up() {
            return problem.isEmpty();
        }
    }

    private final Supplier<Optional<String>> check;
    private final Clock clock;
    private final Thread thread;
    private volatile State state;
    private volatile boolean running = true;

    private DatabaseWatch(Supplier<Optional<String>> check, Duration every, Clock clock) {
        this.check = check;
        this.clock = clock;
        this.state = new State(clock.instant(), Optional.empty());
        this.thread = new Thread(() -> watch(every), "quipu-database-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** @param check empty when the database answers, else what went wrong (it may block while the database is away) */
    public static DatabaseWatch start(Supplier<Optional<String>> check, Duration every, Clock clock) {
        return new DatabaseWatch(check, every, clock);
    }

    public State state() {
        return state;
    }

    private void watch(Duration every) {
        while (running) {
            Optional<String> problem;
            try {
                problem = check.get();
            } catch (RuntimeException e) {
                problem = Optional.of(String.valueOf(e.getMessage()));
            }
            State last = state;
            if (problem.isPresent() && last.up()) {
                LOG.error("database: not answering: {}; requests that need it answer 503 until it is back", problem.get());
                state = new State(clock.instant(), problem);
            } else if (problem.isEmpty() && !last.up()) {
                Instant now = clock.instant();
                LOG.info("database: answering again after {} s", Duration.between(last.since(), now).toSeconds());
                state = new State(now, problem);
            } else if (problem.isPresent()) {
                state = new State(last.since(), problem);   // still away: the newest reason
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
