package uk.org.perusupportgroup.quipu.alert;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.Term;
import uk.org.perusupportgroup.quipu.article.Vocabulary;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.mail.SmtpMailer;
import uk.org.perusupportgroup.quipu.publish.SiteLinks;
import uk.org.perusupportgroup.quipu.store.Database;
import uk.org.perusupportgroup.quipu.store.JdbcArticleStore;
import uk.org.perusupportgroup.quipu.store.JdbcDeliveryStore;
import uk.org.perusupportgroup.quipu.store.JdbcAlertStore;
import uk.org.perusupportgroup.quipu.store.TestDatabases;

/**
 * Sending benchmark of the alerts issue: {@code subscribers} confirmed immediate alerts, one matching article, so as
 * many alert messages in the outbox; the real sender (Vert.x Mail, pooled connections) sends them to a local SMTP
 * server running in its own JVM ({@code serve PORT}). Prints messages per second and the heap after GC as the outbox
 * drains. Run by {@code src/bench/alerts.sh}.
 */
public final class AlertSendingBenchmark {

    public static void main(String[] args) throws Exception {
        if (args[0].equals("serve")) {
            GreenMail smtp = new GreenMail(new ServerSetup(Integer.parseInt(args[1]), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            System.out.println("serving SMTP on " + args[1]);
            Thread.currentThread().join();
            return;
        }
        int port = Integer.parseInt(args[1]);
        int subscribers = Integer.parseInt(args[2]);
        Clock clock = Clock.systemUTC();
        Database database = TestDatabases.h2Database("sending-benchmark");
        var alerts = new JdbcAlertStore(database.dataSource());
        var deliveries = new JdbcDeliveryStore(database.dataSource());
        var config = new QuipuConfig.Alerts(true, Duration.ofDays(7), Duration.ofDays(7), 7, ZoneId.of("Europe/London"),
                DayOfWeek.MONDAY, 10, 100_000, Optional.empty(), 1_000_000, 3, 1_000_000, Optional.empty(), Duration.ofMinutes(2));
        AlertIndex index = new AlertIndex(new TextAnalysis(List.of()));
        Vocabulary vocabulary = new Vocabulary(List.of(new Term(Facet.TOPIC, "environment", "Environment", "Medio ambiente",
                List.of())), List.of(new Term(Facet.REGION, "apurimac", "Apurímac", "Apurímac", List.of())));
        var service = new AlertService(alerts, index, vocabulary, config, "example.org", clock);
        long start = System.nanoTime();
        for (int i = 0; i < subscribers; i++) {
            String email = "reader" + i + "@example.org";
            service.request(new AlertService.Form(email, i % 2 == 0 ? "\"las bambas\"" : "bambas OR apurimac", List.of(),
                    List.of(), "immediate", i % 3 == 0 ? "es" : "en"), "192.0.2.1", false);
        }
        List<Long> pending = new ArrayList<>();
        try (var connection = database.dataSource().getConnection();
                var rows = connection.createStatement().executeQuery("SELECT id FROM subscription WHERE state = 'pending'")) {
            while (rows.next()) {
                pending.add(rows.getLong(1));
            }
        }
        for (long id : pending) {
            service.confirm(service.tokens().sign(Tokens.Purpose.CONFIRM, id, 0, Optional.of(clock.instant().plus(Duration.ofDays(1)))),
                    "192.0.2.1");
        }
        try (var connection = database.dataSource().getConnection()) {
            // the confirmations went out before the clicks; only the alerts are measured
            connection.createStatement().executeUpdate("DELETE FROM outbox WHERE kind = 'confirm'");
        }
        new JdbcArticleStore(database.dataSource()).insert(new Article("bambas-blockade", "Communities block the Las Bambas corridor",
                "Road blockade in Apurímac.", "Communities of Apurímac block the Las Bambas mining corridor.", "<p>Body</p>",
                clock.instant(), Optional.empty(), List.of("environment"), List.of("apurimac"), "en", Optional.empty(),
                Optional.empty(), Optional.empty()), clock.instant());
        new AlertMatcher(deliveries, index, new DigestSchedule(7, ZoneId.of("Europe/London"), DayOfWeek.MONDAY), Duration.ofDays(7),
                10, "example.org", clock).matchPending();
        int queued = deliveries.outboxCounts().get("pending");
        System.out.printf(Locale.ROOT, "%,d confirmed subscribers, %,d alert messages queued in %.1f s%n", subscribers, queued,
                (System.nanoTime() - start) / 1e9);

        Vertx vertx = Vertx.vertx();
        var composer = new AlertComposer(new SiteLinks("https://feeds.example.org", "example.org"), service.tokens(),
                "Peru Support Group <alerts@example.org>", id -> id);
        var mailer = new SmtpMailer(vertx, new QuipuConfig.Smtp("127.0.0.1", port, false, "", ""), "alerts@example.org");
        var sender = new AlertSender(vertx, deliveries, alerts, composer, mailer, 100_000, Duration.ofMinutes(2), clock, "benchmark", uk.org.perusupportgroup.quipu.reach.Tally.NONE);
        // warm-up: the first batch
        sender.sendDue().toCompletionStage().toCompletableFuture().get();
        int warm = deliveries.outboxCounts().get("sent");
        List<String> heap = new ArrayList<>();
        long t0 = System.nanoTime();
        long lastSample = t0;
        while (deliveries.outboxCounts().get("pending") > 0) {
            // the sender claims the next batch by itself while one is out; this only keeps it going
            if (sender.sendDue().toCompletionStage().toCompletableFuture().get() == 0) {
                Thread.sleep(5);
            }
            if (System.nanoTime() - lastSample > 3_000_000_000L) {
                heap.add((heapAfterGc() >> 20) + " MiB");
                lastSample = System.nanoTime();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int sent = deliveries.outboxCounts().get("sent") - warm;
        System.out.printf(Locale.ROOT, "sent %,d messages (after %,d warm-up) in %.1f s: %.0f messages/s%n", sent, warm, seconds,
                sent / seconds);
        System.out.println("heap after GC every 3 s while draining: " + heap);
        System.out.println("outbox: " + deliveries.outboxCounts());
        mailer.close().toCompletionStage().toCompletableFuture().get();
        vertx.close();
        database.close();
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
