package uk.org.perusupportgroup.quipu.aggregate;

import uk.org.perusupportgroup.quipu.reach.Tally;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.article.PartnerSource;
import uk.org.perusupportgroup.quipu.article.Vocabulary;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.mail.MailMessage;
import uk.org.perusupportgroup.quipu.mail.Mailer;
import uk.org.perusupportgroup.quipu.publish.Publishing;
import uk.org.perusupportgroup.quipu.store.Database;

/**
 * Partner aggregation, assembled: the polite fetcher, the cleaning and tagging of items, and the poller of the
 * configured sources, whose staff are told of failing sources by mail. {@link #start} begins polling, {@link #stop}
 * lets polls under way be recorded.
 */
public final class Aggregation {

    private static final Logger LOG = LoggerFactory.getLogger(Aggregation.class);
    /** Embedded players kept (sandboxed) in partner content republished in full. */
    private static final Set<String> IFRAME_HOSTS = Set.of("www.youtube.com", "www.youtube-nocookie.com", "player.vimeo.com");

    private final WebFetcher fetcher;
    private final PartnerPoller poller;

    private Aggregation(WebFetcher fetcher, PartnerPoller poller) {
        this.fetcher = fetcher;
        this.poller = poller;
    }

    /**
     * Builds the poller of {@code partners} on the calling verticle's context, where its polls are to run.
     *
     * @param resolver how partner hosts are looked up (the system's resolver, or a test's)
     * @param policy applied to the address policy of {@code partners.allow-private-addresses} (identity, or a test's
     *     that lets a loopback address stand in for a partner on the internet)
     */
    public static Aggregation assemble(QuipuConfig config, Vertx vertx, Database database, Vocabulary vocabulary,
            List<PartnerSource> partners, Publishing publishing, Mailer mailer, Clock clock,
            Optional<HostResolver> resolver, UnaryOperator<AddressPolicy> policy, MeterRegistry metrics, Tally tally) {
        QuipuConfig.Partners settings = config.partners();
        String contact = settings.contact().or(config::baseUrl).map(Object::toString)
                .orElse("https://www.perusupportgroup.org.uk");
        String version = Optional.ofNullable(Aggregation.class.getPackage().getImplementationVersion()).orElse("dev");
        var fetcher = new WebFetcher(vertx, version, contact, settings.timeout(), settings.maxBodyBytes(),
                settings.hostInterval(), resolver.orElseGet(() -> HostResolver.system(vertx)),
                policy.apply(AddressPolicy.of(settings.allowPrivateAddresses())));
        var normaliser = new ItemNormaliser(new HtmlSanitizer(IFRAME_HOSTS), new Tagger(vocabulary));
        var poller = new PartnerPoller(vertx, partners, fetcher, publishing.partnerStore(),
                publishing.store(), publishing.articles(), normaliser, (subject, text) -> notifyStaff(config, mailer, clock,
                subject, text), clock, settings.notifyAfter(), settings.enabled(), new Random(), settings.maxBodyBytes(), tally);
        for (String status : List.of("ok", "failing", "gone", "empty", "pending", "disabled")) {
            Gauge.builder("quipu_partner_sources", poller, p -> p.count(status)).tag("status", status)
                    .description("Partner sources by health").register(metrics);
        }
        return new Aggregation(fetcher, poller);
    }

    /** Starts polling; the first polls do not hold up the start. */
    public void start() {
        poller.start().onFailure(e -> LOG.error("partners: polling did not start", e));
    }

    /** Completes once polls under way are recorded. */
    public Future<Void> stop() {
        return poller.stop().eventually(() -> {
            fetcher.close();
            return Future.succeededFuture();
        });
    }

    /** The poller: the sources' health and refreshing one now. */
    public PartnerPoller poller() {
        return poller;
    }

    /** A notice to the staff addresses of partners.notify; only logged when there are none. */
    private static Future<Void> notifyStaff(QuipuConfig config, Mailer mailer, Clock clock, String subject, String text) {
        List<String> staff = config.partners().staff();
        if (staff.isEmpty()) {
            LOG.warn("partners: {} (no partners.notify addresses: not mailed)", subject);
            return Future.succeededFuture();
        }
        String domain = config.partners().contact().or(config::baseUrl).map(URI::getHost).orElse("quipu.invalid");
        String id = "<partners." + clock.millis() + "." + Integer.toHexString(subject.hashCode()) + "@" + domain + ">";
        return mailer.send(new MailMessage(config.mail().from(), staff, subject.replaceAll("[\\r\\n]+", " "), text,
                Optional.empty(), Map.of("Auto-Submitted", "auto-generated"), id));
    }
}
