package uk.org.perusupportgroup.quipu.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MailMessageTest {

    private static final String FROM = Messages.FROM;
    private static final List<String> TO = List.of(Messages.TO);
    private static final String SUBJECT = Messages.SUBJECT;
    private static final String ID = Messages.MESSAGE_ID;

    private static MailMessage message(String from, List<String> to, String subject, Map<String, String> headers,
            String messageId) {
        return new MailMessage(from, to, subject, "text", Optional.empty(), headers, messageId);
    }

    private static Map<String, String> header(String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(name, value);
        return headers;
    }

    private static Arguments row(String name, String field, Executable build) {
        return Arguments.of(name, field, build);
    }

    static Stream<Arguments> badInputs() {
        Map<String, String> none = Map.of();
        Map<String, String> twice = new LinkedHashMap<>();
        twice.put("X-Quipu-Alert", "1");
        twice.put("x-quipu-alert", "2");
        return Stream.of(
                row("CR in from", "from", () -> message(FROM + "\r", TO, SUBJECT, none, ID)),
                row("LF in from", "from", () -> message("a@example.org\nBcc: b@example.org", TO, SUBJECT, none, ID)),
                row("from without an address", "from", () -> message("Peru Support Group", TO, SUBJECT, none, ID)),
                row("blank from", "from", () -> message(" ", TO, SUBJECT, none, ID)),
                row("no recipient", "to", () -> message(FROM, List.of(), SUBJECT, none, ID)),
                row("LF in second recipient", "to[1]",
                        () -> message(FROM, List.of("a@example.org", "b@example.org\nBcc: c@example.org"), SUBJECT,
                                none, ID)),
                row("recipient without an address", "to[0]", () -> message(FROM, List.of(""), SUBJECT, none, ID)),
                row("CRLF in subject", "subject", () -> message(FROM, TO, "Hi\r\nBcc: x@example.org", none, ID)),
                row("lone CR in subject", "subject", () -> message(FROM, TO, "Hi\rthere", none, ID)),
                row("NUL in subject", "subject", () -> message(FROM, TO, "Hi\0", none, ID)),
                row("LF in header name", "headers", () -> message(FROM, TO, SUBJECT, header("X-A\nBcc", "x"), ID)),
                row("colon in header name", "headers", () -> message(FROM, TO, SUBJECT, header("X-A:", "x"), ID)),
                row("space in header name", "headers", () -> message(FROM, TO, SUBJECT, header("X A", "x"), ID)),
                row("empty header name", "headers", () -> message(FROM, TO, SUBJECT, header("", "x"), ID)),
                row("CRLF in header value", "headers[List-Unsubscribe]",
                        () -> message(FROM, TO, SUBJECT, header("List-Unsubscribe", "<x>\r\nBcc: y@example.org"), ID)),
                row("NUL in header value", "headers[X-A]", () -> message(FROM, TO, SUBJECT, header("X-A", "a\0"), ID)),
                row("non-ASCII header value", "headers[X-A]",
                        () -> message(FROM, TO, SUBJECT, header("X-A", "Apurímac"), ID)),
                row("header the mailer writes", "headers",
                        () -> message(FROM, TO, SUBJECT, header("Subject", "x"), ID)),
                row("Content-Type in any case", "headers",
                        () -> message(FROM, TO, SUBJECT, header("content-TYPE", "text/html"), ID)),
                row("Message-ID as a header", "headers",
                        () -> message(FROM, TO, SUBJECT, header("Message-Id", ID), ID)),
                row("same header twice", "headers", () -> message(FROM, TO, SUBJECT, twice, ID)),
                row("LF in message id", "messageId",
                        () -> message(FROM, TO, SUBJECT, none, "<a@example.org>\nBcc: b@example.org")),
                row("message id without brackets", "messageId",
                        () -> message(FROM, TO, SUBJECT, none, "a@example.org")),
                row("message id without @", "messageId", () -> message(FROM, TO, SUBJECT, none, "<a.example.org>")),
                row("message id with two @", "messageId", () -> message(FROM, TO, SUBJECT, none, "<a@b@example.org>")),
                row("message id with a space", "messageId",
                        () -> message(FROM, TO, SUBJECT, none, "<a b@example.org>")),
                row("message id with empty local part", "messageId",
                        () -> message(FROM, TO, SUBJECT, none, "<@example.org>")),
                row("message id with non-ASCII", "messageId",
                        () -> message(FROM, TO, SUBJECT, none, "<apurímac@example.org>")),
                row("empty message id", "messageId", () -> message(FROM, TO, SUBJECT, none, "")),
                row("Return-Path as a header", "headers",
                        () -> message(FROM, TO, SUBJECT, header("Return-Path", "<b@example.org>"), ID)),
                row("envelope sender with a display name", "envelopeFrom",
                        () -> message(FROM, TO, SUBJECT, none, ID).withEnvelopeFrom("Bounces <b@example.org>")),
                row("envelope sender in brackets", "envelopeFrom",
                        () -> message(FROM, TO, SUBJECT, none, ID).withEnvelopeFrom("<b@example.org>")),
                row("LF in envelope sender", "envelopeFrom",
                        () -> message(FROM, TO, SUBJECT, none, ID).withEnvelopeFrom("b@example.org\nBcc: c@example.org")),
                row("envelope sender without @", "envelopeFrom",
                        () -> message(FROM, TO, SUBJECT, none, ID).withEnvelopeFrom("bounces")),
                row("non-ASCII envelope sender", "envelopeFrom",
                        () -> message(FROM, TO, SUBJECT, none, ID).withEnvelopeFrom("rebotes+ñ@example.org")));
    }

    @Test
    void anEnvelopeSenderIsOptionalAndKeptAsGiven() {
        MailMessage plain = message(FROM, TO, SUBJECT, Map.of(), ID);
        assertEquals(Optional.empty(), plain.envelopeFrom());
        assertEquals(Optional.of("bounces+1-abcdefghijklmnop@example.org"),
                plain.withEnvelopeFrom("bounces+1-abcdefghijklmnop@example.org").envelopeFrom());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void refusesBadInput(String name, String field, Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().startsWith(field), () -> "expected the message to name " + field + ": "
                + e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0),
                () -> "the message itself must be one safe line: " + e.getMessage());
    }

    @Test
    void nullFieldsAreNamed() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> new MailMessage(FROM, TO, null, "text", Optional.empty(), Map.of(), ID));
        assertEquals("subject", e.getMessage());
    }

    @Test
    void acceptsUnicodeSubjectDisplayNamesAndDomainLiterals() {
        MailMessage message = message("Grupo de Apoyo al Perú <alerts@example.org>",
                List.of("Ana <ana@example.org>", "b@example.org"), SUBJECT, Messages.listHeaders(),
                "<1.2@[127.0.0.1]>");
        assertEquals(SUBJECT, message.subject());
    }

    @Test
    void keepsItsOwnCopiesInOrder() {
        List<String> to = new ArrayList<>(List.of("a@example.org", "b@example.org"));
        Map<String, String> headers = Messages.listHeaders();
        MailMessage message = message(FROM, to, SUBJECT, headers, ID);
        to.clear();
        headers.clear();
        assertEquals(List.of("a@example.org", "b@example.org"), message.to());
        assertEquals(List.of("List-Unsubscribe", "List-Unsubscribe-Post", "Auto-Submitted"),
                List.copyOf(message.headers().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> message.headers().put("X", "y"));
    }
}
