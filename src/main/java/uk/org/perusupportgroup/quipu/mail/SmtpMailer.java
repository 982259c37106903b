package uk.org.perusupportgroup.quipu.mail;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.CanonicalizationAlgorithm;
import io.vertx.ext.mail.DKIMSignOptions;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;
import java.util.Optional;
import java.util.OptionalInt;
import uk.org.perusupportgroup.quipu.config.DkimKey;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;

/**
 * Sends through an SMTP server with Vert.x Mail, over a pool of kept-alive connections. STARTTLS is required or not
 * used at all, never attempted opportunistically; the client logs in when a username is configured.
 */
public final class SmtpMailer implements Mailer {

    private final MailClient client;
    private final String server;

    /** Headers covered by the DKIM signature when present (RFC 8058 asks for both List-Unsubscribe fields). */
    static final java.util.List<String> SIGNED_HEADERS = java.util.List.of("From", "To", "Subject", "Date", "Message-ID",
            "MIME-Version", "Content-Type", "List-Id", "List-Unsubscribe", "List-Unsubscribe-Post", "Auto-Submitted");

    /** @param from the configured sender; its domain is the name the client gives in EHLO */
    public SmtpMailer(Vertx vertx, QuipuConfig.Smtp smtp, String from) {
        this(vertx, smtp, from, Optional.empty());
    }

    /** @param dkim when present, every message is signed (RFC 6376, rsa-sha256, relaxed/relaxed) */
    public SmtpMailer(Vertx vertx, QuipuConfig.Smtp smtp, String from, Optional<QuipuConfig.Dkim> dkim) {
        MailConfig config = new MailConfig()
                .setHostname(smtp.host())
                .setPort(smtp.port())
                .setStarttls(smtp.starttls() ? StartTLSOptions.REQUIRED : StartTLSOptions.DISABLED)
                .setKeepAlive(true);
        if (smtp.username().isEmpty()) {
            config.setLogin(LoginOption.DISABLED);
        } else {
            config.setLogin(LoginOption.REQUIRED).setUsername(smtp.username()).setPassword(smtp.password());
        }
        domainOf(from).ifPresent(config::setOwnHostname);
        dkim.ifPresent(signing -> config.setEnableDKIM(true).addDKIMSignOption(new DKIMSignOptions()
                .setSdid(signing.domain()).setSelector(signing.selector()).setPrivateKey(DkimKey.read(signing.privateKey()))
                .setSignedHeaders(SIGNED_HEADERS).setHeaderCanonAlgo(CanonicalizationAlgorithm.RELAXED)
                .setBodyCanonAlgo(CanonicalizationAlgorithm.RELAXED)));
        this.client = MailClient.create(vertx, config);
        this.server = smtp.host() + ":" + smtp.port();
    }

    @Override
    public Future<Void> send(MailMessage message) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        message.headers().forEach(headers::add);
        headers.set("Message-ID", message.messageId());
        io.vertx.ext.mail.MailMessage mail = new io.vertx.ext.mail.MailMessage()
                .setFrom(message.from())
                .setTo(message.to())
                .setSubject(message.subject())
                .setText(message.text())
                .setHeaders(headers);
        message.html().ifPresent(mail::setHtml);
        // MAIL FROM: where the receiving servers send bounces (the Return-Path on delivery)
        message.envelopeFrom().ifPresent(mail::setBounceAddress);
        Future<Void> sent;
        try {
            sent = client.sendMail(mail).mapEmpty();
        } catch (RuntimeException e) {
            sent = Future.failedFuture(e);
        }
        return sent.recover(e -> Future.failedFuture(failure(e, server, message.messageId())));
    }

    /** Closes the pooled connections. */
    public Future<Void> close() {
        return client.close();
    }

    /**
     * An SMTP answer keeps its code and its class (5xx permanent, 4xx transient); an address the client cannot parse
     * is permanent; anything else (refused or dropped connection, timeout, TLS failure) is transient.
     */
    static MailException failure(Throwable e, String server, String messageId) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SMTPException smtp) {
                return new MailException("smtp " + server + " refused " + messageId + ": " + smtp.getMessage(),
                        smtp.isPermanent(), OptionalInt.of(smtp.getReplyCode()), enhancedStatus(smtp.getReplyMessage()), e);
            }
        }
        if (e instanceof IllegalArgumentException) {
            return new MailException("smtp client cannot send " + messageId + ": " + e.getMessage(), true,
                    OptionalInt.empty(), e);
        }
        return new MailException("smtp " + server + " unreachable for " + messageId + ": " + e, false,
                OptionalInt.empty(), e);
    }

    private static final java.util.regex.Pattern ENHANCED = java.util.regex.Pattern.compile("^\\d{3}[ -]([245]\\.\\d{1,3}\\.\\d{1,3})\\b");

    /** The RFC 3463 status at the start of a reply line ({@code 550 5.1.1 …} → {@code 5.1.1}). */
    static Optional<String> enhancedStatus(String reply) {
        java.util.regex.Matcher m = ENHANCED.matcher(reply == null ? "" : reply.strip());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The domain of an address such as {@code Name <local@domain>} or {@code local@domain}. */
    static Optional<String> domainOf(String address) {
        String bare = address.strip();
        int open = bare.lastIndexOf('<');
        int close = bare.lastIndexOf('>');
        if (open >= 0 && close > open) {
            bare = bare.substring(open + 1, close);
        }
        int at = bare.lastIndexOf('@');
        String domain = at < 0 ? "" : bare.substring(at + 1).strip();
        return domain.isEmpty() ? Optional.empty() : Optional.of(domain);
    }
}
