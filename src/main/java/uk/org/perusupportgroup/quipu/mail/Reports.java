package uk.org.perusupportgroup.quipu.mail;

import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.dsn.DeliveryStatus;
import org.eclipse.angus.mail.dsn.MessageHeaders;
import org.eclipse.angus.mail.dsn.MultipartReport;

/**
 * Reads what arrives in the bounce mailbox: delivery status notifications (RFC 3464, through Angus Mail's
 * {@link MultipartReport} and {@link DeliveryStatus}), feedback reports (RFC 5965 ARF), automatic replies, and
 * anything else as {@link Report.Unknown} with what is wrong. Pure: it only reads the bytes it is given. Thread-safe.
 *
 * <p>A failed recipient is hard when its status is 5.x.x, except 5.2.2 (mailbox full) and 5.4.x (delivery time
 * expired, no route for now), which are soft like every 4.x.x status and every delayed recipient.
 */
public final class Reports {

    private static final Pattern STATUS = Pattern.compile("(?<![\\d.])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d.])");
    /** The headers that say whom the report was delivered to: where its VERP token is. */
    private static final List<String> ENVELOPE = List.of("Delivered-To", "X-Original-To", "To");
    private static final Set<String> REPORT_TYPES = Set.of("message/delivery-status", "message/feedback-report");

    private final Optional<Pattern> verp;
    private final Session session = Session.getInstance(new Properties());

    /** @param bounceAddress {@code mail.bounces.address}: its {@code local+TOKEN@domain} forms are the VERP tokens */
    public Reports(Optional<String> bounceAddress) {
        this.verp = bounceAddress.map(address -> {
            int at = address.lastIndexOf('@');
            return Pattern.compile("(?i)(?<![A-Za-z0-9.+_-])" + Pattern.quote(address.substring(0, at)) + "\\+([A-Za-z0-9-]{1,64})@"
                    + Pattern.quote(address.substring(at + 1)) + "(?![A-Za-z0-9.-])");
        });
    }

    /** What the message is; never throws: a message it cannot read is {@link Report.Unknown}, saying why. */
    public Report read(byte[] raw) {
        MimeMessage message;
        String key;
        try {
            message = new MimeMessage(session, new ByteArrayInputStream(raw));
            String id = message.getHeader("Message-ID", null);
            key = id == null || id.isBlank() ? sha256(raw) : sha256(("Message-ID:" + id.strip()).getBytes(StandardCharsets.UTF_8));
        } catch (MessagingException | RuntimeException e) {
            return new Report.Unknown(sha256(raw), "not a mail message: " + e.getMessage());
        }
        try {
            return classify(message, key);
        } catch (MessagingException | IOException | RuntimeException e) {
            return new Report.Unknown(key, "could not be read: " + oneLine(e.toString()));
        } catch (UnreadableReport e) {
            return new Report.Unknown(key, e.getMessage());
        }
    }

    private Report classify(MimeMessage message, String key) throws MessagingException, IOException, UnreadableReport {
        Set<String> tokens = new LinkedHashSet<>();
        for (String name : ENVELOPE) {
            for (String value : values(message, name)) {
                tokens.addAll(tokens(value));
            }
        }
        if (message.isMimeType("multipart/report")) {
            MultipartReport report = new MultipartReport(message.getDataHandler().getDataSource());
            String reportType = Optional.ofNullable(new jakarta.mail.internet.ContentType(message.getContentType())
                    .getParameter("report-type")).orElse("").toLowerCase(Locale.ROOT);
            Optional<BodyPart> statusPart = part(report, "message/delivery-status");
            Optional<BodyPart> feedbackPart = part(report, "message/feedback-report");
            if (statusPart.isPresent() && !reportType.equals("feedback-report")) {
                return bounce(report, statusPart.get(), key, tokens);
            }
            if (feedbackPart.isPresent()) {
                return complaint(report, feedbackPart.get(), key, tokens);
            }
            return new Report.Unknown(key, "a multipart/report" + (reportType.isEmpty() ? "" : " of type " + reportType)
                    + " with neither a message/delivery-status nor a message/feedback-report part");
        }
        if (autoReply(message)) {
            return new Report.AutoReply(key, List.copyOf(tokens));
        }
        return new Report.Unknown(key, "not a delivery status notification or feedback report (multipart/report): "
                + oneLine(message.getContentType()) + ", subject " + oneLine(String.valueOf(message.getSubject())));
    }

