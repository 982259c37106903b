package uk.org.perusupportgroup.quipu.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.org.perusupportgroup.quipu.mail.Messages.HTML;
import static uk.org.perusupportgroup.quipu.mail.Messages.MESSAGE_ID;
import static uk.org.perusupportgroup.quipu.mail.Messages.TEXT;
import static uk.org.perusupportgroup.quipu.mail.Messages.lf;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;

@ExtendWith(VertxExtension.class)
class SmtpMailerTest {

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    private static SmtpMailer mailer(Vertx vertx, int port) {
        return new SmtpMailer(vertx, new QuipuConfig.Smtp("127.0.0.1", port, false, "", ""), Messages.FROM);
    }

    @Test
    void sendsMultipartAlternativeWithListHeadersAndOurMessageId(Vertx vertx, VertxTestContext ctx) {
        SmtpMailer mailer = mailer(vertx, GREEN_MAIL.getSmtp().getPort());
        mailer.send(Messages.alert()).onComplete(ctx.succeeding(sent -> {
            ctx.verify(SmtpMailerTest::receivedTheAlert);
            mailer.close().onComplete(ctx.succeedingThenComplete());
        }));
    }

    @Test
    void sendsItsEnvelopeSenderAsMailFrom(Vertx vertx, VertxTestContext ctx) {
        SmtpMailer mailer = mailer(vertx, GREEN_MAIL.getSmtp().getPort());
        mailer.send(Messages.alert().withEnvelopeFrom("bounces+7-abcdefghijklmnop@example.org")).onComplete(ctx.succeeding(sent -> {
            ctx.verify(() -> {
                MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
                assertEquals(1, received.length);
                // GreenMail records MAIL FROM as the Return-Path, as a delivering server does
                assertEquals("<bounces+7-abcdefghijklmnop@example.org>", received[0].getHeader("Return-Path", null));
                Messages.assertIsTheAlert(received[0], sent(TEXT), sent(HTML));
            });
            mailer.close().onComplete(ctx.succeedingThenComplete());
        }));
    }

    private static void receivedTheAlert() throws Exception {
        MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
        assertEquals(1, received.length);
        Messages.assertIsTheAlert(received[0], sent(TEXT), sent(HTML));
    }

