package uk.org.perusupportgroup.quipu.alert;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.org.perusupportgroup.quipu.RunningServer;
import uk.org.perusupportgroup.quipu.TestServer;

/** With the mail relay down, /health warns (the service still serves) and /metrics counts what waits in the outbox. */
class AlertHealthIT {

    /** A relay that is down: a port nothing listens on. */
    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(() -> Map.of("QUIPU_MAIL_SMTP_HOST", "127.0.0.1",
            "QUIPU_MAIL_SMTP_PORT", Integer.toString(closedPort()), "QUIPU_MAIL_SMTP_STARTTLS", "false"), running -> server = running);
    private static TestServer server;

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aRelayThatIsDownIsAWarningAndNothingIsLost() throws Exception {
        assertEquals("up", new JsonObject(server.get("/health").body()).getJsonObject("checks").getJsonObject("alerts")
                .getString("status"));
        for (int i = 0; i < 5; i++) {
            server.send(server.request("/subscriptions").header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("email=person" + i + "%40example.org&query=mining")).build());
        }
        await("five failures in a row pause sending").atMost(Duration.ofSeconds(10))
                .until(() -> server.runAlerts().getString("relay").equals("paused"));
        server.runAlerts();
        var health = server.get("/health");
        assertEquals(200, health.statusCode(), "still serving");
        JsonObject alerts = new JsonObject(health.body()).getJsonObject("checks").getJsonObject("alerts");
        assertEquals("warn", alerts.getString("status"));
        assertTrue(alerts.getJsonArray("problems").getString(0).contains("mail relay is not answering"), alerts.encode());
        String metrics = server.get("/metrics").body();
        assertTrue(metrics.contains("quipu_outbox_messages{state=\"pending\"} 5.0"), metrics);
        assertTrue(metrics.contains("quipu_subscriptions{state=\"pending\"} 5.0"), metrics);
    }
}
