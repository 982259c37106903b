package uk.org.perusupportgroup.quipu.mail;

import java.util.List;
import java.util.Optional;

/**
 * What a message in the bounce mailbox is, as {@link Reports} reads it. Each carries its {@code key}, the same when the
 * same message is read twice, and the VERP tokens found in it ({@code local+TOKEN@domain} of the bounce address), in
 * the order to trust them: the report's own envelope recipient first, then the returned message's.
 */
public sealed interface Report {

    /** A SHA-256 (hex) of the message's Message-ID, or of its bytes when it has none. */
    String key();

    /** The VERP tokens found, best first; none without a bounce address or when the report names none. */
    List<String> tokens();

    /**
     * A delivery status notification (RFC 3464) of at least one failed or delayed recipient.
     *
     * @param recipients the failed and delayed recipients, in the report's order (never empty)
     */
    record Bounce(String key, List<Recipient> recipients, List<String> tokens) implements Report {

        public Bounce {
            recipients = List.copyOf(recipients);
            tokens = List.copyOf(tokens);
        }

        /** Hard when any recipient is: a VERP token names one subscriber, whoever of the report it is. */
        public boolean hard() {
            return recipients.stream().anyMatch(Recipient::hard);
        }

        /** The status of the first hard recipient, else of the first. */
        public String status() {
            return recipients.stream().filter(Recipient::hard).findFirst().orElse(recipients.get(0)).status();
        }
    }

    /**
     * One recipient of a DSN that failed or was delayed.
     *
     * @param originalRecipient the address the message was sent to (Original-Recipient), when given
     * @param finalRecipient the address that failed (Final-Recipient), when an address
     * @param hard a permanent failure of the address (5.x.x, but not mailbox full, 5.2.2, or delivery time expired, 5.4.x)
     * @param status the RFC 3463 status, {@code 5.1.1}
     * @param diagnostic the remote server's answer (Diagnostic-Code), or ""
     */
    record Recipient(Optional<String> originalRecipient, Optional<String> finalRecipient, boolean hard, String status,
            String diagnostic) {

        /** The addresses to look the recipient up by, the one it was sent to first. */
        public List<String> addresses() {
            return java.util.stream.Stream.of(originalRecipient, finalRecipient).flatMap(Optional::stream).distinct().toList();
        }
    }

    /**
     * A feedback report (RFC 5965 ARF): someone marked a message as spam (or fraud, a virus…).
     *
     * @param feedbackType the Feedback-Type, lower case: {@code abuse}, {@code fraud}, {@code other}, {@code not-spam}…
     * @param recipient the Original-Rcpt-To address, when given and not redacted beyond use
     */
    record Complaint(String key, String feedbackType, Optional<String> recipient, List<String> tokens) implements Report {

        public Complaint {
            tokens = List.copyOf(tokens);
        }

        /** Whether it complains: every type but {@code not-spam}, which says a message was not spam. */
        public boolean complains() {
            return !feedbackType.equals("not-spam");
        }
    }

    /** An automatic reply (RFC 3834 Auto-Submitted: auto-replied, a vacation notice): nothing to act on. */
    record AutoReply(String key, List<String> tokens) implements Report {

        public AutoReply {
            tokens = List.copyOf(tokens);
        }
    }

    /** A message that is no report Quipu can read; {@code reason} says what is wrong, fit for the log. */
    record Unknown(String key, String reason) implements Report {

        @Override
        public List<String> tokens() {
            return List.of();
        }
    }
}
