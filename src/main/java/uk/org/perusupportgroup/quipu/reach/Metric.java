package uk.org.perusupportgroup.quipu.reach;

import java.util.Arrays;
import java.util.Optional;

/**
 * What is counted per day, under the name it has in the {@code reach_count} table, the exports and the Prometheus
 * counters ({@code quipu_reach_} + name). A count is added to; a {@link Kind#LEVEL} is the day's latest figure.
 */
public enum Metric {
    /** A feed answered in full (200), per feed address. */
    FEED_FULL("feed_200", Kind.COUNT, "feed answers in full (200)"),
    /** A feed answered "not modified" (304), per feed address. */
    FEED_NOT_MODIFIED("feed_304", Kind.COUNT, "feed answers not modified (304)"),
    /** The body bytes of the feed answers, per feed address. */
    FEED_BYTES("feed_bytes", Kind.COUNT, "feed bytes sent"),
    /** Feed requests per client family (label), per feed address. */
    FEED_CLIENT("feed_client", Kind.COUNT, "feed requests by client family"),

    /** The alerts as they stand, by {@code state=…}, {@code frequency=…}, {@code language=…}, {@code topic=…}, {@code region=…}. */
    SUBSCRIPTIONS("subscriptions", Kind.LEVEL, "alerts by state, frequency, language, topic and region"),
    /** Alerts confirmed. */
    CONFIRMED("confirmed", Kind.COUNT, "alerts confirmed"),
    /** Alerts ended, by how: {@code one-click}, {@code page}, {@code bounce}, {@code complaint}. */
    UNSUBSCRIBED("unsubscribed", Kind.COUNT, "alerts ended, by how"),
    /** Messages handed to the mail server, by kind ({@code confirm}, {@code alert}, {@code digest}, {@code links}). */
    MAIL_SENT("mail_sent", Kind.COUNT, "messages sent, by kind"),
    /** Attempts the mail server put off (4xx) or that could not reach it, to be tried again. */
    MAIL_DEFERRED("mail_deferred", Kind.COUNT, "messages deferred"),
    /** Bounces read back, {@code hard} or {@code soft}. */
    MAIL_BOUNCED("mail_bounced", Kind.COUNT, "bounces, hard or soft"),
    /** Complaint (spam) reports read back. */
    MAIL_COMPLAINED("mail_complained", Kind.COUNT, "complaint reports"),
    /** Addresses suppressed, by why: {@code hard}, {@code soft}, {@code smtp}. */
    MAIL_SUPPRESSED("mail_suppressed", Kind.COUNT, "addresses suppressed, by why"),

    /** Partner items newly stored, per source (label). */
    PARTNER_STORED("partner_stored", Kind.COUNT, "partner items stored, per source"),
    /** Partner items staff hid, per source (label). */
    PARTNER_HIDDEN("partner_hidden", Kind.COUNT, "partner items hidden, per source"),
    /** Partner polls that failed, per source (label). */
    PARTNER_POLL_FAILED("partner_poll_failed", Kind.COUNT, "partner polls failed, per source");

    /** A count adds up over the day, across instances; a level is the day's latest figure. */
    public enum Kind { COUNT, LEVEL }

    private final String id;
    private final Kind kind;
    private final String description;

    Metric(String id, Kind kind, String description) {
        this.id = id;
        this.kind = kind;
        this.description = description;
    }

    /** The name in the table, the exports and the counters. */
    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    public String description() {
        return description;
    }

    public static Optional<Metric> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }
}
