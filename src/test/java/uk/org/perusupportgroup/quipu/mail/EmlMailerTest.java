package uk.org.perusupportgroup.quipu.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.org.perusupportgroup.quipu.mail.Messages.HTML;
import static uk.org.perusupportgroup.quipu.mail.Messages.MESSAGE_ID;
import static uk.org.perusupportgroup.quipu.mail.Messages.TEXT;
import static uk.org.perusupportgroup.quipu.mail.Messages.lf;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;

@ExtendWith(VertxExtension.class)
class EmlMailerTest {

    private static final Instant SENT = Instant.parse("2025-03-14T09:30:00Z");

    @TempDir
    Path dir;

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private static MimeMessage parse(Path file) throws IOException, MessagingException {
        try (InputStream in = Files.newInputStream(file)) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }

    @Test
    void writesMultipartAlternativeThatMailProgramsRead(Vertx vertx, VertxTestContext ctx) {
        Path mailDir = dir.resolve("mail");
        EmlMailer mailer = new EmlMailer(vertx, mailDir, at(SENT));
        mailer.send(Messages.alert()).onComplete(ctx.succeeding(sent -> ctx.verify(() -> {
            List<Path> files = files(mailDir);
            assertEquals(List.of(mailDir.resolve(
                    "20250314-093000-20250314093000.a1b2c3@perusupportgroup.org.uk.eml")), files);
            MimeMessage mail = parse(files.get(0));
            assertEquals("Fri, 14 Mar 2025 09:30:00 +0000", mail.getHeader("Date", null));
            assertEquals(SENT, mail.getSentDate().toInstant());
            assertEquals("1.0", mail.getHeader("MIME-Version", null));
            Messages.assertIsTheAlert(mail, TEXT, HTML);
            ctx.completeNow();
        })));
    }

    @Test
    void writesTheEnvelopeSenderAsReturnPathFirst(Vertx vertx, VertxTestContext ctx) {
        Path mailDir = dir.resolve("mail");
        EmlMailer mailer = new EmlMailer(vertx, mailDir, at(SENT));
        mailer.send(Messages.alert().withEnvelopeFrom("bounces+7-abcdefghijklmnop@example.org"))
                .onComplete(ctx.succeeding(sent -> ctx.verify(() -> {
                    Path file = files(mailDir).get(0);
                    assertTrue(Files.readString(file).startsWith("Return-Path: <bounces+7-abcdefghijklmnop@example.org>\r\n"));
                    Messages.assertIsTheAlert(parse(file), TEXT, HTML);
                    ctx.completeNow();
                })));
    }

    @Test
    void withoutAnEnvelopeSenderThereIsNoReturnPath(Vertx vertx, VertxTestContext ctx) {
        Path mailDir = dir.resolve("mail");
        EmlMailer mailer = new EmlMailer(vertx, mailDir, at(SENT));
        mailer.send(Messages.alert()).onComplete(ctx.succeeding(sent -> ctx.verify(() -> {
            assertEquals(null, parse(files(mailDir).get(0)).getHeader("Return-Path"));
            ctx.completeNow();
        })));
    }