    @Test
    void signsWithDkimCoveringTheListUnsubscribeFields(Vertx vertx, VertxTestContext ctx) throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair pair = generator.generateKeyPair();
        Path key = java.nio.file.Files.createTempFile("dkim", ".pem");
        java.nio.file.Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        SmtpMailer mailer = new SmtpMailer(vertx, new QuipuConfig.Smtp("127.0.0.1", GREEN_MAIL.getSmtp().getPort(), false, "", ""),
                Messages.FROM, Optional.of(new QuipuConfig.Dkim("example.org", "quipu", key)));
        mailer.send(Messages.alert()).onComplete(ctx.succeeding(sent -> {
            ctx.verify(() -> {
                MimeMessage received = GREEN_MAIL.getReceivedMessages()[0];
                java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
                received.writeTo(raw);
                java.util.Map<String, String> tags = DkimVerifier.verify(raw.toString(java.nio.charset.StandardCharsets.UTF_8),
                        pair.getPublic());
                assertEquals("example.org", tags.get("d"));
                assertEquals("quipu", tags.get("s"));
                String signed = tags.get("h").toLowerCase(java.util.Locale.ROOT);
                assertTrue(signed.contains("list-unsubscribe") && signed.contains("list-unsubscribe-post"), signed);
            });
            mailer.close().onComplete(ctx.succeedingThenComplete());
        }));
    }

    @Test
    void withSmtpMailersSendsThroughIt(Vertx vertx, VertxTestContext ctx) {
        var smtp = new QuipuConfig.Smtp("127.0.0.1", GREEN_MAIL.getSmtp().getPort(), false, "", "");
        Mailer mailer = Mailers.create(vertx, new QuipuConfig.Mail(Optional.of(smtp), Messages.FROM),
                Path.of("unused"));
        SmtpMailer smtpMailer = assertInstanceOf(SmtpMailer.class, mailer);
        mailer.send(Messages.alert()).onComplete(ctx.succeeding(sent -> {
            ctx.verify(() -> assertEquals(1, GREEN_MAIL.getReceivedMessages().length));
            smtpMailer.close().onComplete(ctx.succeedingThenComplete());
        }));
    }

    @Test
    void sendsTextOnlyWhenThereIsNoHtml(Vertx vertx, VertxTestContext ctx) {
        SmtpMailer mailer = mailer(vertx, GREEN_MAIL.getSmtp().getPort());
        MailMessage plain = new MailMessage(Messages.FROM, List.of(Messages.TO, "second@example.org"), "Plain",
                TEXT, Optional.empty(), Messages.listHeaders(), MESSAGE_ID);
        mailer.send(plain).onComplete(ctx.succeeding(sent -> {
            ctx.verify(() -> {
                MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
                assertEquals(2, received.length, "one copy per recipient mailbox");
                assertTrue(received[0].isMimeType("text/plain"), received[0].getContentType());
                assertEquals(sent(TEXT), lf((String) received[0].getContent()));
                assertEquals(2, received[0].getRecipients(Message.RecipientType.TO).length);
            });
            mailer.close().onComplete(ctx.succeedingThenComplete());
        }));
    }

    /** Vert.x Mail's encoder lets the boundary (or the end of DATA) take a body's final line break. */
    private static String sent(String body) {
        return body.endsWith("\n") ? body.substring(0, body.length() - 1) : body;
    }

    @Test
    void refusedConnectionIsTransient(Vertx vertx, VertxTestContext ctx) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        SmtpMailer mailer = mailer(vertx, closedPort);
        mailer.send(Messages.alert()).onComplete(ctx.failing(e -> ctx.verify(() -> {
            MailException failure = assertInstanceOf(MailException.class, e);
            assertFalse(failure.permanent(), failure.getMessage());
            assertEquals(OptionalInt.empty(), failure.replyCode());
            assertTrue(failure.getMessage().contains(MESSAGE_ID), failure.getMessage());
            mailer.close().onComplete(ctx.succeedingThenComplete());
        })));
    }

    @Test
    void unknownUserIsPermanentWithItsReplyCode(Vertx vertx, VertxTestContext ctx) throws IOException {
        SmtpStub stub = new SmtpStub("550 5.1.1 no such user");
        SmtpMailer mailer = mailer(vertx, stub.port());
        mailer.send(Messages.alert()).onComplete(ctx.failing(e -> ctx.verify(() -> {
            MailException failure = assertInstanceOf(MailException.class, e);
            assertTrue(failure.permanent(), failure.getMessage());
            assertEquals(OptionalInt.of(550), failure.replyCode());
            assertTrue(failure.getMessage().contains("no such user"), failure.getMessage());
            assertEquals("EHLO perusupportgroup.org.uk", stub.commands().get(0), "EHLO names the sender's domain");
            assertTrue(stub.commands().contains("RCPT TO:<reader@example.org>"), stub.commands().toString());
            mailer.close().onComplete(closed -> {
                closeQuietly(stub);
                ctx.completeNow();
            });
        })));
    }

    @Test
    void mailboxBusyIsTransientWithItsReplyCode(Vertx vertx, VertxTestContext ctx) throws IOException {
        SmtpStub stub = new SmtpStub("451 4.3.0 try again later");
        SmtpMailer mailer = mailer(vertx, stub.port());
        mailer.send(Messages.alert()).onComplete(ctx.failing(e -> ctx.verify(() -> {
            MailException failure = assertInstanceOf(MailException.class, e);
            assertFalse(failure.permanent(), failure.getMessage());
            assertEquals(OptionalInt.of(451), failure.replyCode());
            mailer.close().onComplete(closed -> {
                closeQuietly(stub);
                ctx.completeNow();
            });
        })));
    }

    @Test
    void domainOfAddress() {
        assertEquals(Optional.of("perusupportgroup.org.uk"), SmtpMailer.domainOf(Messages.FROM));
        assertEquals(Optional.of("example.org"), SmtpMailer.domainOf("a@example.org"));
        assertEquals(Optional.empty(), SmtpMailer.domainOf("nobody"));
    }

    private static void closeQuietly(SmtpStub stub) {
        try {
            stub.close();
        } catch (IOException e) {
            // the test's outcome is already decided
        }
    }
}