    private Report bounce(MultipartReport report, BodyPart statusPart, String key, Set<String> tokens)
            throws MessagingException, IOException, UnreadableReport {
        DeliveryStatus status = report.getDeliveryStatus();
        if (status == null) {
            // no content handler for the part (its mailcap missing): Angus' parser on the part's bytes
            status = new DeliveryStatus(statusPart.getInputStream());
        }
        List<Report.Recipient> recipients = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (int i = 0; i < status.getRecipientDSNCount(); i++) {
            InternetHeaders fields = status.getRecipientDSN(i);
            String action = field(fields, "Action").toLowerCase(Locale.ROOT);
            String diagnostic = oneLine(field(fields, "Diagnostic-Code"));
            Matcher code = STATUS.matcher(field(fields, "Status"));
            if (!code.find()) {
                code = STATUS.matcher(diagnostic);
                if (!code.find()) {
                    others.add(action.isEmpty() ? "no action" : action + " without a status");
                    continue;
                }
            }
            String statusCode = code.group();
            boolean failed = action.startsWith("failed");
            if (!failed && !action.startsWith("delayed")) {
                others.add(action.isEmpty() ? "no action" : action);
                continue;
            }
            boolean hard = failed && code.group(1).equals("5") && !statusCode.equals("5.2.2") && !code.group(2).equals("4");
            recipients.add(new Report.Recipient(address(field(fields, "Original-Recipient")),
                    address(field(fields, "Final-Recipient")), hard, statusCode, cut(diagnostic, 300)));
        }
        if (recipients.isEmpty()) {
            throw new UnreadableReport("a delivery status notification with no failed or delayed recipient ("
                    + (others.isEmpty() ? "no recipient fields" : String.join(", ", others)) + ")");
        }
        returnedTokens(report, tokens, Optional.empty());
        return new Report.Bounce(key, recipients, List.copyOf(tokens));
    }

    private Report complaint(MultipartReport report, BodyPart feedbackPart, String key, Set<String> tokens)
            throws MessagingException, IOException, UnreadableReport {
        InternetHeaders fields = new InternetHeaders(feedbackPart.getInputStream());
        String type = field(fields, "Feedback-Type").toLowerCase(Locale.ROOT);
        if (type.isEmpty()) {
            throw new UnreadableReport("a feedback report without a Feedback-Type field");
        }
        returnedTokens(report, tokens, Optional.of(field(fields, "Original-Mail-From")));
        return new Report.Complaint(key, type.split("[\\s;]", 2)[0], address(field(fields, "Original-Rcpt-To")),
                List.copyOf(tokens));
    }

    /**
     * Adds the tokens of the returned message: its Return-Path, then the report's Original-Mail-From, then its other
     * header fields.
     */
    private void returnedTokens(MultipartReport report, Set<String> tokens, Optional<String> originalMailFrom)
            throws MessagingException, IOException {
        Optional<MimeMessage> returned = returned(report);
        if (returned.isPresent()) {
            values(returned.get(), "Return-Path").forEach(value -> tokens.addAll(tokens(value)));
        }
        originalMailFrom.ifPresent(value -> tokens.addAll(tokens(value)));
        if (returned.isPresent()) {
            for (Header header : Collections.list(returned.get().getAllHeaders())) {
                tokens.addAll(tokens(header.getValue()));
            }
        }
    }

    /** The returned message or its headers (message/rfc822, text/rfc822-headers, message/global-headers). */
    private Optional<MimeMessage> returned(MultipartReport report) throws MessagingException, IOException {
        for (int i = 0; i < report.getCount(); i++) {
            BodyPart part = report.getBodyPart(i);
            if (part.isMimeType("message/rfc822")) {
                Object content = part.getContent();
                return Optional.of(content instanceof MimeMessage m ? m : new MimeMessage(session, part.getInputStream()));
            }
            if (part.isMimeType("text/rfc822-headers") || part.isMimeType("message/global-headers")
                    || part.isMimeType("message/rfc822-headers")) {
                return Optional.of(new MessageHeaders(part.getInputStream()));
            }
        }
        return Optional.empty();
    }

    private static Optional<BodyPart> part(Multipart multipart, String type) throws MessagingException {
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.isMimeType(type)) {
                return Optional.of(part);
            }
        }
        return Optional.empty();
    }

    /** An automatic reply (RFC 3834), or a vacation notice marked the older ways. */
    private static boolean autoReply(MimeMessage message) throws MessagingException {
        String submitted = Optional.ofNullable(message.getHeader("Auto-Submitted", null)).orElse("").strip().toLowerCase(Locale.ROOT);
        String precedence = Optional.ofNullable(message.getHeader("Precedence", null)).orElse("").strip().toLowerCase(Locale.ROOT);
        return submitted.startsWith("auto-replied") || message.getHeader("X-Autoreply") != null
                || message.getHeader("X-Autorespond") != null || precedence.equals("auto_reply");
    }

    /** The tokens of the bounce address in a header value. */
    List<String> tokens(String value) {
        if (verp.isEmpty() || value == null) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        Matcher m = verp.get().matcher(value);
        while (m.find()) {
            found.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        return found;
    }

    private static List<String> values(MimeMessage message, String name) throws MessagingException {
        String[] values = message.getHeader(name);
        return values == null ? List.of() : List.of(values);
    }

    private static String field(InternetHeaders fields, String name) {
        String value = fields.getHeader(name, null);
        return value == null ? "" : value.strip();
    }

    /** The address of a DSN or ARF address field ({@code rfc822; ana@example.org}, {@code <ana@example.org>}). */
    static Optional<String> address(String field) {
        String value = field.contains(";") ? field.substring(field.indexOf(';') + 1) : field;
        value = value.strip();
        if (value.startsWith("<") && value.endsWith(">")) {
            value = value.substring(1, value.length() - 1).strip();
        }
        int at = value.lastIndexOf('@');
        return at > 0 && at < value.length() - 1 && value.chars().noneMatch(c -> c <= ' ') ? Optional.of(value) : Optional.empty();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }

    private static String cut(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A report that parsed but says nothing Quipu can act on: the message is the reason. */
    private static final class UnreadableReport extends Exception {
        UnreadableReport(String message) {
            super(message, null, false, false);
        }
    }
}
