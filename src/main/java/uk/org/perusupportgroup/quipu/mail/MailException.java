package uk.org.perusupportgroup.quipu.mail;

import java.util.OptionalInt;

/**
 * A message was not accepted. {@link #permanent()} is true when sending it again cannot succeed (an SMTP 5xx answer,
 * an address the client refuses); false for SMTP 4xx answers, connection failures and I/O errors, which a later retry
 * may get past.
 */
public final class MailException extends RuntimeException {

    private final boolean permanent;
    private final int replyCode;
    private final String enhancedStatus;

    /**
     * @param replyCode the SMTP reply code, when a server answered
     * @param cause may be null
     */
    public MailException(String message, boolean permanent, OptionalInt replyCode, Throwable cause) {
        this(message, permanent, replyCode, java.util.Optional.empty(), cause);
    }

    /** @param enhancedStatus the RFC 3463 status the server gave at the start of its reply ({@code 5.1.1}), if any */
    public MailException(String message, boolean permanent, OptionalInt replyCode, java.util.Optional<String> enhancedStatus,
            Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
        this.replyCode = replyCode.orElse(0);
        this.enhancedStatus = enhancedStatus.orElse(null);
    }

    /** The enhanced status code (RFC 3463) of the server's reply, such as {@code 5.1.1}. */
    public java.util.Optional<String> enhancedStatus() {
        return java.util.Optional.ofNullable(enhancedStatus);
    }

    /** True when a retry of the same message cannot succeed. */
    public boolean permanent() {
        return permanent;
    }

    /** The SMTP reply code (e.g. 550, 421), or empty when no server answered. */
    public OptionalInt replyCode() {
        return replyCode == 0 ? OptionalInt.empty() : OptionalInt.of(replyCode);
    }
}
