package uk.org.perusupportgroup.quipu.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The bounce and complaint fixtures of {@code src/test/resources/mail/reports/}: real shapes of Postfix, Exim, Exchange,
 * RFC 5965 and Yahoo reports, with {@code {{token}}}, {@code {{recipient}}} and {@code {{id}}} filled in by each test.
 */
public final class ReportFixtures {

    /** The bounce address the fixtures are written for. */
    public static final String BOUNCE_ADDRESS = "bounces@psg.example";

    private ReportFixtures() {}

    /**
     * @param token the VERP token of {@code bounces+TOKEN@psg.example}
     * @param recipient the address the returned message went to
     * @param id the local part of the report's Message-ID: one report, one id
     */
    public static byte[] load(String name, String token, String recipient, String id) {
        try (InputStream in = ReportFixtures.class.getResourceAsStream("/mail/reports/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replace("{{token}}", token).replace("{{recipient}}", recipient).replace("{{id}}", id)
                    .replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
