package uk.org.perusupportgroup.quipu.mail;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;

/** Chooses the mailer the configuration asks for. */
public final class Mailers {

    private static final Logger LOG = LoggerFactory.getLogger(Mailers.class);

    private Mailers() {}

    /** An {@link SmtpMailer} when an SMTP host is configured, else an {@link EmlMailer} on {@code dataDir/mail}. */
    public static Mailer create(Vertx vertx, QuipuConfig.Mail mail, Path dataDir) {
        if (mail.smtp().isPresent()) {
            QuipuConfig.Smtp smtp = mail.smtp().get();
            LOG.info("mail: sending through SMTP host={} port={} starttls={} login={} dkim={}", smtp.host(), smtp.port(),
                    smtp.starttls(), !smtp.username().isEmpty(), mail.dkim().map(d -> d.selector() + "._domainkey." + d.domain())
                            .orElse("off"));
            return new SmtpMailer(vertx, smtp, mail.from(), mail.dkim());
        }
        Path dir = dataDir.resolve("mail");
        LOG.info("mail: writing .eml files to {} (no SMTP configured)", dir);
        return new EmlMailer(vertx, dir);
    }
}
