package uk.org.perusupportgroup.quipu;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/** Waiting for mail at a test's GreenMail server: the one await helper of the integration tests. */
public final class Mailboxes {

    /** How long a test waits for mail before it fails. */
    public static final Duration PATIENCE = Duration.ofSeconds(15);

    private Mailboxes() {}

    /** The messages {@code smtp} received for {@code address}, oldest first, once there are at least {@code count}. */
    public static List<MimeMessage> await(GreenMailExtension smtp, String address, int count) {
        return List.of(Awaitility.await(count + " messages for " + address).atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(50)).until(() -> smtp.getReceivedMessagesForDomain(address), r -> r.length >= count));
    }

    /** Every message {@code smtp} received, once there are at least {@code count}. */
    public static List<MimeMessage> awaitAll(GreenMailExtension smtp, int count, Duration patience) {
        return List.of(Awaitility.await(count + " messages in all").atMost(patience).pollInterval(Duration.ofMillis(100))
                .until(smtp::getReceivedMessages, r -> r.length >= count));
    }
}
