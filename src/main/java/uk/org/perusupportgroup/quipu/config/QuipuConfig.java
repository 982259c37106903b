package uk.org.perusupportgroup.quipu.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The whole validated configuration: built once by {@link ConfigLoader} and passed down through
 * constructors. Every field is already checked; nothing below {@code config} re-validates it.
 *
 * @param baseUrl the public address of the service; empty means "derive it from the bound port"
 */
public record QuipuConfig(
        Http http,
        Optional<URI> baseUrl,
        Feed feed,
        Path dataDir,
        Db db,
        Optional<String> adminToken,
        Articles articles,
        VocabularyFiles vocabulary,
        Optional<URI> websubHub,
        Mail mail,
        Partners partners,
        Alerts alerts,
        Retention retention,
        Staff staff,
        Media media,
        Reach reach) {

    /**
     * @param port 0 means any free port
     * @param behindProxy the client's address comes from X-Forwarded-For, set by a trusted reverse proxy
     * @param eventLoops threads serving HTTP; 0 means one per core
     * @param searchesPerMinute each client's share of the costly reads: searches, alert previews, listing pages past
     *     the first
     */
    public record Http(String host, int port, boolean behindProxy, int eventLoops, int searchesPerMinute) {

        public Http(String host, int port) {
            this(host, port, false, 0, 60);
        }

        /** The event loops to run: {@link #eventLoops}, or one per core when it is 0. */
        public int eventLoopsOrCores() {
            return eventLoops > 0 ? eventLoops : Math.max(1, Runtime.getRuntime().availableProcessors());
        }
    }

    /**
     * @param tagAuthority authority of item {@code tag:} ids (RFC 4151), never derived from base-url
     * @param pageSize items per feed document
     * @param maxAge the {@code Cache-Control: max-age} of feeds
     * @param cacheMib bound of the rendered-feed cache, in MiB
     * @param searchCacheMib bound of the saved-search feed cache, in MiB
     */
    public record Feed(String tagAuthority, String title, String language, int pageSize, Duration maxAge,
            int cacheMib, int searchCacheMib) {}

    /** @param url a JDBC URL: {@code jdbc:h2:…} or {@code jdbc:postgresql:…} */
    public record Db(String url, String user, String password, int poolSize) {

        public boolean isPostgres() {
            return url.startsWith("jdbc:postgresql:");
        }

        @Override
        public String toString() {
            return "Db[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
        }
    }

    /**
     * @param dir the tree of {@code *.md} article files; {@code scanInterval} how often it is re-read
     * @param maxRemovalShare the percentage of the file articles one scan may remove (never fewer than 5 articles);
     *     a scan that would remove more removes none until staff confirm
     */
    public record Articles(Path dir, Duration scanInterval, int maxRemovalShare) {

        /** The most file articles one scan may remove without staff confirming: the larger of 5 and the share. */
        public int removalLimit(int fileArticles) {
            return Math.max(5, (int) ((long) fileArticles * maxRemovalShare / 100));
        }
    }

    /** Where the vocabulary comes from; an empty path means the copy built into the jar. */
    public record VocabularyFiles(Optional<Path> topics, Optional<Path> regions) {}

    /**
     * @param smtp empty: mail is written to {@code data-dir/mail} as .eml files
     * @param dkim empty: messages are not signed
     * @param bounces where bounces and complaints go and what is made of them
     */
    public record Mail(Optional<Smtp> smtp, String from, Optional<Dkim> dkim, Bounces bounces) {

        public Mail(Optional<Smtp> smtp, String from) {
            this(smtp, from, Optional.empty(), Bounces.NONE);
        }

        public Mail(Optional<Smtp> smtp, String from, Optional<Dkim> dkim) {
            this(smtp, from, dkim, Bounces.NONE);
        }
    }

    /**
     * Bounces (RFC 3464 delivery status notifications) and complaints (RFC 5965 feedback reports).
     *
     * @param address the bounce mailbox, {@code local@domain}: every subscriber message goes with the envelope sender
     *     {@code local+token@domain} (VERP), the token signed and naming the subscriber; empty: the envelope sender is
     *     the From address, as before
     * @param imap where the bounce mailbox is read; empty: it is not read
     * @param softLimit this many soft bounces of one address within {@code softWindow} suppress it
     */
    public record Bounces(Optional<String> address, Optional<Imap> imap, int softLimit, Duration softWindow) {

        /** No VERP address and no mailbox read: bounces are not seen. */
        public static final Bounces NONE = new Bounces(Optional.empty(), Optional.empty(), 3, Duration.ofDays(14));
    }

    /** How the IMAP connection is protected: TLS from the start (993), STARTTLS required, or none (tests only). */
    public enum ImapSecurity { SSL, STARTTLS, NONE }

    /**
     * The bounce mailbox over IMAP.
     *
     * @param port the server's port (993 for {@code ssl}, 143 otherwise, unless set)
     * @param folder the folder the reports arrive in
     * @param pollInterval how often it is read
     */
    public record Imap(String host, int port, ImapSecurity security, String username, String password, String folder,
            Duration pollInterval) {

        @Override
        public String toString() {
            return "Imap[host=" + host + ", port=" + port + ", security=" + security + ", username=" + username
                    + ", folder=" + folder + ", pollInterval=" + pollInterval + "]";
        }
    }

    /** DKIM signing (RFC 6376): the signing domain, the selector of its DNS record, the PKCS#8 PEM private key. */
    public record Dkim(String domain, String selector, Path privateKey) {}

    public record Smtp(String host, int port, boolean starttls, String username, String password) {

        @Override
        public String toString() {
            return "Smtp[host=" + host + ", port=" + port + ", starttls=" + starttls + ", username=" + username + "]";
        }
    }

    /**
     * Partner aggregation.
     *
     * @param staff the addresses (partners.notify) told when a source keeps failing or a page stops yielding items
     * @param notifyAfter how long a source must have failed before staff are told
     * @param contact the operator's contact URL, named in the User-Agent of every request; empty: base-url
     * @param timeout the longest one request (one redirect hop) may take, from connecting to the last byte
     * @param maxBodyBytes the largest body read; a longer one is cut off while it arrives
     * @param hostInterval the shortest gap between two requests to one host
     * @param allowPrivateAddresses whether partner fetches may go to addresses that are not public unicast ones
     *     (loopback, private, link-local, unique-local, shared, multicast…): for tests and intranet partners only
     */
    public record Partners(Path file, boolean enabled, java.util.List<String> staff, Duration notifyAfter,
            Optional<URI> contact, Duration timeout, long maxBodyBytes, Duration hostInterval, boolean allowPrivateAddresses) {

        public Partners {
            staff = java.util.List.copyOf(staff);
        }
    }

    /**
     * Keyword alerts.
     *
     * @param maxAge an article alerts only when it was published at most this long before it was first stored
     * @param confirmWithin how long an alert request waits for its confirmation before it expires
     * @param digestHour the hour (0–23, in {@code timeZone}) at which daily, weekly and monthly digests go out
     * @param weeklyDay the day weekly digests go out (monthly ones: the 1st)
     * @param immediatePerDay the most immediate emails one subscriber gets in a day; the rest join the next daily digest
     * @param sendRate the most messages sent per second, over every subscriber
     * @param secret the key of link tokens; empty: one generated on first start and kept in the database
     * @param signupsPerHour the most alert requests one client (an IPv4 address, an IPv6 /64) may make in an
     *     hour; an IPv6 /48 may make {@code 8 ×} as many
     * @param confirmationsPerDay the most confirmation emails one mailbox receives in a day
     * @param confirmationsPerHour the most confirmation emails sent in an hour, to everyone, by every instance together
     * @param synonyms the synonyms file; empty: the copy built into the jar
     */
    public record Alerts(boolean enabled, Duration maxAge, Duration confirmWithin, int digestHour,
            java.time.ZoneId timeZone, java.time.DayOfWeek weeklyDay, int immediatePerDay, int sendRate,
            Optional<String> secret, int signupsPerHour, int confirmationsPerDay, int confirmationsPerHour, Optional<Path> synonyms,
            Duration lease) {

        @Override
        public String toString() {
            return "Alerts[enabled=" + enabled + ", maxAge=" + maxAge + ", digestHour=" + digestHour + ", timeZone="
                    + timeZone + ", secret=" + (secret.isPresent() ? "(set)" : "(generated)") + "]";
        }
    }

    /**
     * How long the daily clean-up keeps what it deletes.
     *
     * @param sentMessages messages that went (or ended: failed, dropped), with the deliveries they carried
     * @param deliveries which article went to whom
     * @param matches which article matched which alert (the private feeds of alerts show these)
     * @param lapsedRequests the anonymous record of a request never confirmed, from its lapse
     * @param unsubscribed an address none of whose alerts is left on, from its last unsubscription, until it is erased
     *     to its anonymous record; an unsubscribed alert of an address with others on is deleted then too
     * @param removedArticles a removed article, restorable from the staff pages until it is purged
     */
    public record Retention(Duration sentMessages, Duration deliveries, Duration matches, Duration lapsedRequests,
            Duration unsubscribed, Duration removedArticles) {}

    /**
     * The staff pages' sessions.
     *
     * @param sessionIdle a session unused this long ends
     * @param sessionLifetime a session ends this long after sign-in, however busy
     */
    public record Staff(Duration sessionIdle, Duration sessionLifetime) {}

    /**
     * Uploaded photos and documents.
     *
     * @param maxBytes the largest file accepted (and the largest upload request, less the form's other fields)
     * @param maxPixels the most pixels an image's header may claim; checked before the image is decoded
     */
    public record Media(long maxBytes, long maxPixels) {}

    /**
     * Reach: the daily figures of feeds, alerts and partner items.
     *
     * @param counting false: nothing is counted or written
     * @param writeEvery how often each instance writes its counts
     * @param keep figures of days older than this are deleted
     */
    public record Reach(boolean counting, Duration writeEvery, Duration keep) {}

    @Override
    public String toString() {
        return "QuipuConfig[http=" + http + ", baseUrl=" + baseUrl + ", feed=" + feed + ", dataDir=" + dataDir
                + ", db=" + db + ", adminToken=" + (adminToken.isPresent() ? "(set)" : "(generated)")
                + ", articles=" + articles + ", websubHub=" + websubHub + ", alerts=" + alerts + ", retention=" + retention
                + ", staff=" + staff + ", media=" + media + ", reach=" + reach + "]";
    }
}
