package uk.org.perusupportgroup.quipu.alert;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.org.perusupportgroup.quipu.alert.AlertsIT.link;
import static uk.org.perusupportgroup.quipu.alert.AlertsIT.local;
import static uk.org.perusupportgroup.quipu.alert.AlertsIT.text;

import io.vertx.core.json.JsonObject;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.org.perusupportgroup.quipu.RunningServer;
import uk.org.perusupportgroup.quipu.TestServer;

/**
 * Without an SMTP server Quipu writes its mail as .eml files in the data directory: erasing a subscriber deletes the
 * files of every message to that address too, and no one else's. Through the running service, its links and files.
 */
class ErasedMailCopiesIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(() -> Map.of("QUIPU_BASE_URL", "https://alerts.example.org",
            "QUIPU_ALERTS_SIGNUPS_PER_HOUR", "1000"), running -> {
                server = running;
                mail = running.dir.resolve("data").resolve("mail");
            });
    private static TestServer server;
    private static Path mail;

    @Test
    void erasureDeletesTheFilesOfEveryMessageToTheAddress() throws Exception {
        String erased = "Leaving@example.org";
        String staying = "staying@example.org";
        String manage = confirmed(erased, "tia maria");
        confirmed(staying, "tia maria");
        assertEquals(303, post(manage, "action=data-link").statusCode());
        StringBuilder texts = new StringBuilder();
        for (MimeMessage message : awaitMail(erased, 2)) {
            texts.append(text(message));
        }
        String data = local(link(texts.toString(), "/subscriptions/data?token="));
        assertEquals(2, messagesTo(erased).size(), "a confirmation and the data link");

        HttpResponse<String> done = post(data, "sure=yes");
        assertEquals(200, done.statusCode(), done.body());

        assertEquals(List.of(), messagesTo(erased), "no copy of a message to the erased address is left");
        assertEquals(1, messagesTo(staying).size(), "another subscriber's confirmation stays");
    }

    /** Subscribes and confirms by the link in the written file; returns the manage link. */
    private static String confirmed(String address, String query) throws Exception {
        HttpResponse<String> requested = server.send(server.request("/subscriptions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("email", address).put("query", query)
                        .put("frequency", "immediate").encode())).build());
        assertEquals(202, requested.statusCode(), requested.body());
        HttpResponse<String> confirmed = post(local(link(text(awaitMail(address, 1).get(0)), "/subscriptions/confirm?token=")), "");
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        return local(link(confirmed.body().replace("&amp;", "&"), "/subscriptions/manage?token="));
    }

    private static HttpResponse<String> post(String path, String form) {
        return server.send(server.request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    /** The written messages to {@code address}, oldest first, waiting up to 15 s until there are {@code count}. */
    private static List<MimeMessage> awaitMail(String address, int count) {
        return await(count + " files for " + address).atMost(Duration.ofSeconds(15))
                .until(() -> messagesTo(address), found -> found.size() >= count);
    }

    private static List<MimeMessage> messagesTo(String address) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        if (!Files.isDirectory(mail)) {
            return found;
        }
        List<Path> files;
        try (Stream<Path> listed = Files.list(mail)) {
            files = listed.filter(f -> f.toString().endsWith(".eml")).sorted().toList();
        }
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
                if (message.getHeader("To", ",").equalsIgnoreCase(address)) {
                    found.add(message);
                }
            }
        }
        return found;
    }
}
