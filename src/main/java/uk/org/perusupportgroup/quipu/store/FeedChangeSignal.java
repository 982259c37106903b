package uk.org.perusupportgroup.quipu.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;

/**
 * Tells the other instances sharing a PostgreSQL database which feeds changed, with {@code NOTIFY}, and hears theirs
 * with {@code LISTEN} on a connection of its own, so that every instance drops the same cached feeds within a moment.
 * After the listening connection was lost, everything is dropped once (notifications may have been missed). On H2
 * (one instance) it does nothing.
 */
public final class FeedChangeSignal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeedChangeSignal.class);
    static final String CHANNEL = "quipu_feeds";
    /** Stands for "every feed": sent when the list of keys would not fit a notification. */
    public static final String EVERYTHING = "*";
    private static final int MAX_PAYLOAD = 7_000;

    private final QuipuConfig.Db db;
    private final DataSource dataSource;
    private final Consumer<Change> onRemoteChange;
    /** This instance's name on its notifications, so that it can pass its own by (it has acted on them already). */
    private final String instance;
    private final Thread listener;
    private volatile boolean running = true;
    /** Why this instance is not hearing the others' changes at the moment; null while it is. */
    private volatile String deaf;

    /**
     * What another instance changed.
     *
     * @param keys the feed scopes whose feeds changed ({@link #EVERYTHING}: all)
     * @param slugs the articles written or deleted ({@link #EVERYTHING}: any)
     */
    public record Change(Set<String> keys, Set<String> slugs) {

        public Change {
            keys = Set.copyOf(keys);
            slugs = Set.copyOf(slugs);
        }

        static final Change ALL = new Change(Set.of(EVERYTHING), Set.of(EVERYTHING));
    }

    private FeedChangeSignal(QuipuConfig.Db db, DataSource dataSource, String instance, Consumer<Change> onRemoteChange) {
        if (instance.contains("|")) {
            throw new IllegalArgumentException("an instance name must not contain '|': " + instance);
        }
        this.db = db;
        this.instance = instance;
        this.dataSource = dataSource;
        this.onRemoteChange = onRemoteChange;
        this.listener = db.isPostgres() ? new Thread(this::listen, "quipu-feed-changes") : null;
        if (listener != null) {
            listener.setDaemon(true);
            listener.start();
        }
    }

    /**
     * @param instance this instance's name, the same as on its leases
     * @param onRemoteChange given what another instance changed, on the listening thread
     */
    public static FeedChangeSignal start(QuipuConfig.Db db, DataSource dataSource, String instance,
            Consumer<Change> onRemoteChange) {
        return new FeedChangeSignal(db, dataSource, instance, onRemoteChange);
    }

    /**
     * Tells the other instances that these feed scopes and articles changed (after the change was committed). Never
     * throws.
     */
    public void publish(Set<String> keys, Set<String> slugs) {
        if (listener == null || keys.isEmpty() && slugs.isEmpty()) {
            return;
        }
        String joined = String.join(" ", keys) + "|" + String.join(" ", slugs);
        String payload = instance + "|" + (joined.length() > MAX_PAYLOAD ? EVERYTHING + "|" + EVERYTHING : joined);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, CHANNEL);
            notify.setString(2, payload);
            notify.execute();
        } catch (SQLException e) {
            // the others' caches still expire within the hour; a warning is the most this deserves
            LOG.warn("feed changes: could not notify the other instances: {}", e.getMessage());
        }
    }

    private void listen() {
        boolean lost = false;
        long backoff = 500;
        while (running) {
            try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password());
                    Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                if (lost) {
                    LOG.info("feed changes: listening again; dropping every cached feed once");
                    onRemoteChange.accept(Change.ALL);
                }
                backoff = 500;
                deaf = null;
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            heard(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                lost = true;
                if (deaf == null) {
                    deaf = "not hearing other instances' changes since " + java.time.Instant.now().truncatedTo(
                            java.time.temporal.ChronoUnit.SECONDS) + " (" + e.getMessage() + "): cached feeds may lag"
                            + " until it listens again";
                }
                LOG.warn("feed changes: listening connection lost ({}); retrying in {} ms", e.getMessage(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }

    /** One line when this instance is not hearing the other instances' changes (none on H2, or while it is). */
    public java.util.List<String> problems() {
        String now = deaf;
        return now == null ? java.util.List.of() : java.util.List.of(now);
    }

    private void heard(String payload) {
        String[] parts = payload.split("\\|", -1);   // instance | scope keys | slugs
        if (parts.length != 3 || parts[0].equals(instance)) {
            return; // our own change: already dropped here
        }
        try {
            onRemoteChange.accept(new Change(words(parts[1]), words(parts[2])));
        } catch (RuntimeException e) {
            // not a lost connection: the next change is heard as usual
            LOG.error("feed changes: acting on another instance's change failed", e);
        }
    }

    private static Set<String> words(String joined) {
        return joined.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(joined.split(" ")));
    }

    @Override
    public void close() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }
}
