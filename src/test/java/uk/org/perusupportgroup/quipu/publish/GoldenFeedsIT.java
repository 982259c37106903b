package uk.org.perusupportgroup.quipu.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.org.perusupportgroup.quipu.MutableClock;
import uk.org.perusupportgroup.quipu.RunningServer;
import uk.org.perusupportgroup.quipu.TestServer;

/**
 * Golden master of the public feeds: every body must stay byte for byte what the recorded build served.
 *
 * <p>The service runs on the sample articles with a fixed base URL (links do not depend on the random
 * port), a fixed clock (an article's modified time, and with it a feed's updated date, is the clock's
 * time when the file was imported) and a page size of 10 (so that the feed of all articles has a page 2).
 * Bodies are fetched without Accept-Encoding, so the identity bytes are compared.
 *
 * <p>Record the files again with {@code -Dgolden.record=true}; they live in
 * {@code src/test/resources/golden/feeds/}.
 */
class GoldenFeedsIT {

    static final Path GOLDEN = Path.of("src/test/resources/golden/feeds");
    static final boolean RECORD = Boolean.getBoolean("golden.record");
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    static final String RSS = "application/rss+xml; charset=utf-8";
    static final String ATOM = "application/atom+xml; charset=utf-8";
    static final String JSON = "application/feed+json";
    static final String OPML = "text/x-opml; charset=utf-8";

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(() -> Map.of("QUIPU_BASE_URL", "https://feeds.example.org",
            "QUIPU_FEED_PAGE_SIZE", "10"), new MutableClock(NOW), running -> server = running);
    private static TestServer server;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/feeds/all.rss, all.rss, " + RSS,
        "/feeds/all.atom, all.atom, " + ATOM,
        "/feeds/all.json, all.json, " + JSON,
        "/feeds/all.rss?page=2, all.page-2.rss, " + RSS,
        "/feeds/all.atom?page=2, all.page-2.atom, " + ATOM,
        "/feeds/all.json?page=2, all.page-2.json, " + JSON,
        "/feeds/topics/elections-and-politics.rss, topics/elections-and-politics.rss, " + RSS,
        "/feeds/topics/elections-and-politics.atom, topics/elections-and-politics.atom, " + ATOM,
        "/feeds/topics/elections-and-politics.json, topics/elections-and-politics.json, " + JSON,
        "/feeds/topics/human-rights.rss, topics/human-rights.rss, " + RSS,
        "/feeds/topics/human-rights.atom, topics/human-rights.atom, " + ATOM,
        "/feeds/topics/human-rights.json, topics/human-rights.json, " + JSON,
        "/feeds/regions/national.rss, regions/national.rss, " + RSS,
        "/feeds/regions/national.atom, regions/national.atom, " + ATOM,
        "/feeds/regions/national.json, regions/national.json, " + JSON,
        "/feeds/regions/cusco.rss, regions/cusco.rss, " + RSS,
        "/feeds/regions/cusco.atom, regions/cusco.atom, " + ATOM,
        "/feeds/regions/cusco.json, regions/cusco.json, " + JSON,
        "/feeds.opml, feeds.opml, " + OPML,
    })
    void bodyIsByteIdenticalToTheGoldenFile(String path, String file, String contentType) throws IOException {
        HttpResponse<byte[]> response = server.getBytes(path);
        assertEquals(200, response.statusCode(), path + ": status");
        assertEquals(contentType, response.headers().firstValue("Content-Type").orElse(null), path + ": Content-Type");
        assertTrue(response.headers().firstValue("Content-Encoding").isEmpty(), path + ": identity body expected");
        byte[] actual = response.body();
        Path golden = GOLDEN.resolve(file);
        if (RECORD) {
            Files.createDirectories(golden.getParent());
            Files.write(golden, actual);
            System.out.println("GoldenFeedsIT recorded " + golden + " (" + actual.length + " bytes)");
            return;
        }
        assertTrue(Files.isRegularFile(golden), file + ": no golden file " + golden.toAbsolutePath()
                + " (record with -Dgolden.record=true)");
        byte[] expected = Files.readAllBytes(golden);
        if (!Arrays.equals(expected, actual)) {
            fail(difference(file, expected, actual));
        }
    }

    /** The file, the first differing byte and the first differing line of both. */
    static String difference(String file, byte[] expected, byte[] actual) {
        int offset = Arrays.mismatch(expected, actual);
        String[] want = new String(expected, StandardCharsets.UTF_8).split("\n", -1);
        String[] got = new String(actual, StandardCharsets.UTF_8).split("\n", -1);
        int line = 0;
        while (line < want.length && line < got.length && want[line].equals(got[line])) {
            line++;
        }
        return file + " differs from its golden file (" + expected.length + " bytes expected, " + actual.length
                + " served; first differing byte at offset " + offset + "), first differing line " + (line + 1) + ":\n"
                + "  expected: " + (line < want.length ? shown(want[line]) : "<end of file>") + "\n"
                + "  actual:   " + (line < got.length ? shown(got[line]) : "<end of file>") + "\n"
                + "  around the first differing byte, expected: " + around(expected, offset) + "\n"
                + "  around the first differing byte, actual:   " + around(actual, offset);
    }

    private static String around(byte[] bytes, int offset) {
        int from = Math.max(0, offset - 80);
        int to = Math.min(bytes.length, offset + 80);
        return shown(new String(bytes, from, to - from, StandardCharsets.UTF_8).replace("\n", "\\n"));
    }

    private static String shown(String line) {
        String visible = line.replace("\r", "\\r").replace("\t", "\\t");
        return visible.length() > 2000 ? visible.substring(0, 2000) + "…(" + visible.length() + " chars)" : visible;
    }
}
