package uk.org.perusupportgroup.quipu.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.mail.BounceMailbox;
import uk.org.perusupportgroup.quipu.mail.Report;
import uk.org.perusupportgroup.quipu.mail.Reports;
import uk.org.perusupportgroup.quipu.reach.Metric;
import uk.org.perusupportgroup.quipu.reach.Tally;
import uk.org.perusupportgroup.quipu.store.BounceStore;

/**
 * Reads the bounce mailbox and acts on each report: a hard bounce suppresses the address, soft bounces suppress it
 * once {@code mail.bounces.soft-limit} of them fall within {@code mail.bounces.soft-window}, a complaint ends every alert
 * of its subscriber. A report is deleted from the mailbox only once what it did is stored; one tied to no subscriber
 * of ours, and an automatic reply, are counted, logged without the address, and deleted; a message that is no report is
 * left in the mailbox, marked read, and logged with what is wrong. A failing database ends the pass and leaves the
 * message for the next. Polls run one at a time.
 *
 * <p>A report is tied to its subscriber by, in turn: the VERP token of its own recipient, the token in the returned
 * message (its Return-Path, ARF's Original-Mail-From, its other headers), the DSN's Original-Recipient and
 * Final-Recipient, ARF's Original-Rcpt-To (both looked up by the address's keyed hash).
 */
public final class BounceReader {

    private static final Logger LOG = LoggerFactory.getLogger(BounceReader.class);
    /** Messages read in one pass; the rest wait for the next. */
    static final int PASS = 500;
    /** The record of reports is kept at least this long (and at least the soft-bounce window). */
    static final Duration KEEP = Duration.ofDays(30);

    private final BounceMailbox mailbox;
    private final Reports reports;
    private final BounceStore store;
    private final AlertService service;
    private final QuipuConfig.Bounces config;
    private final Tally tally;
    private final Clock clock;

    /** What one poll did; {@code stopped}: the database failed, the rest is left for the next poll. */
    public record Poll(int read, int hard, int soft, int suppressed, int complaints, int ended, int autoReplies, int untied,
            int unreadable, boolean stopped) {}

    public BounceReader(BounceMailbox mailbox, Reports reports, BounceStore store, AlertService service,
            QuipuConfig.Bounces config, Tally tally, Clock clock) {
        this.mailbox = mailbox;
        this.reports = reports;
        this.store = store;
        this.service = service;
        this.config = config;
        this.tally = tally;
        this.clock = clock;
    }

    /**
     * One pass over the mailbox.
     *
     * @throws uk.org.perusupportgroup.quipu.mail.MailException when the mailbox cannot be read
     */
    public synchronized Poll poll() {
        Counts counts = new Counts();
        BounceMailbox.Pass pass = mailbox.read(PASS, raw -> {
            try {
                return handle(reports.read(raw), counts);
            } catch (RuntimeException e) {
                LOG.error("bounces: a report could not be recorded; it stays in the mailbox for the next poll: {}", e.toString());
                return BounceMailbox.Disposition.STOP;
            }
        });
        Instant now = clock.instant();
        try {
            store.forget(now.minus(config.softWindow().compareTo(KEEP) > 0 ? config.softWindow() : KEEP));
        } catch (RuntimeException e) {
            LOG.warn("bounces: old reports could not be forgotten: {}", e.toString());
        }
        Poll poll = new Poll(pass.read(), counts.hard, counts.soft, counts.suppressed, counts.complaints, counts.ended,
                counts.autoReplies, counts.untied, counts.unreadable, pass.stopped());
        if (poll.read() > 0) {
            LOG.info("bounces: read={} hard={} soft={} suppressed={} complaints={} alerts-ended={} auto-replies={}"
                    + " untied={} unreadable={}{}", poll.read(), poll.hard(), poll.soft(), poll.suppressed(), poll.complaints(),
                    poll.ended(), poll.autoReplies(), poll.untied(), poll.unreadable(), poll.stopped() ? " (stopped)" : "");
        }
        return poll;
    }

    private static final class Counts {
        int hard;
        int soft;
        int suppressed;
        int complaints;
        int ended;
        int autoReplies;
        int untied;
        int unreadable;
    }

    private BounceMailbox.Disposition handle(Report report, Counts counts) {
        if (report instanceof Report.Bounce bounce) {
            bounce(bounce, counts);
            return BounceMailbox.Disposition.DELETE;
        }
        if (report instanceof Report.Complaint complaint) {
            complaint(complaint, counts);
            return BounceMailbox.Disposition.DELETE;
        }
        if (report instanceof Report.AutoReply) {
            counts.autoReplies++;
            LOG.info("bounces: an automatic reply, deleted");
            return BounceMailbox.Disposition.DELETE;
        }
        counts.unreadable++;
        LOG.warn("bounces: a message is left in the mailbox, marked read: {}", ((Report.Unknown) report).reason());
        return BounceMailbox.Disposition.KEEP_SEEN;
    }

