package uk.org.perusupportgroup.quipu.mail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes a {@link MailMessage} as an RFC 5322 / MIME document: CRLF line endings, header fields folded at 78
 * characters, a non-ASCII subject or display name as RFC 2047 encoded-words (UTF-8, B), bodies in UTF-8
 * quoted-printable. The result is 7-bit apart from non-ASCII addresses, which are written as UTF-8.
 */
final class MimeWriter {

    private static final String CRLF = "\r\n";
    private static final int FOLD_AT = 78;
    /** Base64 of 39 bytes is 52 characters: "Subject: " plus one encoded-word stays within 76. */
    private static final int ENCODED_WORD_BYTES = 39;
    private static final int QP_LINE = 76;
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};
    private static final Pattern NAME_ADDR = Pattern.compile("\\s*(.*?)\\s*<([^<>]*)>\\s*");
    private static final Pattern ATOMS = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]*");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"\\\\]|\\\\[\\x20-\\x7E])*\"");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private MimeWriter() {}

    static String write(MailMessage message, Instant date) {
        StringBuilder out = new StringBuilder(1024 + 3 * (message.text().length()
                + message.html().map(String::length).orElse(0)));
        // the envelope sender, as the delivering server records it (RFC 5321 4.4)
        message.envelopeFrom().ifPresent(sender -> field(out, "Return-Path", "<" + sender + ">"));
        field(out, "Date", date(date));
        field(out, "From", address(message.from()));
        field(out, "To", message.to().stream().map(MimeWriter::address).collect(Collectors.joining(", ")));
        field(out, "Subject", unstructured(message.subject()));
        field(out, "Message-ID", message.messageId());
        field(out, "MIME-Version", "1.0");
        message.headers().forEach((name, value) -> field(out, name, value));
        if (message.html().isEmpty()) {
            part(out, "text/plain", message.text());
            return out.toString();
        }
        String boundary = "=_quipu_" + UUID.nameUUIDFromBytes(message.messageId().getBytes(StandardCharsets.UTF_8));
        field(out, "Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
        out.append(CRLF).append("This is a message in MIME format: a plain text and an HTML version.").append(CRLF);
        out.append("--").append(boundary).append(CRLF);
        part(out, "text/plain", message.text());
        out.append(CRLF).append("--").append(boundary).append(CRLF);
        part(out, "text/html", message.html().get());
        out.append(CRLF);
        out.append("--").append(boundary).append("--").append(CRLF);
        return out.toString();
    }

    /**
     * The Content-Type, Content-Transfer-Encoding, blank line and body of one text part. No line break is added after
     * the body: before a boundary, the CRLF belongs to the delimiter, so the body reads back exactly.
     */
    private static void part(StringBuilder out, String type, String body) {
        field(out, "Content-Type", type + "; charset=UTF-8");
        field(out, "Content-Transfer-Encoding", "quoted-printable");
        out.append(CRLF).append(quotedPrintable(body));
    }

    /** RFC 5322 date-time in UTC, with English names whatever the default locale. */
    static String date(Instant instant) {
        ZonedDateTime t = instant.atZone(ZoneOffset.UTC);
        return String.format(Locale.ROOT, "%s, %d %s %04d %02d:%02d:%02d +0000", DAYS[t.getDayOfWeek().ordinal()],
                t.getDayOfMonth(), MONTHS[t.getMonthValue() - 1], t.getYear(), t.getHour(), t.getMinute(),
                t.getSecond());
    }

    /**
     * Appends {@code name: value} and CRLF, folding before a space or tab so that lines stay within 78 characters
     * where the value allows it. Unfolding (removing the inserted CRLFs) gives the value back exactly.
     */
    static void field(StringBuilder out, String name, String value) {
        StringBuilder line = new StringBuilder(name.length() + value.length() + 8).append(name).append(": ");
        int lineStart = 0;
        int lastSpace = -1;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t') {
                lastSpace = line.length();
            }
            line.append(c);
            if (line.length() - lineStart > FOLD_AT && lastSpace > lineStart) {
                line.insert(lastSpace, CRLF);
                lineStart = lastSpace + CRLF.length();
                lastSpace = -1;
            }
        }
        out.append(line).append(CRLF);
    }

    /** Unstructured text (a subject): as it is when plain printable ASCII, else encoded-words. */
    static String unstructured(String text) {
        return plainAscii(text) && !text.contains("=?") ? text : encodedWords(text);
    }

    /** A mailbox, {@code local@domain} or {@code Display Name <local@domain>}, with the display name made safe. */
    static String address(String mailbox) {
        Matcher m = NAME_ADDR.matcher(mailbox);
        if (!m.matches()) {
            return mailbox.strip();
        }
        String name = m.group(1);
        String addr = "<" + m.group(2).strip() + ">";
        if (name.isEmpty()) {
            return addr;
        }
        if (plainAscii(name) && !name.contains("=?")) {
            if (ATOMS.matcher(name).matches() || QUOTED.matcher(name).matches()) {
                return name + " " + addr;
            }
            return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\" " + addr;
        }
        return encodedWords(name) + " " + addr;
    }

    private static boolean plainAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** RFC 2047 B-encoded words of UTF-8, separated by spaces; no character is split between two words. */
    static String encodedWords(String text) {
        Base64.Encoder base64 = Base64.getEncoder();
        StringBuilder words = new StringBuilder();
        StringBuilder chunk = new StringBuilder();
        int chunkBytes = 0;
        int i = 0;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            String character = new String(Character.toChars(codePoint));
            int bytes = character.getBytes(StandardCharsets.UTF_8).length;
            if (chunkBytes + bytes > ENCODED_WORD_BYTES) {
                appendWord(words, base64, chunk);
                chunk.setLength(0);
                chunkBytes = 0;
            }
            chunk.append(character);
            chunkBytes += bytes;
            i += Character.charCount(codePoint);
        }
        if (chunk.length() > 0 || words.length() == 0) {
            appendWord(words, base64, chunk);
        }
        return words.toString();
    }

    private static void appendWord(StringBuilder words, Base64.Encoder base64, CharSequence chunk) {
        if (words.length() > 0) {
            words.append(' ');
        }
        words.append("=?UTF-8?B?")
                .append(base64.encodeToString(chunk.toString().getBytes(StandardCharsets.UTF_8)))
                .append("?=");
    }

    /**
     * RFC 2045 quoted-printable of the UTF-8 bytes. Each line break of the text (LF, CRLF or CR) becomes a CRLF hard
     * break; longer lines get soft breaks so that no encoded line exceeds 76 characters.
     */
    static String quotedPrintable(String text) {
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        StringBuilder out = new StringBuilder(text.length() + text.length() / 8 + 16);
        for (int l = 0; l < lines.length; l++) {
            if (l > 0) {
                out.append(CRLF);
            }
            byte[] bytes = lines[l].getBytes(StandardCharsets.UTF_8);
            int column = 0;
            for (int i = 0; i < bytes.length; i++) {
                int b = bytes[i] & 0xFF;
                boolean last = i == bytes.length - 1;
                boolean literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !last);
                int width = literal ? 1 : 3;
                if (column + width > QP_LINE - 1) {
                    out.append('=').append(CRLF);
                    column = 0;
                }
                if (literal) {
                    out.append((char) b);
                } else {
                    out.append('=').append(HEX[b >> 4]).append(HEX[b & 0xF]);
                }
                column += width;
            }
        }
        return out.toString();
    }
}
