package uk.org.perusupportgroup.quipu.reach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link UserAgents#read} on the User-Agents real clients send ({@code reach/user-agents.tsv}), and on what no client
 * should send: nothing, very long strings, absurd counts, digits that are not ASCII.
 */
class UserAgentsTest {

    private static final String FIXTURE = "/reach/user-agents.tsv";

    /** One line of the fixture. */
    record Sample(String family, boolean aggregator, OptionalLong subscribers, String userAgent) {
        @Override
        public String toString() {
            return userAgent;
        }
    }

    static List<Sample> fixture() throws IOException {
        try (InputStream in = UserAgentsTest.class.getResourceAsStream(FIXTURE)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).map(UserAgentsTest::sample).toList();
        }
    }

    private static Sample sample(String line) {
        String[] fields = line.split("\t", 4);
        if (fields.length != 4 || !Set.of("yes", "no").contains(fields[1])) {
            throw new IllegalArgumentException("not family<TAB>yes|no<TAB>count|-<TAB>user-agent: " + line);
        }
        OptionalLong count = fields[2].equals("-") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(fields[2]));
        return new Sample(fields[0], fields[1].equals("yes"), count, fields[3]);
    }

    static List<Arguments> samples() throws IOException {
        return fixture().stream().map(Arguments::of).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void readsTheClientsAsTheyIdentify(Sample sample) {
        assertEquals(new Client(sample.family(), sample.aggregator(), sample.subscribers()), UserAgents.read(sample.userAgent()));
    }

    @Test
    void theFixtureIsLargeAndVaried() throws IOException {
        List<Sample> samples = fixture();
        assertTrue(samples.size() >= 50, "fixture lines: " + samples.size());
        assertTrue(samples.stream().map(Sample::family).distinct().count() >= 30);
    }

    @Test
    void familiesNameEveryFamilyOfTheFixtureOnce() throws IOException {
        List<String> families = UserAgents.families();
        assertEquals(families.size(), new HashSet<>(families).size(), "no family twice: " + families);
        Set<String> inFixture = fixture().stream().map(Sample::family).collect(Collectors.toSet());
        assertTrue(families.containsAll(inFixture), "missing: " + inFixture.stream().filter(f -> !families.contains(f)).toList());
        assertTrue(families.containsAll(List.of(UserAgents.OTHER, UserAgents.UNKNOWN)));
        assertEquals(List.of(UserAgents.OTHER, UserAgents.UNKNOWN), families.subList(families.size() - 2, families.size()));
        assertEquals(families, UserAgents.families(), "the same order every time");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t", "   \r\n "})
    void noUserAgentIsUnknown(String userAgent) {
        assertEquals(new Client("Unknown", false, OptionalLong.empty()), UserAgents.read(userAgent));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-", "x", "\u0000\u0001\u007f", "%s%n%d", "(((((((((((", ";;;;;", "<script>alert(1)</script>",
            "Lector RSS ñandú 📰/1.0", "Агрегатор/1.0", "漢字リーダー/2.0"})
    void garbageIsOther(String userAgent) {
        assertEquals(new Client("Other", false, OptionalLong.empty()), UserAgents.read(userAgent));
    }

    @Test
    void aTenKilobyteUserAgentIsReadByItsStart() {
        String filler = "x".repeat(10 * 1024);
        assertEquals(new Client("Other", false, OptionalLong.empty()), UserAgents.read(filler));
        assertEquals(new Client("Feedly", true, OptionalLong.of(16)),
                UserAgents.read("Feedly/1.0 (+http://www.feedly.com/fetcher.html; 16 subscribers; " + filler + ")"));
        assertEquals(new Client("Other", false, OptionalLong.empty()), UserAgents.read(filler + " Feedly/1.0 (3 subscribers)"),
                "only the first " + UserAgents.SCAN_LIMIT + " characters are read");
        String repeated = "1 subscribers 2 readers ".repeat(500);
        assertEquals(OptionalLong.of(1), UserAgents.read(repeated).subscribers());
        assertEquals(new Client("Other", false, OptionalLong.empty()), UserAgents.read(" subscribers -9".repeat(700)));
        assertEquals(new Client("Unknown", false, OptionalLong.empty()), UserAgents.read(" ".repeat(10 * 1024)));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 0 subscribers; like FeedFetcher-Google) | 0",
            "Feedbin feed-id:1234 - 1 subscriber                                                    | 1",
            "Feedbin feed-id:1234 - 1 subscriber.                                                   | 1",
            "Feedbin feed-id:1234 - 21 SUBSCRIBERS                                                  | 21",
            "Mozilla/5.0 (compatible; inoreader.com; 3 readers)                                     | 3",
            "Mozilla/5.0 (compatible; inoreader.com; 1 reader)                                      | 1",
            "Mozilla/5.0 (compatible; inoreader.com;3   subscribers)                                | 3",
            "Overcast/1.0 Podcast Sync (1190 subscribers; feed-id=554901)                           | 1190",
            "Feedly/1.0 (100000000 subscribers)                                                     | 100000000",
            "Feedly/1.0 (100000001 subscribers)                                                     | -",
            "Feedly/1.0 (9999999999 subscribers)                                                    | -",
            "Feedly/1.0 (99999999999 subscribers)                                                   | -",
            "Feedly/1.0 (12345678901234567890123 subscribers)                                       | -",
            "Feedly/1.0 (-5 subscribers)                                                            | -",
            "Feedly/1.0 (1,234 subscribers)                                                         | -",
            "Feedly/1.0 (2.5 subscribers)                                                           | -",
            "Feedly/1.0 (v2 subscribers)                                                            | -",
            "Feedly/1.0 (7subscribers)                                                              | -",
            "Feedly/1.0 (7    subscribers)                                                          | -",
            "Feedly/1.0 (7 subscribership; 4 subscribers)                                           | 4",
            "Feedly/1.0 (-5 subscribers; 4 subscribers)                                             | 4",
            "Feedbin - subscribers                                                                  | -",
            "Feedbin - many subscribers                                                             | -",
            "Feedly/1.0 (subscribers: 12)                                                           | -",
            "Feedly/1.0 (٣ subscribers)                                                             | -",
            "Feedly/1.0 (３ subscribers)                                                            | -",
            "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 5 subscribers; für Leser — ñ)         | 5",
            "Fluent Reader/1.0                                                                      | -",
            "SpaceCowboys Android RSS Reader / 2.13.0(3764)                                         | -",
    })
    void readsTheStatedCount(String userAgent, Long expected) {
        Client client = UserAgents.read(userAgent);
        assertEquals(expected == null ? OptionalLong.empty() : OptionalLong.of(expected), client.subscribers());
    }

    @Test
    void anAggregatorWithoutACountIsStillAnAggregator() {
        assertEquals(new Client("Feedbin", true, OptionalLong.empty()), UserAgents.read("Feedbin - subscribers"));
        assertEquals(new Client("Feedspot", true, OptionalLong.empty()), UserAgents.read("Feedspot http://www.feedspot.com"));
    }

    @Test
    void aSelfHostedReaderThatStatesACountIsAnAggregatorForThatRequest() {
        assertEquals(new Client("Miniflux", false, OptionalLong.empty()),
                UserAgents.read("Mozilla/5.0 (compatible; Miniflux/2.1.0; +https://miniflux.app)"));
        assertEquals(new Client("Miniflux", true, OptionalLong.of(3)),
                UserAgents.read("Miniflux/2.1.0 (+https://miniflux.app; 3 subscribers)"));
        assertEquals(new Client("FreshRSS", true, OptionalLong.of(12)),
                UserAgents.read("FreshRSS/1.23.1 (Linux; https://freshrss.org; 12 subscribers)"));
        assertEquals(new Client("Tiny Tiny RSS", true, OptionalLong.of(0)),
                UserAgents.read("Tiny Tiny RSS/23.05 (https://tt-rss.org/; 0 subscribers)"));
    }

    @Test
    void everyAnswerIsAFamilyOfTheList() throws IOException {
        Set<String> families = Set.copyOf(UserAgents.families());
        for (Sample sample : fixture()) {
            assertTrue(families.contains(UserAgents.read(sample.userAgent()).family()), sample.userAgent());
        }
        for (String odd : new String[] {null, "", "x".repeat(5000), "\uD800", "subscribers"}) {
            assertTrue(families.contains(UserAgents.read(odd).family()));
        }
    }

    @Test
    void aClientWithoutACountIsTheSameAnswerEachTime() {
        String safari = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15";
        assertTrue(UserAgents.read(safari) == UserAgents.read(safari), "answers without a count are made once");
        assertFalse(UserAgents.read(safari).aggregator());
    }
}