    /** A bounce: one subscriber when a token names one, else each recipient whose address is a subscriber's. */
    private void bounce(Report.Bounce bounce, Counts counts) {
        Map<String, Report.Recipient> tied = new LinkedHashMap<>();
        OptionalLong subscriber = byToken(bounce.tokens());
        Optional<String> byToken = subscriber.isPresent() ? store.addressHashOf(subscriber.getAsLong()) : Optional.empty();
        if (byToken.isPresent()) {
            Report.Recipient worst = bounce.recipients().stream().filter(Report.Recipient::hard).findFirst()
                    .orElse(bounce.recipients().get(0));
            tied.put(byToken.get(), worst);
        } else {
            for (Report.Recipient recipient : bounce.recipients()) {
                byAddress(recipient.addresses()).ifPresent(hash -> tied.putIfAbsent(hash, recipient));
            }
        }
        if (tied.isEmpty()) {
            counts.untied++;
            LOG.info("bounces: a {} bounce ({}) names no subscriber of ours; deleted", bounce.hard() ? "hard" : "soft",
                    bounce.status());
            return;
        }
        Instant now = clock.instant();
        tied.forEach((hash, recipient) -> {
            BounceStore.Outcome outcome = recipient.hard()
                    ? store.hard(hash, bounce.key(), recipient.status(), "hard bounce: " + recipient.status(), now)
                    : store.soft(hash, bounce.key(), recipient.status(), now, config.softLimit(), now.minus(config.softWindow()),
                            "soft bounces: " + config.softLimit() + " in " + window(config.softWindow()));
            if (!outcome.recorded()) {
                LOG.info("bounces: a report read before ({} {}); deleted", recipient.hard() ? "hard" : "soft", recipient.status());
                return;
            }
            String kind = recipient.hard() ? "hard" : "soft";
            if (recipient.hard()) {
                counts.hard++;
            } else {
                counts.soft++;
            }
            tally.add(Metric.MAIL_BOUNCED, kind);
            if (outcome.suppressed()) {
                counts.suppressed++;
                tally.add(Metric.MAIL_SUPPRESSED, kind);
            }
            LOG.info("bounces: {} bounce {}{}", kind, recipient.status(), outcome.suppressed() ? ": address suppressed" : "");
        });
    }

    private void complaint(Report.Complaint complaint, Counts counts) {
        if (!complaint.complains()) {
            LOG.info("bounces: a feedback report of type {} complains of nothing; deleted", complaint.feedbackType());
            return;
        }
        OptionalLong subscriber = byToken(complaint.tokens());
        if (subscriber.isEmpty() || store.addressHashOf(subscriber.getAsLong()).isEmpty()) {
            subscriber = byAddress(complaint.recipient().stream().toList()).flatMap(store::subscriberOf)
                    .map(OptionalLong::of).orElse(OptionalLong.empty());
        }
        if (subscriber.isEmpty()) {
            counts.untied++;
            LOG.info("bounces: a complaint ({}) names no subscriber of ours; deleted", complaint.feedbackType());
            return;
        }
        BounceStore.Outcome outcome = store.complaint(subscriber.getAsLong(), complaint.key(), complaint.feedbackType(),
                clock.instant());
        if (!outcome.recorded()) {
            LOG.info("bounces: a complaint read before; deleted");
            return;
        }
        counts.complaints++;
        counts.ended += outcome.ended().size();
        tally.add(Metric.MAIL_COMPLAINED, "");
        if (!outcome.ended().isEmpty()) {
            tally.add(Metric.UNSUBSCRIBED, "complaint", outcome.ended().size());
        }
        service.ended(outcome.ended());
        LOG.info("bounces: a complaint ({}) ended a subscriber's {} alerts", complaint.feedbackType(), outcome.ended().size());
    }

    /** The subscriber the first of our tokens names (a forged or foreign one names nobody). */
    private OptionalLong byToken(List<String> tokens) {
        for (String token : tokens) {
            OptionalLong id = service.tokens().bounceSubscriber(token);
            if (id.isPresent()) {
                return id;
            }
        }
        return OptionalLong.empty();
    }

    /** The keyed hash of the first address that is a subscriber's. */
    private Optional<String> byAddress(List<String> addresses) {
        List<String> hashes = new ArrayList<>();
        for (String address : addresses) {
            hashes.add(service.addressHash(address));
        }
        return hashes.stream().filter(hash -> store.subscriberOf(hash).isPresent()).findFirst();
    }

    /** {@code 14 days}, {@code 36 hours}. */
    static String window(Duration window) {
        return window.toHours() % 24 == 0 ? window.toDays() + (window.toDays() == 1 ? " day" : " days")
                : window.toHours() + (window.toHours() == 1 ? " hour" : " hours");
    }
}
