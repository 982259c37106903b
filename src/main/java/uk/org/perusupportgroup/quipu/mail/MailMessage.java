package uk.org.perusupportgroup.quipu.mail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One message, ready to send. Every header-bound field is checked here, so no adapter can be made to write a header
 * line the caller did not mean (header injection).
 *
 * @param from an address, optionally with a display name: {@code Peru Support Group <alerts@example.org>}
 * @param to at least one address, same forms as {@code from}
 * @param subject any Unicode text on one line; the adapters encode it (RFC 2047)
 * @param text the text/plain body
 * @param html the text/html alternative; with it the message is {@code multipart/alternative}
 * @param headers further header fields, in order (List-Unsubscribe, Auto-Submitted…): printable US-ASCII, and none of
 *     the fields the adapters write themselves (Date, From, To, Cc, Bcc, Subject, Message-ID, MIME-Version,
 *     Content-Type, Content-Transfer-Encoding)
 * @param messageId {@code <local@domain>}, angle brackets included; stable across retries of the same message
 * @param envelopeFrom the envelope sender (SMTP {@code MAIL FROM}, the {@code Return-Path} on delivery), where bounces
 *     go: a bare {@code local@domain} of printable US-ASCII; empty: the adapter's default (the {@code from} address)
 * @throws IllegalArgumentException naming the field, when a field is malformed or contains CR, LF or NUL
 */
public record MailMessage(String from, List<String> to, String subject, String text, Optional<String> html,
        Map<String, String> headers, String messageId, Optional<String> envelopeFrom) {

    private static final Set<String> RESERVED = Set.of("date", "from", "to", "cc", "bcc", "subject", "message-id",
            "mime-version", "content-type", "content-transfer-encoding", "return-path");
    /** A bare address as SMTP's MAIL FROM takes it: no display name, brackets, spaces or quotes. */
    private static final Pattern ENVELOPE_ADDRESS = Pattern.compile("[\\x21-\\x7E&&[^<>\"(),:;@\\[\\]\\\\]]+@[A-Za-z0-9.-]+");
    /** RFC 5322 field-name: printable US-ASCII except the colon. */
    private static final Pattern FIELD_NAME = Pattern.compile("[\\x21-\\x39\\x3B-\\x7E]+");
    private static final Pattern FIELD_VALUE = Pattern.compile("[\\x20-\\x7E\\t]*");
    private static final String ATEXT = "A-Za-z0-9!#$%&'*+/=?^_`{|}~-";
    /** RFC 5322 msg-id: dot-atom-text "@" (dot-atom-text / no-fold-literal). */
    private static final String DOT_ATOM = "[" + ATEXT + "]+(\\.[" + ATEXT + "]+)*";
    private static final Pattern MESSAGE_ID = Pattern.compile(
            "<" + DOT_ATOM + "@(" + DOT_ATOM + "|\\[[\\x21-\\x5A\\x5E-\\x7E]*])>");

    public MailMessage {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(envelopeFrom, "envelopeFrom");

        address("from", from);
        if (to.isEmpty()) {
            throw new IllegalArgumentException("to: at least one recipient is needed");
        }
        List<String> recipients = new ArrayList<>(to.size());
        for (int i = 0; i < to.size(); i++) {
            String recipient = Objects.requireNonNull(to.get(i), "to[" + i + "]");
            address("to[" + i + "]", recipient);
            recipients.add(recipient);
        }
        to = Collections.unmodifiableList(recipients);
        oneLine("subject", subject);

        Map<String, String> fields = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = Objects.requireNonNull(header.getKey(), "headers: a null name");
            String value = Objects.requireNonNull(header.getValue(), "headers[" + name + "]");
            oneLine("headers: name " + printable(name), name);
            if (!FIELD_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("headers: name " + printable(name)
                        + " must be printable US-ASCII without spaces or a colon");
            }
            String key = name.toLowerCase(Locale.ROOT);
            if (RESERVED.contains(key)) {
                throw new IllegalArgumentException("headers: " + name + " is written by the mailer itself");
            }
            if (!seen.add(key)) {
                throw new IllegalArgumentException("headers: " + name + " appears twice");
            }
            oneLine("headers[" + name + "]", value);
            if (!FIELD_VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("headers[" + name + "] must be printable US-ASCII");
            }
            fields.put(name, value);
        }
        headers = Collections.unmodifiableMap(fields);

        oneLine("messageId", messageId);
        if (!MESSAGE_ID.matcher(messageId).matches()) {
            throw new IllegalArgumentException("messageId must look like <local@domain>: " + messageId);
        }
        if (envelopeFrom.isPresent()) {
            oneLine("envelopeFrom", envelopeFrom.get());
            if (!ENVELOPE_ADDRESS.matcher(envelopeFrom.get()).matches()) {
                throw new IllegalArgumentException("envelopeFrom must be a bare address such as bounces@example.org,"
                        + " printable US-ASCII without brackets or spaces: " + printable(envelopeFrom.get()));
            }
        }
    }

    /** A message whose envelope sender is the {@code from} address, as the adapter sends by default. */
    public MailMessage(String from, List<String> to, String subject, String text, Optional<String> html,
            Map<String, String> headers, String messageId) {
        this(from, to, subject, text, html, headers, messageId, Optional.empty());
    }

    /** This message with {@code envelopeFrom} as its envelope sender (where bounces go). */
    public MailMessage withEnvelopeFrom(String envelopeFrom) {
        return new MailMessage(from, to, subject, text, html, headers, messageId, Optional.of(envelopeFrom));
    }

    private static void address(String field, String value) {
        oneLine(field, value);
        if (value.isBlank() || value.indexOf('@') < 0) {
            throw new IllegalArgumentException(field + " is not an address: " + value);
        }
    }

    private static void oneLine(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new IllegalArgumentException(field + " must not contain CR, LF or NUL");
            }
        }
    }

    /** A name fit for an error message: control characters shown as escapes. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder("'");
        name.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7F) {
                out.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('\'').toString();
    }
}
