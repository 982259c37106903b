package uk.org.perusupportgroup.quipu.mail;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.FlagTerm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Properties;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;

/**
 * The bounce mailbox over IMAP (Jakarta Mail with Angus Mail's client). A pass reads the messages not yet read (neither
 * \Seen nor \Deleted) without marking them read, hands each to its handler, and does what the handler answers: deletes
 * the message (expunged when the pass ends), marks it \Seen and leaves it for a person, or stops the pass leaving it
 * as it is. Blocking: run it on a thread of its own.
 */
public final class BounceMailbox {

    private static final Logger LOG = LoggerFactory.getLogger(BounceMailbox.class);
    /** A report is small; a message larger than this is no report and is not downloaded. */
    static final long MAX_BYTES = 10L * 1024 * 1024;

    /** What to do with a message once handled. */
    public enum Disposition {
        /** Acted on and recorded: delete it. */
        DELETE,
        /** Not something to act on: mark it \Seen and leave it for a person. */
        KEEP_SEEN,
        /** Could not be recorded now: leave it as it is (read again next pass) and end this pass. */
        STOP
    }

    /** What one pass did. */
    public record Pass(int read, int deleted, int keptSeen, boolean stopped) {}

    private final QuipuConfig.Imap imap;

    public BounceMailbox(QuipuConfig.Imap imap) {
        this.imap = imap;
    }

    /**
     * Reads up to {@code limit} unread messages, oldest first, handing each message's bytes to {@code handler}; a
     * message that cannot be downloaded, or is over 10 MB, is marked \Seen and logged without reaching the handler.
     *
     * @throws MailException when the mailbox cannot be reached, logged into or opened (transient)
     */
    public Pass read(int limit, Function<byte[], Disposition> handler) {
        String protocol = imap.security() == QuipuConfig.ImapSecurity.SSL ? "imaps" : "imap";
        Session session = Session.getInstance(properties(protocol));
        int read = 0;
        int deleted = 0;
        int kept = 0;
        boolean stopped = false;
        try (Store store = session.getStore(protocol)) {
            store.connect(imap.host(), imap.port(), imap.username(), imap.password());
            Folder folder = store.getFolder(imap.folder());
            folder.open(Folder.READ_WRITE);
            try {
                Message[] unread = folder.search(new AndTerm(new FlagTerm(new Flags(Flags.Flag.SEEN), false),
                        new FlagTerm(new Flags(Flags.Flag.DELETED), false)));
                for (Message message : unread) {
                    if (read >= limit) {
                        break;
                    }
                    read++;
                    byte[] raw;
                    try {
                        raw = download(message);
                    } catch (MessagingException | IOException e) {
                        LOG.warn("bounces: message {} of {} could not be downloaded; left there, marked read: {}",
                                message.getMessageNumber(), imap.folder(), e.toString());
                        message.setFlag(Flags.Flag.SEEN, true);
                        kept++;
                        continue;
                    }
                    Disposition disposition = handler.apply(raw);
                    if (disposition == Disposition.STOP) {
                        stopped = true;
                        break;
                    }
                    if (disposition == Disposition.DELETE) {
                        message.setFlag(Flags.Flag.DELETED, true);
                        deleted++;
                    } else {
                        message.setFlag(Flags.Flag.SEEN, true);
                        kept++;
                    }
                }
            } finally {
                folder.close(true);
            }
        } catch (MessagingException e) {
            throw new MailException("bounce mailbox " + imap.username() + "@" + imap.host() + ":" + imap.port() + "/"
                    + imap.folder() + " could not be read: " + e.getMessage(), false, java.util.OptionalInt.empty(), e);
        }
        return new Pass(read, deleted, kept, stopped);
    }

    private static byte[] download(Message message) throws MessagingException, IOException {
        int size = message.getSize();
        if (size > MAX_BYTES) {
            throw new IOException("it is " + size + " bytes, more than a report's " + MAX_BYTES);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, size));
        message.writeTo(out);
        return out.toByteArray();
    }

    private Properties properties(String protocol) {
        Properties properties = new Properties();
        String prefix = "mail." + protocol + ".";
        properties.put("mail.store.protocol", protocol);
        properties.put(prefix + "host", imap.host());
        properties.put(prefix + "port", Integer.toString(imap.port()));
        properties.put(prefix + "connectiontimeout", "30000");
        properties.put(prefix + "timeout", "60000");
        properties.put(prefix + "writetimeout", "60000");
        // reading a message does not mark it \Seen: only what the handler answers does
        properties.put(prefix + "peek", "true");
        if (imap.security() == QuipuConfig.ImapSecurity.SSL) {
            properties.put(prefix + "ssl.checkserveridentity", "true");
        } else if (imap.security() == QuipuConfig.ImapSecurity.STARTTLS) {
            properties.put(prefix + "starttls.enable", "true");
            properties.put(prefix + "starttls.required", "true");
            properties.put(prefix + "ssl.checkserveridentity", "true");
        }
        return properties;
    }
}
