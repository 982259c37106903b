package uk.org.perusupportgroup.quipu.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where the fetcher connects, with {@code partners.allow-private-addresses: false}. {@code 127.0.0.2} plays a partner
 * on the internet (the policy lets it through); {@code 127.0.0.1}, on the same port, plays a service inside PSG's
 * network that no partner may make Quipu reach. Every refusal is made before anything is sent.
 */
class WebFetcherAddressTest {

    private static final String PARTNER = "127.0.0.2";
    private static final String TLS = "src/test/resources/partners/tls/";
    private static final String FEED = "<rss version=\"2.0\"><channel><title>partner</title></channel></rss>";

    private Vertx vertx;
    private Context context;
    private FixturePartnerSite partner;
    private FixturePartnerSite inside;
    private final FixtureHosts hosts = new FixtureHosts().name("partner.test", PARTNER);

    @BeforeEach
    void start() throws Exception {
        partner = new FixturePartnerSite(PARTNER, 0, null)
                .text("/feed", "application/rss+xml", FEED)
                .text("/robots.txt", "text/plain", "User-agent: *\nAllow: /\n")
                .route("/hop", r -> r.response().setStatusCode(302).putHeader("Location", "/feed").end())
                .route("/redirect", r -> r.response().setStatusCode(302).putHeader("Location", r.getParam("to")).end());
        inside = new FixturePartnerSite("127.0.0.1", partner.port(), null)
                .text("/feed", "application/rss+xml", "<rss version=\"2.0\"><channel><title>inside</title></channel></rss>")
                .text("/robots.txt", "text/plain", "User-agent: *\nAllow: /\n");
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
        partner.close();
        inside.close();
    }

    private WebFetcher fetcher(HostResolver resolver) {
        return new WebFetcher(vertx, "test", "https://psg.example/contact", Duration.ofSeconds(2), 1024 * 1024, Duration.ofMillis(1),
                resolver, FixtureHosts.standingIn(PARTNER, AddressPolicy.of(false)));
    }

    private Future<Fetcher.FetchResult> fetch(WebFetcher fetcher, String url, boolean robots) {
        return Future.<Future<Fetcher.FetchResult>>future(promise -> context.runOnContext(v -> promise.complete(
                fetcher.fetch(new Fetcher.FetchRequest(URI.create(url), Optional.empty(), Optional.empty(), robots))))).compose(f -> f);
    }

