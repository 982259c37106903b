package uk.org.perusupportgroup.quipu.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hostile-clients benchmark, run by {@code src/bench/hostile.sh}: one instance (the fat jar with the README's JVM
 * options, on an embedded PostgreSQL, mail to a local {@link SmtpSink}) under floods that used to cost it memory.
 *
 * <ol>
 *   <li>Idle heap after a full collection; the cached {@code /feeds/all.atom} served alone ({@code wrk}).
 *   <li>Flood of distinct past-the-end pages, unknown scopes and bad parameters from one client ({@code wrk} with a Lua
 *       script that never repeats a URL, for 20 seconds: past its allowance of misses its answers go late); meanwhile
 *       the cached feed again.
 *   <li>The same flood, each URL from another client address ({@code X-Forwarded-For}), in 10-second rounds until
 *       {@code URLS} were sent; meanwhile the cached feed again.
 *   <li>Alert mail with no flood: {@code MAILS} confirmed subscribers, one matching article, time until the SMTP
 *       server has every message.
 *   <li>Flood of distinct searches from one client for 20 seconds (the per-client limit answers most with 429, late); meanwhile the
 *       cached feed.
 *   <li>Flood of distinct searches, each from another client address ({@code X-Forwarded-For}, so that the per-client
 *       limit lets every one through and its table fills: every search is worked out and kept), until {@code SEARCHES}
 *       were sent; meanwhile another matching article and the time until every message arrived, and the cached feed.
 *   <li>Heap after a full collection after each flood.
 * </ol>
 */
public final class HostileBenchmark {

    private static final String TOKEN = "benchmark-admin-token-0123456789";
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern USED = Pattern.compile("(?:def new generation|tenured generation)\\s+total \\d+K, used (\\d+)K");

