package uk.org.perusupportgroup.quipu.mail;

import io.vertx.core.Future;

/** Sends one message. Implementations: {@link SmtpMailer}, {@link EmlMailer}; build one with {@link Mailers}. */
public interface Mailer {

    /**
     * Hands the message on: to the SMTP server, or to a file. Line breaks in the bodies are sent as CRLF; a body's
     * final line break is not significant (Vert.x Mail drops it, the .eml writer keeps it).
     *
     * @return completes once the message is accepted; fails with a {@link MailException} that says whether a retry
     *     can succeed
     */
    Future<Void> send(MailMessage message);

    /**
     * Deletes every copy this mailer keeps of messages to {@code address} (an erased subscriber's): the {@code .eml}
     * files of {@link EmlMailer}; an SMTP mailer keeps none. Blocks: call it on a worker thread.
     *
     * @return how many copies were deleted
     */
    default int forget(String address) {
        return 0;
    }
}