    private Fetcher.FetchResult fetched(WebFetcher fetcher, String url) throws Exception {
        return fetch(fetcher, url, false).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private FetchException failure(WebFetcher fetcher, String url, boolean robots) {
        ExecutionException thrown = assertThrows(ExecutionException.class,
                () -> fetch(fetcher, url, robots).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        return assertInstanceOf(FetchException.class, thrown.getCause());
    }

    /** Answers the partner's address to the first look-up and 127.0.0.1 to every later one, counting them. */
    private static HostResolver rebinding(AtomicInteger lookups) {
        return host -> Future.succeededFuture(List.of(PublicAddresses.literal(lookups.getAndIncrement() == 0 ? PARTNER : "127.0.0.1")
                .orElseThrow()));
    }

    private static String body(Fetcher.FetchResult result) {
        return new String(result.body(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            loopback                     | http://127.0.0.1:{port}/feed              | 127.0.0.1 is a loopback address
            private 10.x                 | http://10.0.0.1/feed                      | 10.0.0.1 is a private address
            cloud metadata (link-local)  | http://169.254.169.254/latest/meta-data/  | 169.254.169.254 is a link-local address
            IPv6 loopback                | http://[::1]:{port}/feed                  | ::1 is a loopback address
            IPv4-mapped loopback         | http://[::ffff:7f00:1]:{port}/feed        | 127.0.0.1 is a loopback address
            IPv6 unique-local            | http://[fd00::1]/feed                     | fd00::1 is a unique-local address
            unspecified                  | http://0.0.0.0:{port}/feed                | 0.0.0.0 is an unspecified ("this network") address
            carrier-grade NAT            | http://100.64.0.1/feed                    | 100.64.0.1 is a shared address (carrier-grade NAT)
            a name for a private address | http://intranet.test:{port}/feed          | intranet.test resolves to 192.168.1.10, a private address
            """)
    void aDestinationThatIsNotPublicIsRefusedSayingWhyAsIsARedirectToIt(String name, String url, String why) {
        hosts.name("intranet.test", "192.168.1.10");
        String target = url.replace("{port}", Integer.toString(inside.port()));
        String reason = "refused: " + why + ", not a public one (partners.allow-private-addresses is false); ";

        FetchException refused = failure(fetcher(hosts), target, false);
        assertTrue(refused.refused());
        assertEquals(reason + "not fetching " + target, refused.getMessage());

        String from = "http://partner.test:" + partner.port() + "/redirect?to=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
        FetchException redirected = failure(fetcher(hosts), from, false);
        assertEquals(reason + "not following the redirect from " + from + " to " + target, redirected.getMessage());
        assertEquals(List.of("/redirect"), partner.requests().stream().map(FixturePartnerSite.Seen::path).toList());
        assertEquals(List.of(), inside.requests(), "nothing reached the inside");
    }

    @Test
    void aNameThatRebindsToLoopbackAfterItsCheckIsNeverConnectedTo() throws Exception {
        // a second look-up before connecting would reach the inside
        AtomicInteger lookups = new AtomicInteger();
        WebFetcher fetcher = fetcher(rebinding(lookups));
        String url = "http://rebind.test:" + partner.port() + "/feed";

        assertEquals(FEED, body(fetched(fetcher, url)));
        assertEquals(1, lookups.get(), "one look-up for one request");
        assertEquals("rebind.test:" + partner.port(), partner.requests().get(0).headers().get("Host"), "the name is kept for the Host header");
        assertEquals(List.of(), inside.requests());

        FetchException refused = failure(fetcher, url, false);
        assertTrue(refused.getMessage().startsWith("refused: rebind.test resolves to 127.0.0.1, a loopback address"), refused.getMessage());
        assertEquals(2, lookups.get());
        assertEquals(List.of(), inside.requests(), "the loopback answer was checked, never connected to");
    }

    @Test
    void eachRedirectHopIsResolvedOnceAndCheckedAgain() throws Exception {
        String url = "http://partner.test:" + partner.port() + "/hop";
        assertEquals(FEED, body(fetched(fetcher(hosts), url)));
        assertEquals(List.of("partner.test", "partner.test"), hosts.lookups(), "two hops, one look-up each");

        FetchException refused = failure(fetcher(rebinding(new AtomicInteger())), "http://rebind.test:" + partner.port() + "/hop", false);
        assertTrue(refused.getMessage().contains("rebind.test resolves to 127.0.0.1, a loopback address")
                && refused.getMessage().endsWith("not following the redirect from http://rebind.test:" + partner.port() + "/hop to http://rebind.test:"
                        + partner.port() + "/feed"), refused.getMessage());
        assertEquals(List.of(), inside.requests());
    }

    @Test
    void aNameWithOneAddressThatIsNotPublicIsRefusedWhole() {
        hosts.name("mixed.test", PARTNER, "10.0.0.1");
        FetchException refused = failure(fetcher(hosts), "http://mixed.test:" + partner.port() + "/feed", false);
        assertTrue(refused.getMessage().startsWith("refused: mixed.test resolves to 10.0.0.1, a private address"), refused.getMessage());
        assertEquals(List.of(), partner.requests(), "not even the public address is asked");
    }

    @Test
    void aNameThatDoesNotResolveIsAFailureNotARefusal() {
        FetchException failed = failure(fetcher(hosts), "http://nowhere.test/feed", false);
        assertEquals("cannot resolve nowhere.test: unknown host", failed.getMessage());
        assertFalse(failed.refused());
    }

    @Test
    void aRobotsTxtRedirectedInsideIsRefusedAndAllowsNothing() {
        partner.route("/robots.txt", r -> r.response().setStatusCode(301)
                .putHeader("Location", "http://127.0.0.1:" + inside.port() + "/robots.txt").end());
        FetchException refused = failure(fetcher(hosts), "http://partner.test:" + partner.port() + "/news", true);
        assertEquals("refused: 127.0.0.1 is a loopback address, not a public one (partners.allow-private-addresses is false); not"
                + " following the redirect from http://partner.test:" + partner.port() + "/robots.txt to http://127.0.0.1:" + inside.port()
                + "/robots.txt", refused.getMessage());
        assertEquals(List.of("/robots.txt"), partner.requests().stream().map(FixturePartnerSite.Seen::path).toList(),
                "the page itself is not fetched");
        assertEquals(List.of(), inside.requests());
    }

    @Test
    void aRedirectFromHttpsToHttpIsRefused() throws Exception {
        try (FixturePartnerSite secure = new FixturePartnerSite(PARTNER, 0, new PemKeyCertOptions()
                .setKeyPath(TLS + "partner-test.key.pem").setCertPath(TLS + "partner-test.cert.pem"))) {
            String plain = "http://partner.test:" + partner.port() + "/feed";
            secure.route("/down", r -> r.response().setStatusCode(301).putHeader("Location", plain).end());
            WebFetcher fetcher = fetcher(hosts).trusting(new PemTrustOptions().addCertPath(TLS + "partner-test.cert.pem"));
            String url = "https://partner.test:" + secure.port() + "/down";

            FetchException refused = failure(fetcher, url, false);
            assertEquals("refused: the redirect from " + url + " to " + plain + " would leave https for plain http", refused.getMessage());
            assertEquals(Optional.of(301), refused.status());
            assertEquals(List.of(), partner.requests(), "the plain http address is never asked");
        }
    }

    @Test
    void tlsStillVerifiesTheCertificateAgainstTheHostNameNotTheAddress() throws Exception {
        try (FixturePartnerSite secure = new FixturePartnerSite(PARTNER, 0, new PemKeyCertOptions()
                .setKeyPath(TLS + "partner-test.key.pem").setCertPath(TLS + "partner-test.cert.pem"))) {
            secure.text("/feed", "application/rss+xml", FEED);
            // the same checked address under a name the certificate does not carry
            WebFetcher fetcher = fetcher(hosts.name("other.test", PARTNER))
                    .trusting(new PemTrustOptions().addCertPath(TLS + "partner-test.cert.pem"));

            assertEquals(FEED, body(fetched(fetcher, "https://partner.test:" + secure.port() + "/feed")));
            assertEquals("partner.test:" + secure.port(), secure.requests().get(0).headers().get("Host"));

            FetchException mismatch = failure(fetcher, "https://other.test:" + secure.port() + "/feed", false);
            assertFalse(mismatch.refused());
            assertTrue(mismatch.getMessage().contains("other.test"), mismatch.getMessage());
            assertEquals(1, secure.requests().size(), "no request was sent over the unverified connection");
        }
    }
}