    public static void main(String[] args) throws Exception {
        long urls = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long searches = args.length > 1 ? Long.parseLong(args[1]) : 100_000;
        int mails = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        Path work = Files.createTempDirectory("quipu-hostile");
        Path floodUrls = script(work, "flood-urls.lua");
        Path floodSearches = script(work, "flood-searches.lua");
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        SmtpSink smtp = new SmtpSink();
        List<Process> processes = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.forEach(Process::destroyForcibly)));
        try {
            try (Connection connection = pg.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE quipu");
            }
            String url = pg.getJdbcUrl("postgres", "quipu");
            Process quipu = start(processes, work, url, smtp.port());
            String base = listening(quipu, work);
            seed(url, mails);
            Thread.sleep(12_000);   // the alerts are loaded into the index (it syncs every 10 s)
            System.out.printf(Locale.ROOT, "one instance (pid %d), %s; %,d confirmed alert subscribers%n", quipu.pid(),
                    System.getenv().getOrDefault("JAVA_OPTS", ""), mails);

            wrk(base + "/feeds/all.atom", 16, "10s", null, null);   // warm-up: the JIT compiles the paths measured
            wrk(base + "/feeds/search.atom?q=mining", 4, "3s", null, null);
            long idle = heapAfterFullGc(quipu);
            double quiet = rate(wrk(base + "/feeds/all.atom", 16, "10s", null, null));
            System.out.printf(Locale.ROOT, "idle: heap after a full GC %.1f MiB; cached /feeds/all.atom alone: %,.0f req/s%n",
                    idle / 1024.0, quiet);

            Flood oneProber = flood(base, floodUrls, Long.MAX_VALUE, 8, "one", 2);
            Thread.sleep(5_000);
            double duringProber = rate(wrk(base + "/feeds/all.atom", 16, "10s", null, null));
            oneProber.done.join();
            System.out.printf(Locale.ROOT, "flood of distinct past-the-end, unknown-scope and bad-parameter feed URLs from one client"
                    + " for %.0f s: %,d answered (%,d with 4xx; past 120 a minute they go a second late): /feeds/all.atom meanwhile"
                    + " %,.0f req/s = %.2f of alone%n", oneProber.seconds, oneProber.sent, oneProber.errors, duringProber,
                    duringProber / quiet);

            Flood urlFlood = flood(base, floodUrls, urls, 8, "many", Integer.MAX_VALUE);
            Thread.sleep(5_000);
            double duringUrls = rate(wrk(base + "/feeds/all.atom", 16, "10s", null, null));
            urlFlood.done.join();
            long afterUrls = heapAfterFullGc(quipu);
            System.out.printf(Locale.ROOT, "flood of %,d distinct past-the-end, unknown-scope and bad-parameter feed URLs from as many"
                    + " client addresses in %.0f s (%,d answered 4xx): /feeds/all.atom meanwhile %,.0f req/s = %.2f of alone; heap"
                    + " after a full GC %.1f MiB (+%.1f MiB)%n", urlFlood.sent, urlFlood.seconds, urlFlood.errors, duringUrls,
                    duringUrls / quiet, afterUrls / 1024.0, (afterUrls - idle) / 1024.0);

            Flood oneClient = flood(base, floodSearches, Long.MAX_VALUE, 8, "one", 2);
            Thread.sleep(1_000);
            double duringOne = rate(wrk(base + "/feeds/all.atom", 16, "10s", null, null));
            oneClient.done.join();
            System.out.printf(Locale.ROOT, "flood of %,d distinct searches from one client in %.0f s (%,d refused with 429, past 120 a minute a second late):"
                    + " /feeds/all.atom meanwhile %,.0f req/s = %.2f of alone%n", oneClient.sent, oneClient.seconds, oneClient.errors,
                    duringOne, duringOne / quiet);

            mail(base, smtp, mails, "warm-up");   // the JIT compiles matching and sending first
            double quietMail = mail(base, smtp, mails, "quiet");
            Flood manyClients = flood(base, floodSearches, searches, 8, "many", Integer.MAX_VALUE);
            Thread.sleep(3_000);
            double floodedMail = mail(base, smtp, mails, "flooded");
            double duringMany = rate(wrk(base + "/feeds/all.atom", 16, "10s", null, null));
            manyClients.done.join();
            long afterSearches = heapAfterFullGc(quipu);
            System.out.printf(Locale.ROOT, "flood of %,d distinct searches from as many client addresses in %.0f s (%,d answered"
                    + " other than 2xx/3xx), every one worked out and kept: /feeds/all.atom meanwhile %,.0f req/s = %.2f of alone;"
                    + " heap after a full GC %.1f MiB (+%.1f MiB over idle)%n", manyClients.sent, manyClients.seconds,
                    manyClients.errors, duringMany, duringMany / quiet, afterSearches / 1024.0, (afterSearches - idle) / 1024.0);
            System.out.printf(Locale.ROOT, "%,d alert emails: %.1f s with no flood, %.1f s during the flood of searches from many"
                    + " addresses = %.2f×%n", mails, quietMail, floodedMail, floodedMail / quietMail);
            long worst = Math.max(afterUrls, afterSearches) - idle;
            System.out.printf(Locale.ROOT, "RESULT heap growth %.1f MiB (target ≤ 32); cached feed during the floods (target ≥ 0.7):"
                    + " missing URLs from one client %.2f, from many addresses %.2f, searches from one client %.2f, from many"
                    + " addresses %.2f; mail %.2f× (target ≤ 1.5)%n", worst / 1024.0, duringProber / quiet, duringUrls / quiet,
                    duringOne / quiet, duringMany / quiet, floodedMail / quietMail);
        } finally {
            for (Process process : processes) {
                process.destroy();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            smtp.close();
            pg.close();
        }
    }

    /** A flood running in 10-second rounds of {@code wrk} until {@code total} requests were sent, or {@code rounds} ran. */
    private static final class Flood {
        volatile long sent;
        volatile long errors;
        volatile double seconds;
        CompletableFuture<Void> done;
    }

    private static Flood flood(String base, Path script, long total, int connections, String mode, int rounds) {
        Flood flood = new Flood();
        long start = System.nanoTime();
        flood.done = CompletableFuture.runAsync(() -> {
            try {
                for (int round = 0; round < rounds && flood.sent < total; round++) {
                    String out = wrk(base + "/", connections, "10s", script, flood.sent + " " + mode);
                    Matcher m = REQUESTS.matcher(out);
                    if (!m.find()) {
                        throw new IllegalStateException("wrk said:\n" + out);
                    }
                    flood.sent += Long.parseLong(m.group(1));
                    Matcher errors = NON_2XX.matcher(out);
                    flood.errors += errors.find() ? Long.parseLong(errors.group(1)) : 0;
                }
                flood.seconds = (System.nanoTime() - start) / 1e9;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return flood;
    }

    /** Publishes an article every subscriber's alert matches; the seconds until the SMTP server has every message. */
    private static double mail(String base, SmtpSink smtp, int mails, String slug) throws Exception {
        long before = smtp.accepted();
        long start = System.nanoTime();
        String article = "{\"slug\": \"huancavelica-" + slug + "\", \"title\": \"Huancavelica: mercury in the water (" + slug
                + ")\", \"summary\": \"Residents of Huancavelica ask for tests.\", \"body\": \"Residents of Huancavelica ask"
                + " for water tests.\", \"published\": \"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\", \"topics\":"
                + " [\"environment\"], \"regions\": [\"huancavelica\"], \"language\": \"en\"}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/articles"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(article)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("publishing failed: " + response.statusCode() + " " + response.body());
        }
        while (smtp.accepted() - before < mails) {
            if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(10)) {
                throw new IllegalStateException("only " + (smtp.accepted() - before) + " of " + mails + " messages in 10 minutes");
            }
            Thread.sleep(50);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void seed(String url, int mails) throws Exception {
        try (Connection connection = java.sql.DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO subscriber (email, address_hash, plain_text, created_at)"
                    + " SELECT 'reader' || g || '@example.org', md5('reader' || g), false, now() FROM generate_series(1, " + mails + ") g");
            statement.executeUpdate("INSERT INTO subscription (subscriber_id, query, topics, regions, frequency, language,"
                    + " state, created_at, confirmed_at, changed_at) SELECT id, 'huancavelica', '', '', 'immediate', 'en',"
                    + " 'confirmed', now(), now(), now() FROM subscriber");
        }
    }

    /** Heap in use just after a full collection, in KiB (the serial collector's two generations). */
    private static long heapAfterFullGc(Process quipu) throws Exception {
        String jcmd = System.getProperty("java.home") + "/bin/jcmd";
        run(List.of(jcmd, Long.toString(quipu.pid()), "GC.run"));
        String info = run(List.of(jcmd, Long.toString(quipu.pid()), "GC.heap_info"));
        Matcher m = USED.matcher(info);
        long used = 0;
        int found = 0;
        while (m.find()) {
            used += Long.parseLong(m.group(1));
            found++;
        }
        if (found != 2) {
            throw new IllegalStateException("GC.heap_info (serial collector expected):\n" + info);
        }
        return used;
    }

    private static String wrk(String url, int connections, String duration, Path script, String argument) throws Exception {
        List<String> command = new ArrayList<>(List.of("wrk", "-t1", "-c" + connections, "-d" + duration, "--timeout", "10s"));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        if (argument != null) {
            command.add("--");
            command.addAll(List.of(argument.strip().split(" ")));
        }
        return run(command);
    }

    private static double rate(String wrkOutput) {
        Matcher m = RATE.matcher(wrkOutput);
        if (!m.find()) {
            throw new IllegalStateException("wrk said:\n" + wrkOutput);
        }
        return Double.parseDouble(m.group(1));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }

    private static Path script(Path work, String name) throws IOException {
        Path file = work.resolve(name);
        try (var in = HostileBenchmark.class.getResourceAsStream("/bench/" + name)) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    private static Process start(List<Process> processes, Path work, String url, int smtpPort) throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + "/bin/java");
        String options = System.getenv().getOrDefault("JAVA_OPTS", "");
        if (!options.isBlank()) {
            command.addAll(List.of(options.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", "target/quipu.jar"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("QUIPU_HTTP_PORT", "0");
        builder.environment().put("QUIPU_DATA_DIR", data.toString());
        builder.environment().put("QUIPU_DB_URL", url);
        builder.environment().put("QUIPU_ADMIN_TOKEN", TOKEN);
        builder.environment().put("QUIPU_PARTNERS_ENABLED", "false");
        builder.environment().put("QUIPU_BASE_URL", "https://feeds.example.org");
        builder.environment().put("QUIPU_HTTP_BEHIND_PROXY", "true");   // the search flood comes from many addresses
        builder.environment().put("QUIPU_MAIL_SMTP_HOST", "127.0.0.1");
        builder.environment().put("QUIPU_MAIL_SMTP_PORT", Integer.toString(smtpPort));
        builder.environment().put("QUIPU_MAIL_SMTP_STARTTLS", "false");
        builder.environment().put("QUIPU_ALERTS_SEND_RATE", "100000");   // out of the way: the machine is the limit
        builder.redirectError(work.resolve("quipu.err").toFile());
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static String listening(Process process, Path work) throws Exception {
        var stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.readLine();
            } catch (IOException e) {
                return null;
            }
        }).get(60, TimeUnit.SECONDS);
        if (line == null || !line.startsWith("Quipu listening on ")) {
            throw new IllegalStateException("Quipu did not start: " + line + "\n" + Files.readString(work.resolve("quipu.err")));
        }
        // the rest of its standard output is read and dropped, so that the process never blocks on a full pipe
        CompletableFuture.runAsync(() -> {
            try {
                while (stdout.readLine() != null) {
                    // nothing
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        return line.substring("Quipu listening on ".length()).strip();
    }

}
