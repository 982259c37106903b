package uk.org.perusupportgroup.quipu.mail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One realistic alert message, shared by the mailer tests. */
final class Messages {

    static final String FROM = "Peru Support Group <alerts@perusupportgroup.org.uk>";
    static final String TO = "reader@example.org";
    static final String SUBJECT = "Alerta: Apurímac – Las Bambas";
    static final String MESSAGE_ID = "<20250314093000.a1b2c3@perusupportgroup.org.uk>";
    static final String UNSUBSCRIBE = "<https://feeds.perusupportgroup.org.uk/alerts/unsubscribe?token=4f9c2e1d7a>, "
            + "<mailto:unsubscribe@perusupportgroup.org.uk?subject=4f9c2e1d7a>";
    static final String TEXT = "Nuevo artículo sobre Las Bambas (Apurímac).\n"
            + "Trailing space and an equals sign: a = b \n"
            + "A long line that goes on well past the seventy-six characters quoted-printable allows on one line, "
            + "with ñ, é and — dashes.\n"
            + "\n"
            + "Unsubscribe: https://feeds.perusupportgroup.org.uk/alerts/unsubscribe?token=4f9c2e1d7a\n";
    static final String HTML = "<!doctype html><html><body><p>Nuevo artículo sobre <b>Las Bambas</b> (Apurímac).</p>"
            + "<p><a href=\"https://feeds.perusupportgroup.org.uk/alerts/unsubscribe?token=4f9c2e1d7a\">Unsubscribe"
            + "</a></p></body></html>\n";

    private Messages() {}

    static Map<String, String> listHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("List-Unsubscribe", UNSUBSCRIBE);
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        headers.put("Auto-Submitted", "auto-generated");
        return headers;
    }

    static MailMessage alert() {
        return new MailMessage(FROM, List.of(TO), SUBJECT, TEXT, Optional.of(HTML), listHeaders(), MESSAGE_ID);
    }

    /**
     * Asserts that a received or written mail is {@link #alert()}: subject, Message-ID, list headers,
     * addresses, and both parts with the given bodies (as they arrive after the transport).
     */
    static void assertIsTheAlert(MimeMessage mail, String text, String html) throws Exception {
        assertEquals(SUBJECT, mail.getSubject());
        assertArrayEquals(new String[] {MESSAGE_ID}, mail.getHeader("Message-ID"));
        assertEquals(UNSUBSCRIBE, mail.getHeader("List-Unsubscribe", null).replace("\r\n", ""));
        assertEquals("List-Unsubscribe=One-Click", mail.getHeader("List-Unsubscribe-Post", null));
        assertEquals("auto-generated", mail.getHeader("Auto-Submitted", null));
        InternetAddress from = (InternetAddress) mail.getFrom()[0];
        assertEquals("alerts@perusupportgroup.org.uk", from.getAddress());
        assertEquals("Peru Support Group", from.getPersonal());
        assertEquals("reader@example.org", ((InternetAddress) mail.getRecipients(Message.RecipientType.TO)[0]).getAddress());
        assertTrue(mail.isMimeType("multipart/alternative"), mail.getContentType());
        MimeMultipart parts = assertInstanceOf(MimeMultipart.class, mail.getContent());
        assertEquals(2, parts.getCount());
        assertTrue(parts.getBodyPart(0).isMimeType("text/plain"), parts.getBodyPart(0).getContentType());
        assertEquals(text, lf((String) parts.getBodyPart(0).getContent()));
        assertTrue(parts.getBodyPart(1).isMimeType("text/html"), parts.getBodyPart(1).getContentType());
        assertEquals(html, lf((String) parts.getBodyPart(1).getContent()));
    }

    /** SMTP and MIME carry line breaks as CRLF; the text sent used LF. */
    static String lf(String text) {
        return text.replace("\r\n", "\n");
    }
}
