package uk.org.perusupportgroup.quipu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.publish.FeedChecks;

/** The built fat jar, as an operator runs it: start-up line, feeds, generated token, SIGTERM, bad config. */
class JarIT {

    private static final Pattern LISTENING = Pattern.compile("Quipu listening on (http://127\\.0\\.0\\.1:\\d+)");

    private static Process start(Path data, Map<String, String> env, String... args) throws IOException {
        return JarProcess.launch(data, env, args);
    }

    @Test
    void startsPrintsTheLineServesFeedsAndStopsCleanlyOnSigterm() throws Exception {
        Path data = Files.createTempDirectory("quipu-jar");
        Process process = start(data, Map.of());
        var stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> readLine(stdout)).get(30, TimeUnit.SECONDS);
        Matcher matcher = LISTENING.matcher(line == null ? "" : line);
        assertTrue(matcher.matches(), "first line on stdout: " + line);
        String base = matcher.group(1);

        HttpResponse<byte[]> feed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/feeds/topics/extractive-industries.rss")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, feed.statusCode());
        FeedChecks.rss(feed.body(), base + "/feeds/topics/extractive-industries.rss");

        Path token = data.resolve("admin-token");
        assertTrue(Files.exists(token), "a token is generated when none is configured");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));

        process.destroy();   // SIGTERM
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stops within 30 s of SIGTERM");
        String log = Files.readString(data.resolve("stderr.log"));
        assertTrue(log.contains("shutting down") && log.contains("stopped"), log);
        assertTrue(log.contains(token.toAbsolutePath().toString()), "the token's location is logged");
    }

    @Test
    void aBadValueStopsStartUpWithAMessageNamingTheKey() throws Exception {
        Path data = Files.createTempDirectory("quipu-jar");
        Process process = start(data, Map.of("QUIPU_HTTP_PORT", "eighty", "QUIPU_FEED_PAGE_SIZE", "0"));
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        String err = Files.readString(data.resolve("stderr.log"));
        assertTrue(err.contains("http.port: 'eighty' is not a whole number (environment variable QUIPU_HTTP_PORT)"), err);
        assertTrue(err.contains("feed.page-size"), err);
        assertFalse(read(process.getInputStream()).contains("listening"));
    }

    @Test
    void theStaffCommandAddsAndListsStaffOnTheServersDatabase() throws Exception {
        Path data = Files.createTempDirectory("quipu-jar");
        Process add = start(data, Map.of(), "staff", "add", "Ana Núñez");
        add.getOutputStream().write("a long staff password\n".getBytes(StandardCharsets.UTF_8));
        add.getOutputStream().close();
        assertTrue(add.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, add.exitValue(), Files.readString(data.resolve("stderr.log")));
        assertTrue(read(add.getInputStream()).contains("added staff member 'Ana Núñez'"));

        Process list = start(data, Map.of(), "staff", "list");
        assertTrue(list.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, list.exitValue(), Files.readString(data.resolve("stderr.log")));
        assertTrue(read(list.getInputStream()).startsWith("Ana Núñez\tadded "));

        Process taken = start(data, Map.of("QUIPU_STAFF_PASSWORD", "another long password"), "staff", "add", "Ana Núñez");
        assertTrue(taken.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, taken.exitValue());
        assertTrue(Files.readString(data.resolve("stderr.log")).contains("staff add: the name 'Ana Núñez' is taken"));
    }

    @Test
    void checkStartsFetchesAndStops() throws Exception {
        Path data = Files.createTempDirectory("quipu-jar");
        Process process = start(data, Map.of(), "--check");
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "--check stops by itself");
        assertEquals(0, process.exitValue());
        String out = read(process.getInputStream());
        assertTrue(out.contains("check /: 200") && out.contains("check /feeds/all.atom: 200"), out);
        assertFalse(Files.readString(data.resolve("stderr.log")).contains("did not finish cleanly"));
    }

    @Test
    void aTopicStillUsedByStoredArticlesCannotBeDroppedFromTheVocabulary() throws Exception {
        Path data = Files.createTempDirectory("quipu-jar");
        Process first = start(data, Map.of(), "--check");
        assertTrue(first.waitFor(20, TimeUnit.SECONDS));
        Path topics = data.resolve("topics.yaml");
        String shipped = Files.readString(Path.of("config/topics.yaml"));
        int start = shipped.indexOf("  - slug: corruption");
        int end = shipped.indexOf("  - slug:", start + 5);
        Files.writeString(topics, shipped.substring(0, start) + shipped.substring(end));
        Process second = start(data, Map.of("QUIPU_VOCABULARY_TOPICS", topics.toString()));
        assertTrue(second.waitFor(20, TimeUnit.SECONDS));
        assertEquals(2, second.exitValue());
        String err = Files.readString(data.resolve("stderr.log"));
        assertTrue(err.contains("vocabulary.topics: 'corruption' is used by"), err);
    }

    @Test
    void aMissingConfigFileIsNamed() throws Exception {
        Path data = Files.createTempDirectory("quipu-jar");
        Process process = start(data, Map.of(), "--config", "/nonexistent/quipu.yaml");
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        assertTrue(Files.readString(data.resolve("stderr.log")).contains("/nonexistent/quipu.yaml does not exist"));
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
