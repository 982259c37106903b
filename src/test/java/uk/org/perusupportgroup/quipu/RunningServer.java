package uk.org.perusupportgroup.quipu;

import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a {@link TestServer} before a test class's tests and closes it after them, whatever happened between: the
 * start and stop every integration test needs, in one place.
 *
 * <pre>{@code
 * @RegisterExtension
 * @Order(2)   // after the extensions its settings read, such as a GreenMail server's port
 * static final RunningServer SERVER = new RunningServer(() -> Map.of("QUIPU_…", "…"), running -> server = running);
 * private static TestServer server;
 * }</pre>
 */
public final class RunningServer implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<Map<String, String>> env;
    private final Clock clock;
    private final Consumer<TestServer> started;
    private TestServer server;

    /**
     * @param env the server's settings, read when it starts (so they may name ports of servers started before it)
     * @param started given the running server, before the class's {@code @BeforeAll} methods run
     */
    public RunningServer(Supplier<Map<String, String>> env, Consumer<TestServer> started) {
        this(env, Clock.systemUTC(), started);
    }

    /** @param clock the service's clock (a test may move it) */
    public RunningServer(Supplier<Map<String, String>> env, Clock clock, Consumer<TestServer> started) {
        this.env = env;
        this.clock = clock;
        this.started = started;
    }

    /** With the default settings of {@link TestServer}. */
    public RunningServer(Consumer<TestServer> started) {
        this(Map::of, started);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = TestServer.start(env.get(), clock);
        started.accept(server);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
