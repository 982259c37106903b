package uk.org.perusupportgroup.quipu.reach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.ReachRows;
import uk.org.perusupportgroup.quipu.TestServer;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.store.TestDatabases;

/**
 * Two instances on one PostgreSQL database, each reader reading through both: the requests add up, each reader is
 * counted once (the instances share the day's key and their sketches merge), the later stated figure of an aggregator
 * is the one kept, and no address or User-Agent is in any table.
 */
class ReachScaleOutIT {

    private static final int READERS = 300;
    private static final String FEED = "/feeds/regions/apurimac.json";

    @Test
    void twoInstancesCountEachReaderOnce() throws Exception {
        QuipuConfig.Db db = TestDatabases.postgresConfig("reach-scale-out");
        Map<String, String> env = Map.of("QUIPU_DB_URL", db.url(), "QUIPU_DB_USER", db.user(), "QUIPU_DB_PASSWORD", db.password(),
                "QUIPU_HTTP_BEHIND_PROXY", "true", "QUIPU_REACH_WRITE_EVERY", "1h");
        try (TestServer first = TestServer.start(env); TestServer second = TestServer.start(env)) {
            List<String> secrets = new ArrayList<>();
            for (TestServer server : List.of(first, second)) {
                assertEquals(200, server.api("POST", "/api/reach/write", null).statusCode(), "the day's key");
            }
            for (int i = 0; i < READERS; i++) {
                String address = "192.0." + (2 + i / 250) + "." + (1 + i % 250);
                String agent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; reader " + i + ") AppleWebKit/537.36 Chrome/131.0 Safari/537.36";
                for (TestServer server : List.of(first, second)) {
                    assertEquals(200, server.getBytes(FEED, "User-Agent", agent, "X-Forwarded-For", address).statusCode());
                }
                secrets.add(agent);
                secrets.add(address);
            }
            first.getBytes(FEED, "User-Agent", "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 10 subscribers; like FeedFetcher-Google)");
            Thread.sleep(5);
            second.getBytes(FEED, "User-Agent", "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 12 subscribers; like FeedFetcher-Google)");
            // the later figure is written first: the earlier one, written after it, must not replace it
            assertEquals(200, second.api("POST", "/api/reach/write", null).statusCode());
            assertEquals(200, first.api("POST", "/api/reach/write", null).statusCode());

            JsonArray rows = new JsonObject(first.api("GET", "/api/reach", null).body()).getJsonArray("rows");
            assertEquals(2 * READERS + 2, ReachRows.sum(rows, "feed_200", FEED, ""), "both instances' requests");
            ReachIT.assertClose(READERS, ReachRows.sum(rows, "readers", FEED, ""), "each reader once, through either instance");
            ReachIT.assertClose(READERS, ReachRows.sum(rows, "readers", "", ""), "over every feed");
            assertEquals(12, ReachRows.sum(rows, "stated_subscribers", FEED, "Feedly"), "Feedly's latest figure");
            ReachChecks.assertSameRows(rows, new JsonObject(second.api("GET", "/api/reach", null).body()).getJsonArray("rows"));
            ReachChecks.assertNowhere(db, secrets);
            assertTrue(secrets.size() == 2 * READERS);
        }
    }
}