    @Test
    void everyLineIsSevenBitAndShortWithCrlfEndings(Vertx vertx, VertxTestContext ctx) {
        String subject = "Alerta: Apurímac – Las Bambas, Cotabambas y Grau: el corredor minero del sur y "
                + "las comunidades quechuas de Chumbivilcas (Cusco) ☂ 𝄞";
        MailMessage message = new MailMessage("Grupo de Apoyo al Perú <alerts@perusupportgroup.org.uk>",
                List.of("Ana \"Nena\" Quispe <ana@example.org>", "Smith, John <john@example.org>"), subject,
                TEXT.repeat(3), Optional.of(HTML), Messages.listHeaders(), MESSAGE_ID);
        new EmlMailer(vertx, dir, at(SENT)).send(message).onComplete(ctx.succeeding(sent -> ctx.verify(() -> {
            Path file = files(dir).get(0);
            String raw = Files.readString(file, StandardCharsets.ISO_8859_1);
            assertTrue(raw.chars().allMatch(c -> c < 0x80), "7-bit");
            assertTrue(raw.replace("\r\n", "").indexOf('\n') < 0 && raw.replace("\r\n", "").indexOf('\r') < 0,
                    "CRLF only");
            for (String line : raw.split("\r\n")) {
                // a longer line is one token that cannot be folded (a URL in List-Unsubscribe)
                boolean unfoldable = line.strip().replaceFirst("^[\\x21-\\x39\\x3B-\\x7E]+: ", "").indexOf(' ') < 0;
                assertTrue(line.length() <= 78 || unfoldable && line.length() <= 998,
                        () -> line.length() + ": " + line);
            }
            MimeMessage mail = parse(file);
            assertEquals(subject, mail.getSubject());
            assertEquals("Grupo de Apoyo al Perú", ((InternetAddress) mail.getFrom()[0]).getPersonal());
            var to = mail.getRecipients(Message.RecipientType.TO);
            assertEquals(2, to.length);
            assertEquals("Ana \"Nena\" Quispe", ((InternetAddress) to[0]).getPersonal());
            assertEquals("Smith, John", ((InternetAddress) to[1]).getPersonal());
            assertEquals("john@example.org", ((InternetAddress) to[1]).getAddress());
            MimeMultipart parts = (MimeMultipart) mail.getContent();
            assertEquals(TEXT.repeat(3), lf((String) parts.getBodyPart(0).getContent()));
            ctx.completeNow();
        })));
    }

    @Test
    void textOnlyMessageIsOneTextPlainPart(Vertx vertx, VertxTestContext ctx) {
        MailMessage message = new MailMessage(Messages.FROM, List.of(Messages.TO), "Plain subject", TEXT,
                Optional.empty(), Map.of(), MESSAGE_ID);
        new EmlMailer(vertx, dir, at(SENT)).send(message).onComplete(ctx.succeeding(sent -> ctx.verify(() -> {
            MimeMessage mail = parse(files(dir).get(0));
            assertEquals("Plain subject", mail.getSubject());
            assertTrue(mail.isMimeType("text/plain"), mail.getContentType());
            assertEquals("UTF-8", new jakarta.mail.internet.ContentType(mail.getContentType()).getParameter("charset"));
            assertEquals(TEXT, lf((String) mail.getContent()));
            ctx.completeNow();
        })));
    }

    @Test
    void sameMessageIdTwiceLeavesOneFile(Vertx vertx, VertxTestContext ctx) {
        MailMessage first = Messages.alert();
        MailMessage retried = new MailMessage(first.from(), first.to(), first.subject(), "Second attempt.\n",
                first.html(), first.headers(), first.messageId());
        new EmlMailer(vertx, dir, at(SENT)).send(first)
                .compose(written -> new EmlMailer(vertx, dir, at(SENT.plusSeconds(90))).send(retried))
                .onComplete(ctx.succeeding(sent -> ctx.verify(() -> {
                    List<Path> files = files(dir);
                    assertEquals(1, files.size(), files.toString());
                    assertTrue(files.get(0).getFileName().toString().startsWith("20250314-093000-"));
                    MimeMultipart parts = (MimeMultipart) parse(files.get(0)).getContent();
                    assertEquals("Second attempt.\n", lf((String) parts.getBodyPart(0).getContent()));
                    ctx.completeNow();
                })));
    }

    @Test
    void differentMessageIdsGetTheirOwnFiles(Vertx vertx, VertxTestContext ctx) {
        MailMessage first = Messages.alert();
        MailMessage other = new MailMessage(first.from(), first.to(), first.subject(), first.text(), first.html(),
                first.headers(), "<x-" + first.messageId().substring(1));
        EmlMailer mailer = new EmlMailer(vertx, dir, at(SENT));
        mailer.send(first).compose(written -> mailer.send(other)).onComplete(ctx.succeeding(sent -> ctx.verify(() -> {
            assertEquals(2, files(dir).size());
            ctx.completeNow();
        })));
    }

