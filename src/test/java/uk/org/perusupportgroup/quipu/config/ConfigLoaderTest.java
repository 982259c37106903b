package uk.org.perusupportgroup.quipu.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private static QuipuConfig load(Map<String, String> env) {
        return new ConfigLoader(env).load(Optional.empty());
    }

    private QuipuConfig loadFile(String yaml, Map<String, String> env) throws IOException {
        Path file = dir.resolve("quipu.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return new ConfigLoader(env).load(Optional.of(file));
    }

    private ConfigException failFile(String yaml) {
        return assertThrows(ConfigException.class, () -> loadFile(yaml, Map.of()));
    }

    @Test
    void defaultsLoad() {
        QuipuConfig config = load(Map.of());

        assertEquals(new QuipuConfig.Http("127.0.0.1", 8080), config.http());
        assertEquals(Optional.empty(), config.baseUrl());
        assertEquals("perusupportgroup.org.uk", config.feed().tagAuthority());
        assertEquals(30, config.feed().pageSize());
        assertEquals(Duration.ofMinutes(5), config.feed().maxAge());
        assertEquals("en", config.feed().language());
        assertEquals(Path.of("data"), config.dataDir());
        assertTrue(config.db().url().startsWith("jdbc:h2:file:"), config.db().url());
        assertTrue(config.db().url().contains(Path.of("data").toAbsolutePath().resolve("quipu").toString()), config.db().url());
        assertFalse(config.db().isPostgres());
        assertEquals(Optional.empty(), config.adminToken());
        assertEquals(Optional.empty(), config.mail().smtp());
        assertTrue(config.mail().from().contains("@perusupportgroup.org.uk"), config.mail().from());
        assertEquals(Path.of("config", "partners.yaml"), config.partners().file());
        assertTrue(config.partners().enabled());
        assertEquals(new QuipuConfig.Staff(Duration.ofHours(12), Duration.ofDays(7)), config.staff());
        assertFalse(config.partners().allowPrivateAddresses(), "partner fetches go to public addresses only");
        assertTrue(config.alerts().enabled());
        assertEquals(Optional.empty(), config.websubHub());
        assertEquals(new QuipuConfig.Retention(Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(90),
                Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(30)), config.retention());
        assertEquals(new QuipuConfig.Media(20L * 1024 * 1024, 50_000_000L), config.media());
    }

    @Test
    void mediaSizesAreWrittenInMbKbOrBytes() {
        assertEquals(512 * 1024, load(Map.of("QUIPU_MEDIA_MAX_BYTES", "512KB")).media().maxBytes());
        assertEquals(5 * 1024 * 1024, load(Map.of("QUIPU_MEDIA_MAX_BYTES", "5 mb")).media().maxBytes());
        assertEquals(1_000_000, load(Map.of("QUIPU_MEDIA_MAX_BYTES", "1000000")).media().maxBytes());
        assertEquals(12_000_000, load(Map.of("QUIPU_MEDIA_MAX_PIXELS", "12_000_000")).media().maxPixels());
    }

    @Test
    void environmentOverridesDefaults() {
        QuipuConfig config = load(Map.of(
                "QUIPU_HTTP_PORT", "0",
                "QUIPU_HTTP_HOST", "0.0.0.0",
                "QUIPU_FEED_TAG_AUTHORITY", "example.org",
                "QUIPU_BASE_URL", "https://feeds.example.org/",
                "QUIPU_FEED_PAGE_SIZE", "50",
                "QUIPU_ADMIN_TOKEN", "0123456789abcdef-token"));

        assertEquals(new QuipuConfig.Http("0.0.0.0", 0), config.http());
        assertEquals("example.org", config.feed().tagAuthority());
        assertEquals(Optional.of(URI.create("https://feeds.example.org")), config.baseUrl());
        assertEquals(50, config.feed().pageSize());
        assertEquals(Optional.of("0123456789abcdef-token"), config.adminToken());
    }

    @Test
    void environmentConfiguresSmtpAndPostgres() {
        QuipuConfig config = load(Map.of(
                "QUIPU_MAIL_SMTP_HOST", "smtp.example.org",
                "QUIPU_MAIL_SMTP_PORT", "2525",
                "QUIPU_MAIL_SMTP_STARTTLS", "false",
                "QUIPU_DB_URL", "jdbc:postgresql://db.example.org:5432/quipu",
                "QUIPU_DB_USER", "quipu"));

        assertEquals(new QuipuConfig.Smtp("smtp.example.org", 2525, false, "", ""), config.mail().smtp().orElseThrow());
        assertTrue(config.db().isPostgres());
        assertEquals("quipu", config.db().user());
    }

    @Test
    void privateAddressesForPartnersAreAllowedOnlyWhenSaidSo() {
        assertTrue(load(Map.of("QUIPU_PARTNERS_ALLOW_PRIVATE_ADDRESSES", "true")).partners().allowPrivateAddresses());
        assertFalse(load(Map.of("QUIPU_PARTNERS_ALLOW_PRIVATE_ADDRESSES", "false")).partners().allowPrivateAddresses());
    }

    @Test
    void tagAuthorityIsNeverDerivedFromBaseUrl() {
        QuipuConfig config = load(Map.of("QUIPU_BASE_URL", "https://feeds.example.org"));

        assertEquals("perusupportgroup.org.uk", config.feed().tagAuthority());
    }

    @Test
    void environmentNamesAreUpperSnakeCase() {
        assertEquals("QUIPU_HTTP_PORT", ConfigLoader.envName("http.port"));
        assertEquals("QUIPU_MAIL_SMTP_HOST", ConfigLoader.envName("mail.smtp.host"));
        assertEquals("QUIPU_FEED_TAG_AUTHORITY", ConfigLoader.envName("feed.tag-authority"));
        assertEquals("QUIPU_BASE_URL", ConfigLoader.envName("base-url"));
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("http.port", "abc"),
                Arguments.of("http.port", "70000"),
                Arguments.of("http.port", "-1"),
                Arguments.of("http.host", "bad host!"),
                Arguments.of("base-url", "ftp://x"),
                Arguments.of("base-url", "not a url"),
                Arguments.of("base-url", "feeds.example.org"),
                Arguments.of("base-url", "https://x.org/?page=1"),
                Arguments.of("feed.tag-authority", "https://x.org"),
                Arguments.of("feed.tag-authority", "x.org/articles"),
                Arguments.of("feed.tag-authority", " "),
                Arguments.of("feed.page-size", "0"),
                Arguments.of("feed.page-size", "thirty"),
                Arguments.of("feed.max-age", "5 parsecs"),
                Arguments.of("feed.max-age", "0s"),
                Arguments.of("feed.language", "English"),
                Arguments.of("feed.cache-mib", "0"),
                Arguments.of("feed.title", ""),
                Arguments.of("data-dir", ""),
                Arguments.of("db.url", "mysql://x"),
                Arguments.of("db.url", "jdbc:mysql://db/quipu"),
                Arguments.of("db.pool-size", "0"),
                Arguments.of("admin.token", "short"),
                Arguments.of("articles.scan-interval", "soon"),
                Arguments.of("vocabulary.topics", "/no/such/topics.yaml"),
                Arguments.of("websub.hub", "ftp://hub.example.org"),
                Arguments.of("mail.smtp.starttls", "maybe"),
                Arguments.of("mail.smtp.port", "99999"),
                Arguments.of("mail.from", ""),
                Arguments.of("mail.bounces.address", "Bounces <bounces@example.org>"),
                Arguments.of("mail.bounces.address", "bounces+tag@example.org"),
                Arguments.of("mail.bounces.address", "bounces"),
                Arguments.of("mail.bounces.soft-limit", "0"),
                Arguments.of("mail.bounces.soft-window", "5m"),
                Arguments.of("mail.bounces.soft-window", "two weeks"),
                Arguments.of("mail.bounces.imap.security", "tls"),
                Arguments.of("mail.bounces.imap.port", "70000"),
                Arguments.of("mail.bounces.imap.folder", " "),
                Arguments.of("mail.bounces.imap.poll-interval", "1s"),
                Arguments.of("partners.enabled", "yes"),
                Arguments.of("partners.allow-private-addresses", "yes"),
                Arguments.of("alerts.enabled", "1"),
                Arguments.of("alerts.max-age", "a week"),
                Arguments.of("alerts.confirm-within", "0s"),
                Arguments.of("alerts.confirm-within", "12h"),
                Arguments.of("alerts.digest-hour", "24"),
                Arguments.of("alerts.time-zone", "Mars/Olympus_Mons"),
                Arguments.of("alerts.weekly-day", "funday"),
                Arguments.of("alerts.immediate-per-day", "-1"),
                Arguments.of("alerts.send-rate", "0"),
                Arguments.of("alerts.secret", "too short"),
                Arguments.of("alerts.signups-per-hour", "0"),
                Arguments.of("alerts.confirmations-per-day", "0"),
                Arguments.of("alerts.confirmations-per-hour", "0"),
                Arguments.of("alerts.synonyms", "/no/such/synonyms.txt"),
                Arguments.of("http.event-loops", "-1"),
                Arguments.of("alerts.lease", "1s"),
                Arguments.of("alerts.lease", "2h"),
                Arguments.of("retention.sent-messages", "12h"),
                Arguments.of("retention.deliveries", "30 days"),
                Arguments.of("retention.matches", "36h"),
                Arguments.of("retention.lapsed-requests", "0s"),
                Arguments.of("retention.unsubscribed", "-1d"),
                Arguments.of("retention.removed-articles", "1h"),
                Arguments.of("staff.session-idle", "1m"),
                Arguments.of("staff.session-idle", "8d"),
                Arguments.of("staff.session-lifetime", "30m"),
                Arguments.of("staff.session-lifetime", "100d"),
                Arguments.of("media.max-bytes", "20 megabytes"),
                Arguments.of("media.max-bytes", "2GB"),
                Arguments.of("media.max-bytes", "2000MB"),
                Arguments.of("media.max-bytes", "100"),
                Arguments.of("media.max-pixels", "0"),
                Arguments.of("media.max-pixels", "many"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badValues")
    void badValueIsRefusedNamingTheKey(String key, String value) {
        String variable = ConfigLoader.envName(key);

        var thrown = assertThrows(ConfigException.class, () -> load(Map.of(variable, value)));

        assertFalse(thrown.problems().isEmpty());
        for (String problem : thrown.problems()) {
            assertTrue(problem.startsWith(key + ": "), problem);
            assertTrue(problem.endsWith("(environment variable " + variable + ")"), problem);
        }
    }

    @Test
    void bouncesAreOffByDefaultAndTheMailboxTakesTheUsualPortOfItsSecurity() {
        QuipuConfig.Bounces none = load(Map.of()).mail().bounces();
        assertEquals(Optional.empty(), none.address());
        assertEquals(Optional.empty(), none.imap());
        assertEquals(3, none.softLimit());
        assertEquals(Duration.ofDays(14), none.softWindow());

        QuipuConfig.Bounces set = load(Map.of("QUIPU_MAIL_BOUNCES_ADDRESS", "bounces@psg.example",
                "QUIPU_MAIL_BOUNCES_IMAP_HOST", "imap.psg.example", "QUIPU_MAIL_BOUNCES_IMAP_USERNAME", "bounces",
                "QUIPU_MAIL_BOUNCES_IMAP_PASSWORD", "secret-password")).mail().bounces();
        assertEquals(Optional.of("bounces@psg.example"), set.address());
        assertEquals(new QuipuConfig.Imap("imap.psg.example", 993, QuipuConfig.ImapSecurity.SSL, "bounces", "secret-password",
                "INBOX", Duration.ofMinutes(5)), set.imap().orElseThrow());
        assertFalse(set.imap().orElseThrow().toString().contains("secret-password"), "no password in logs");
        assertEquals(143, load(Map.of("QUIPU_MAIL_BOUNCES_IMAP_HOST", "imap.psg.example", "QUIPU_MAIL_BOUNCES_IMAP_USERNAME", "b",
                "QUIPU_MAIL_BOUNCES_IMAP_SECURITY", "starttls")).mail().bounces().imap().orElseThrow().port());
    }

    @Test
    void aBounceMailboxNeedsAUsername() {
        var thrown = assertThrows(ConfigException.class, () -> load(Map.of("QUIPU_MAIL_BOUNCES_IMAP_HOST", "imap.psg.example")));
        assertEquals(1, thrown.problems().size(), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("mail.bounces.imap.username: must be set"), thrown.getMessage());
    }

    @Test
    void smtpValuesAreCheckedWhenHostIsSet() {
        var thrown = assertThrows(ConfigException.class, () -> load(Map.of("QUIPU_MAIL_SMTP_HOST", "smtp.example.org",
                "QUIPU_MAIL_SMTP_STARTTLS", "maybe", "QUIPU_MAIL_SMTP_PORT", "99999")));

        assertEquals(2, thrown.problems().size(), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("mail.smtp.starttls: 'maybe' is not true or false"), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("mail.smtp.port: '99999' is out of range"), thrown.getMessage());
    }

    @Test
    void dkimNeedsAllThreeKeysAndARealKey() throws IOException {
        ConfigException partial = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of("QUIPU_MAIL_DKIM_DOMAIN", "example.org")).load(Optional.empty()));
        assertTrue(partial.getMessage().contains("DKIM signing needs mail.dkim.domain, mail.dkim.selector and mail.dkim.private-key"),
                partial.getMessage());
        Path notAKey = Files.createTempFile("dkim", ".pem");
        Files.writeString(notAKey, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        ConfigException bad = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of("QUIPU_MAIL_DKIM_DOMAIN",
                "example.org", "QUIPU_MAIL_DKIM_SELECTOR", "quipu", "QUIPU_MAIL_DKIM_PRIVATE_KEY", notAKey.toString()))
                .load(Optional.empty()));
        assertTrue(bad.getMessage().contains("mail.dkim.private-key: ") && bad.getMessage().contains("not a PKCS#8 PEM RSA private key"),
                bad.getMessage());
    }

    @Test
    void everyProblemIsReportedTogether() {
        var thrown = assertThrows(ConfigException.class, () -> load(Map.of(
                "QUIPU_HTTP_PORT", "abc",
                "QUIPU_BASE_URL", "ftp://x",
                "QUIPU_FEED_TAG_AUTHORITY", "https://x.org",
                "QUIPU_ADMIN_TOKEN", "short")));

        assertEquals(4, thrown.problems().size(), thrown.getMessage());
        for (String key : new String[] {"http.port", "base-url", "feed.tag-authority", "admin.token"}) {
            assertTrue(thrown.problems().stream().anyMatch(p -> p.startsWith(key + ": ")), key + " in " + thrown.getMessage());
        }
    }

    @Test
    void configFileOverridesDefaultsAndEnvironmentOverridesFile() throws IOException {
        String yaml = "http:\n  port: 9090\nfeed:\n  page-size: 10\n";

        QuipuConfig fromFile = loadFile(yaml, Map.of());
        QuipuConfig fromEnv = loadFile(yaml, Map.of("QUIPU_HTTP_PORT", "7070"));

        assertEquals(9090, fromFile.http().port());
        assertEquals(10, fromFile.feed().pageSize());
        assertEquals("127.0.0.1", fromFile.http().host());
        assertEquals(7070, fromEnv.http().port());
    }

    @Test
    void misspeltKeyInFileNamesKeyAndLine() {
        var thrown = failFile("http:\n  port: 9090\n  prot: 9091\n");

        assertTrue(thrown.getMessage().contains("http.prot: unknown key"), thrown.getMessage());
        assertTrue(thrown.getMessage().contains(dir.resolve("quipu.yaml") + " line 3"), thrown.getMessage());
    }

    @Test
    void unknownSectionInFileNamesKeyAndLine() {
        var thrown = failFile("# comment\nhtpp:\n  port: 9090\n");

        assertTrue(thrown.getMessage().contains("htpp: unknown key"), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("line 2"), thrown.getMessage());
    }

    @Test
    void badValueInFileNamesKeyAndLine() {
        var thrown = failFile("http:\n  host: 127.0.0.1\n  port: abc\n");

        assertTrue(thrown.getMessage().startsWith("http.port: 'abc' is not a whole number"), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("line 3"), thrown.getMessage());
    }

    @Test
    void listWhereValueExpectedIsRefused() {
        var thrown = failFile("http:\n  port: [1, 2]\n");

        assertTrue(thrown.getMessage().contains("http.port: must be a single value"), thrown.getMessage());
    }

    @Test
    void yamlSyntaxErrorNamesFileAndLine() {
        var thrown = failFile("http:\n  port: 8080\n   host: [oops\n");

        assertTrue(thrown.getMessage().contains(dir.resolve("quipu.yaml") + ":3"), thrown.getMessage());
    }

    @Test
    void missingConfigFileIsAClearError() {
        Path missing = dir.resolve("nowhere.yaml");

        var thrown = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(Optional.of(missing)));

        assertEquals("config file " + missing + " does not exist", thrown.getMessage());
    }

    @Test
    void emptyConfigFileKeepsDefaults() throws IOException {
        QuipuConfig config = loadFile("# nothing set\n", Map.of());

        assertEquals(8080, config.http().port());
    }

    @Test
    void secretsStayOutOfToString() {
        QuipuConfig config = load(Map.of("QUIPU_ADMIN_TOKEN", "very-secret-token-123",
                "QUIPU_DB_PASSWORD", "db-secret-password", "QUIPU_MAIL_SMTP_HOST", "smtp.example.org",
                "QUIPU_MAIL_SMTP_PASSWORD", "smtp-secret-password"));

        String text = config + " " + config.mail().smtp().orElseThrow();
        assertFalse(text.contains("very-secret-token-123"), text);
        assertFalse(text.contains("db-secret-password"), text);
        assertFalse(text.contains("smtp-secret-password"), text);
    }
}
