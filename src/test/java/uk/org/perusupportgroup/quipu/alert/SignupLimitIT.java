package uk.org.perusupportgroup.quipu.alert;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.org.perusupportgroup.quipu.RunningServer;
import uk.org.perusupportgroup.quipu.TestServer;

/**
 * Nobody can mail-bomb a victim through the sign-up: per client address, 429 with Retry-After past the hourly allowance;
 * per subscriber address, at most 3 confirmation emails a day and the same 202 after that. With no SMTP configured,
 * mail is written as .eml files, which this test counts.
 */
class SignupLimitIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(() -> Map.of("QUIPU_ALERTS_SIGNUPS_PER_HOUR", "6"),
            running -> server = running);
    private static TestServer server;

    private static HttpResponse<String> subscribe(String email) {
        return server.send(server.request("/subscriptions").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("email=" + email + "&query=mining&frequency=daily&language=en")).build());
    }

    private static List<String> mails() throws IOException, InterruptedException {
        Path dir = server.config.dataDir().resolve("mail");
        server.runAlerts();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".eml")).map(p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    @Test
    void behindAProxyTheClientIsTheForwardedAddress() throws Exception {
        try (TestServer proxied = TestServer.start(Map.of("QUIPU_ALERTS_SIGNUPS_PER_HOUR", "1", "QUIPU_HTTP_BEHIND_PROXY", "true"))) {
            java.util.function.BiFunction<String, String, Integer> post = (client, email) -> proxied.send(proxied.request("/subscriptions")
                    .header("Content-Type", "application/x-www-form-urlencoded").header("X-Forwarded-For", client)
                    .POST(HttpRequest.BodyPublishers.ofString("email=" + email + "&query=mining")).build()).statusCode();
            assertEquals(202, post.apply("203.0.113.1", "a%40example.org"));
            assertEquals(429, post.apply("203.0.113.1", "b%40example.org"), "the same client behind the proxy");
            assertEquals(202, post.apply("203.0.113.2", "c%40example.org"), "another client behind the same proxy");
        }
    }

    @Test
    void pastTheHourlyCapOfConfirmationsSignUpPausesForEveryoneStoresNothingAndHealthSaysSo() throws Exception {
        try (TestServer capped = TestServer.start(Map.of("QUIPU_ALERTS_CONFIRMATIONS_PER_HOUR", "2",
                "QUIPU_HTTP_BEHIND_PROXY", "true"))) {
            java.util.function.BiFunction<String, String, HttpResponse<String>> post = (client, email) -> capped.send(capped
                    .request("/subscriptions").header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Forwarded-For", client)
                    .POST(HttpRequest.BodyPublishers.ofString("email=" + email + "&query=mining")).build());
            assertEquals(202, post.apply("203.0.113.1", "a%40example.org").statusCode());
            assertEquals(202, post.apply("198.51.100.2", "b%40example.org").statusCode());
            HttpResponse<String> paused = post.apply("192.0.2.3", "c%40example.org");
            assertEquals(503, paused.statusCode(), "a third address from a third client: the hour's cap is reached");
            assertEquals("900", paused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(paused.body().contains("sign-up is paused") && paused.body().contains("try again in 15 minutes"),
                    paused.body());
            assertEquals(0, new io.vertx.core.json.JsonObject(capped.api("GET", "/api/subscriptions", null).body())
                    .getJsonObject("subscriptions").getInteger("pending") - 2, "nothing of the third was stored");
            capped.runAlerts();
            String health = capped.get("/health").body();
            assertTrue(health.contains("sign-up is paused") && health.contains("alerts.confirmations-per-hour"), health);
        }
    }

    private static long toVictim() throws IOException, InterruptedException {
        return mails().stream().filter(m -> m.contains("To: victim@example.org")).count();
    }

    @Test
    void perAddressThreeConfirmationsADayThenTheSameAnswerAndNoMailThenPerIp429() throws Exception {
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = subscribe("victim%40example.org");
            assertEquals(202, response.statusCode(), response.body());
            assertTrue(response.body().contains("Check your inbox"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> toVictim() >= 3);
        // for more sender rounds there are still three: a fourth would be written by now
        await("the fourth request sent nothing").during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5))
                .until(() -> toVictim() == 3);

        assertEquals(202, subscribe("other%40example.org").statusCode());
        assertEquals(202, subscribe("third%40example.org").statusCode());
        HttpResponse<String> limited = subscribe("fourth%40example.org");
        assertEquals(429, limited.statusCode(), "7th request from one address in an hour");
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > 3_000 && retryAfter <= 3_600, "about an hour: " + retryAfter);
        assertTrue(limited.body().contains("too many subscription requests"), limited.body());
    }
}