    @Test
    void forgettingAnAddressDeletesItsFilesOnly(Vertx vertx) throws IOException {
        MailMessage first = Messages.alert();
        MailMessage again = new MailMessage(first.from(), first.to(), "Second alert", first.text(), first.html(),
                first.headers(), "<2-" + first.messageId().substring(1));
        // a long display name folds the To field; the address is still found after the fold
        MailMessage named = new MailMessage(first.from(), List.of("Ana María Quispe Mamani de la Asociación de Defensa"
                + " Ambiental de Espinar <READER@example.org>"), "Third", first.text(), first.html(), first.headers(),
                "<3-" + first.messageId().substring(1));
        MailMessage other = new MailMessage(first.from(), List.of("reader2@example.org"), first.subject(), first.text(),
                first.html(), first.headers(), "<4-" + first.messageId().substring(1));
        EmlMailer mailer = new EmlMailer(vertx, dir, at(SENT));
        for (MailMessage message : List.of(first, again, named, other)) {
            mailer.write(message);
        }
        Files.writeString(dir.resolve("notes.txt"), "To: reader@example.org\n");

        assertEquals(3, mailer.forget("Reader@Example.org"));

        List<Path> left = files(dir);
        assertEquals(2, left.size(), left.toString());
        assertTrue(left.stream().anyMatch(f -> f.getFileName().toString().equals("notes.txt")), "only .eml files are touched");
        assertEquals(List.of("reader2@example.org"), EmlMailer.recipients(left.stream()
                .filter(f -> f.toString().endsWith(".eml")).findFirst().orElseThrow()));
        assertEquals(0, mailer.forget("reader@example.org"), "nothing left to delete");
        assertEquals(0, new EmlMailer(vertx, dir.resolve("never-written")).forget("reader@example.org"));
    }

    @Test
    void unwritableDirectoryFailsTransiently(Vertx vertx, VertxTestContext ctx) throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("mail"), "a file where the directory should be");
        EmlMailer mailer = new EmlMailer(vertx, notADirectory, at(SENT));
        mailer.send(Messages.alert()).onComplete(ctx.failing(e -> ctx.verify(() -> {
            MailException failure = assertInstanceOf(MailException.class, e);
            assertTrue(!failure.permanent() && failure.replyCode().isEmpty(), failure.getMessage());
            ctx.completeNow();
        })));
    }

    @Test
    void withoutSmtpMailersWritesToTheDataDirectory(Vertx vertx, VertxTestContext ctx) {
        Mailer mailer = Mailers.create(vertx, new QuipuConfig.Mail(Optional.empty(), Messages.FROM), dir);
        assertInstanceOf(EmlMailer.class, mailer);
        mailer.send(Messages.alert()).onComplete(ctx.succeeding(sent -> ctx.verify(() -> {
            assertEquals(1, files(dir.resolve("mail")).size());
            ctx.completeNow();
        })));
    }

    @Test
    void headerInjectionThroughTheSubjectIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MailMessage(Messages.FROM, List.of(Messages.TO), "Alerta\r\nBcc: everyone@example.org",
                        TEXT, Optional.empty(), Map.of(), MESSAGE_ID));
        assertTrue(e.getMessage().startsWith("subject"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "<20250314093000.a1b2c3@perusupportgroup.org.uk> | 20250314093000.a1b2c3@perusupportgroup.org.uk",
        "<a/b%c@[127.0.0.1]>                              | a%2Fb%25c@%5B127.0.0.1%5D",
        "<alert+7=x~y@example.org>                        | alert+7=x%7Ey@example.org",
        "<..@example.org>                                 | ..@example.org",
    })
    void fileNamesAreSafeAndDistinct(String messageId, String expected) {
        assertEquals(expected, EmlMailer.fileNameOf(messageId));
    }

    @Test
    void veryLongIdsAreCutAndHashed() {
        String longId = "<" + "a".repeat(300) + "@example.org>";
        String name = EmlMailer.fileNameOf(longId);
        assertTrue(name.length() <= 180, name);
        assertTrue(!name.equals(EmlMailer.fileNameOf("<" + "a".repeat(301) + "@example.org>")));
    }
}
