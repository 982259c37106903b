package uk.org.perusupportgroup.quipu.aggregate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.TestServer;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.store.TestDatabases;

/** Two instances on one PostgreSQL database poll each partner source once per interval between them, not once each. */
class PartnerLeaseIT {

    @Test
    void twoInstancesPollEachSourceOnce() throws Exception {
        try (FixturePartnerSite site = new FixturePartnerSite()
                .text("/robots.txt", "text/plain", "User-agent: *\nAllow: /\n")
                .fixture("/en/feed/", "amnesty-location-peru-feed.synthetic.xml", "application/rss+xml; charset=UTF-8")
                .fixture("/en/main-feed/", "amnesty-org-en-feed.sample.xml", "application/rss+xml; charset=UTF-8")) {
            Path partners = Files.createTempFile("partners", ".yaml");
            Files.writeString(partners, "sources:\n" + source("amnesty", site.base + "/en/feed/") + source("amnesty-main",
                    site.base + "/en/main-feed/"));
            QuipuConfig.Db db = TestDatabases.postgresConfig("partner-lease");
            Map<String, String> env = Map.of("QUIPU_DB_URL", db.url(), "QUIPU_PARTNERS_ENABLED", "true",
                    "QUIPU_PARTNERS_FILE", partners.toString(), "QUIPU_PARTNERS_HOST_INTERVAL", "100ms",
                    "QUIPU_ALERTS_ENABLED", "false", "QUIPU_PARTNERS_ALLOW_PRIVATE_ADDRESSES", "true");
            try (TestServer first = TestServer.start(env); TestServer second = TestServer.start(env)) {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> site.requests("/en/feed/").size() + site.requests("/en/main-feed/").size() >= 2);
                // for three more ticks of both pollers each feed stays polled once: a second poll would have happened
                await("polled once between the two instances").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                        .until(() -> site.requests("/en/feed/").size() == 1 && site.requests("/en/main-feed/").size() == 1);
                assertEquals(200, first.get("/feeds/partners/amnesty.atom").statusCode());
                // both instances know the source's state: the one that did not poll took it over from the database
                for (TestServer server : new TestServer[] {first, second}) {
                    String health = server.api("GET", "/api/partners", null).body();
                    assertEquals(2, health.split("\"status\" : \"ok\"", -1).length - 1, health);
                }
            }
        }
    }

    private static String source(String id, String url) {
        return "  - id: " + id + "\n    name: Amnesty International\n    home: " + url + "\n    kind: feed\n    url: " + url
                + "\n    interval: 1h\n    language: en\n    reuse: excerpt\n";
    }
}
