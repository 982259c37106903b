package uk.org.perusupportgroup.quipu.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.org.perusupportgroup.quipu.RunningServer;
import uk.org.perusupportgroup.quipu.TestServer;

/** The running service has its daily clean-up wired to its database and settings: once a day, and /health quiet. */
class CleanUpIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(() -> Map.of("QUIPU_RETENTION_MATCHES", "120d"),
            running -> server = running);
    private static TestServer server;

    @Test
    void theServersCleanUpRunsOnceADayOverEveryRetention() {
        JsonObject done = server.runCleanUp();
        assertEquals(List.of("unsubscribed addresses erased", "unsubscribed alerts", "lapsed requests", "messages",
                "deliveries", "matches", "removed articles"), List.copyOf(done.fieldNames()));
        assertEquals(Map.of(), server.runCleanUp().getMap(), "done for the day");
        assertFalse(server.get("/health").body().contains("clean-up"), server.get("/health").body());
        assertEquals(120, server.config.retention().matches().toDays());
    }
}
