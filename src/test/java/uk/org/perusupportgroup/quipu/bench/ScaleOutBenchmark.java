package uk.org.perusupportgroup.quipu.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The several-instances benchmarks' helpers, run by {@code src/bench/scale-out.sh}.
 *
 * <ul>
 *   <li>{@code postgres PORT}: an embedded PostgreSQL server with an empty database {@code quipu}; prints its JDBC URL
 *       and runs until killed (the feed-serving part points its instances at it).
 *   <li>{@code sending INSTANCES MESSAGES}: alert delivery with several instances sharing one outbox. Starts an
 *       embedded PostgreSQL and a local SMTP server ({@link SmtpSink}, in this JVM), stores {@code MESSAGES} confirmed subscribers whose alert is
 *       {@code "las bambas"}, starts {@code INSTANCES} Quipu processes (the fat jar, JVM options from
 *       {@code JAVA_OPTS}), publishes one matching article through the first, and measures how fast the outbox
 *       drains; then counts what the SMTP server accepted and the distinct Message-IDs among it (no duplicates
 *       allowed).
 * </ul>
 */
public final class ScaleOutBenchmark {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "postgres" -> postgres(Integer.parseInt(args[1]));
            case "sending" -> sending(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("postgres PORT | sending INSTANCES MESSAGES");
        }
    }

    private static void postgres(int port) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(port).start();
        try (Connection connection = pg.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE quipu");
        }
        System.out.println("ready " + pg.getJdbcUrl("postgres", "quipu"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (Exception e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e);
            }
        }));
        Thread.currentThread().join();
    }

    private static void sending(int instances, int messages) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        SmtpSink smtp = new SmtpSink();
        List<Process> processes = new ArrayList<>();
        // SIGTERM or Ctrl-C: the instances go too
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.forEach(Process::destroyForcibly)));
        try {
            try (Connection connection = pg.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE quipu");
            }
            String url = pg.getJdbcUrl("postgres", "quipu");
            // the first instance creates the schema; the rest start once it has
            List<String> bases = new ArrayList<>();
            bases.add(start(processes, url, smtp.port()));
            long seedStart = System.nanoTime();
            try (Connection connection = java.sql.DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO subscriber (email, address_hash, plain_text, created_at)"
                        + " SELECT 'reader' || g || '@example.org', md5('reader' || g), false, now()"
                        + " FROM generate_series(1, " + messages + ") g");
                statement.executeUpdate("INSERT INTO subscription (subscriber_id, query, topics, regions, frequency, language,"
                        + " state, created_at, confirmed_at, changed_at) SELECT id, '\"las bambas\"', '', '', 'immediate',"
                        + " CASE WHEN id % 3 = 0 THEN 'es' ELSE 'en' END, 'confirmed', now(), now(), now() FROM subscriber");
            }
            System.out.printf(Locale.ROOT, "%,d confirmed subscribers stored in %.1f s%n", messages, (System.nanoTime() - seedStart) / 1e9);
            for (int i = 1; i < instances; i++) {
                bases.add(start(processes, url, smtp.port()));
            }
            Thread.sleep(12_000); // every instance has loaded the alerts and counted the others (heartbeat every 10 s)

            Instant published = Instant.now();
            publish(bases.get(0));
            Instant firstSent = null;
            Instant queued = null;
            List<String> samples = new ArrayList<>();
            try (Connection connection = java.sql.DriverManager.getConnection(url)) {
                while (true) {
                    int[] counts = outbox(connection);   // pending, sent, other
                    Instant now = Instant.now();
                    if (queued == null && counts[0] + counts[1] + counts[2] >= messages) {
                        queued = now;
                    }
                    if (firstSent == null && counts[1] > 0) {
                        firstSent = now;
                    }
                    samples.add(counts[1] + "");
                    if (counts[1] + counts[2] >= messages) {
                        Instant done = now;
                        double seconds = (done.toEpochMilli() - firstSent.toEpochMilli()) / 1000.0;
                        System.out.printf(Locale.ROOT, "%d instances: %,d alert messages queued %.1f s after the article was"
                                + " published; sent in %.1f s from the first: %.0f messages/s; not sent: %d%n", instances, messages,
                                (queued.toEpochMilli() - published.toEpochMilli()) / 1000.0, seconds, messages / seconds, counts[2]);
                        break;
                    }
                    Thread.sleep(1_000);
                }
                System.out.println("sent, every second: " + String.join(" ", samples));
                Thread.sleep(2_000);   // a message accepted just before its row was marked
                System.out.printf(Locale.ROOT, "the SMTP server accepted %,d messages, %,d distinct Message-IDs: %d duplicates%n",
                        smtp.accepted(), smtp.distinctMessageIds(), smtp.accepted() - smtp.distinctMessageIds());
                try (Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT split_part(lease_owner, '@', 1), COUNT(*) FROM outbox"
                                + " WHERE state = 'sent' GROUP BY 1 ORDER BY 1")) {
                    List<String> by = new ArrayList<>();
                    while (rows.next()) {
                        by.add(rows.getString(1) + ": " + rows.getInt(2));
                    }
                    System.out.println("sent by instance (process id): " + String.join(", ", by));
                }
                // what a run of this size leaves in the database: the figures for planning its size
                try (Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT relname, pg_total_relation_size(relid) FROM"
                                + " pg_catalog.pg_statio_user_tables WHERE relname IN ('subscriber', 'subscription', 'alert_match',"
                                + " 'alert_delivery', 'outbox') ORDER BY relname")) {
                    List<String> sizes = new ArrayList<>();
                    while (rows.next()) {
                        sizes.add(String.format(Locale.ROOT, "%s %.1f MiB", rows.getString(1), rows.getLong(2) / 1048576.0));
                    }
                    System.out.println("table sizes with indexes: " + String.join(", ", sizes));
                }
            }
        } finally {
            for (Process process : processes) {
                process.destroy();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            smtp.close();
            pg.close();
        }
    }

    /** pending, sent, and everything else (failed, dropped). */
    private static int[] outbox(Connection connection) throws Exception {
        int[] out = new int[3];
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT state, COUNT(*) FROM outbox WHERE kind = 'alert' GROUP BY state")) {
            while (rows.next()) {
                switch (rows.getString(1)) {
                    case "pending" -> out[0] += rows.getInt(2);
                    case "sent" -> out[1] += rows.getInt(2);
                    default -> out[2] += rows.getInt(2);
                }
            }
        }
        return out;
    }

    /** Starts the jar on a free port against the database and SMTP server; returns its address once it listens. */
    private static String start(List<Process> processes, String url, int smtpPort) throws Exception {
        Path data = Files.createTempDirectory("quipu-bench");
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
        builder.environment().put("QUIPU_ADMIN_TOKEN", "benchmark-admin-token-0123456789");
        builder.environment().put("QUIPU_PARTNERS_ENABLED", "false");
        builder.environment().put("QUIPU_BASE_URL", "https://feeds.example.org");
        builder.environment().put("QUIPU_MAIL_SMTP_HOST", "127.0.0.1");
        builder.environment().put("QUIPU_MAIL_SMTP_PORT", Integer.toString(smtpPort));
        builder.environment().put("QUIPU_MAIL_SMTP_STARTTLS", "false");
        builder.environment().put("QUIPU_ALERTS_SEND_RATE", "100000");   // out of the way: the machine is the limit
        builder.redirectError(data.resolve("stderr.log").toFile());
        Process process = builder.start();
        processes.add(process);
        var stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.readLine();
            } catch (java.io.IOException e) {
                return null;
            }
        }).get(60, TimeUnit.SECONDS);
        if (line == null || !line.startsWith("Quipu listening on ")) {
            throw new IllegalStateException("an instance did not start: " + line + "\n" + Files.readString(data.resolve("stderr.log")));
        }
        return line.substring("Quipu listening on ".length()).strip();
    }

    private static void publish(String base) throws Exception {
        String article = "{\"slug\": \"bambas-blockade\", \"title\": \"Communities block the Las Bambas corridor\","
                + " \"summary\": \"Road blockade in Apurímac.\", \"body\": \"Communities of Apurímac block the Las Bambas mining"
                + " corridor.\", \"published\": \"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\", \"topics\":"
                + " [\"extractive-industries\"], \"regions\": [\"apurimac\"], \"language\": \"en\"}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/articles"))
                .header("Authorization", "Bearer benchmark-admin-token-0123456789").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(article)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("publishing failed: " + response.statusCode() + " " + response.body());
        }
    }
}
