package uk.org.perusupportgroup.quipu;

import com.github.benmanes.caffeine.cache.Ticker;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.config.ConfigException;
import uk.org.perusupportgroup.quipu.config.ConfigLoader;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.staff.StaffCommand;

/**
 * {@code java -jar quipu.jar [--config FILE]}: loads the configuration, starts the service, prints
 * {@code Quipu listening on http://HOST:PORT} when ready, and shuts down cleanly on SIGTERM.
 * {@code java -jar quipu.jar [--config FILE] staff …} manages the staff accounts on the same database, and exits.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    private static void printProblems(ConfigException e) {
        System.err.println("Quipu cannot start: bad configuration:");
        e.problems().forEach(problem -> System.err.println("  " + problem));
    }

    /** Fetches the home page and the all-news feed; 0 when both answer 200. */
    private static int selfCheck(String url) {
        var client = java.net.http.HttpClient.newHttpClient();
        for (String path : new String[] {"/", "/feeds/all.atom"}) {
            try {
                var response = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + path)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
                System.out.println("check " + path + ": " + response.statusCode());
                if (response.statusCode() != 200) {
                    return 1;
                }
            } catch (Exception e) {
                System.out.println("check " + path + ": " + e);
                return 1;
            }
        }
        return 0;
    }

    public static void main(String[] args) {
        Optional<Path> file = Optional.empty();
        boolean check = false;
        List<String> staff = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("staff")) {
                staff = List.of(args).subList(i + 1, args.length);
                break;
            } else if (args[i].equals("--check")) {
                check = true;
            } else if (args[i].equals("--config") && i + 1 < args.length) {
                file = Optional.of(Path.of(args[++i]));
            } else if (args[i].startsWith("--config=")) {
                file = Optional.of(Path.of(args[i].substring("--config=".length())));
            } else {
                System.err.println("usage: java -jar quipu.jar [--config FILE] [--check]");
                System.err.println("       java -jar quipu.jar [--config FILE] staff add NAME | passwd NAME | remove NAME | list");
                System.err.println("  --check  start, fetch the home page and the all-news feed, then stop (exit 0 when both answer)");
                System.err.println("  staff    the staff accounts of the staff pages (a password: typed twice, or "
                        + StaffCommand.PASSWORD_VARIABLE + ", or the first line of standard input)");
                System.exit(args[i].equals("--help") || args[i].equals("-h") ? 0 : 2);
            }
        }
        QuipuConfig config;
        try {
            config = new ConfigLoader(System.getenv()).load(file);
        } catch (ConfigException e) {
            printProblems(e);
            System.exit(2);
            return;
        }
        if (staff != null) {
            System.exit(StaffCommand.run(staff, config, StaffCommand.passwords(System.getenv(), System.console(), System.in),
                    System.out, System.err));
            return;
        }
        var app = QuipuVerticle.prepare(config, Clock.systemUTC(), Ticker.systemTicker());
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
        boolean checkOnly = check;
        vertx.deployVerticle(app).onSuccess(id -> {
            System.out.println("Quipu listening on " + app.listeningUrl());
            System.out.flush();
            if (checkOnly) {
                // not on the event loop: the shutdown hook needs it free to close Vert.x
                new Thread(() -> System.exit(selfCheck(app.localUrl())), "quipu-check").start();
            }
        }).onFailure(e -> {
            int status;
            if (e instanceof ConfigException problem) {
                printProblems(problem);
                status = 2;
            } else {
                LOG.error("Quipu cannot start: {}", e.getMessage(), e);
                System.err.println("Quipu cannot start: " + e.getMessage());
                status = 1;
            }
            new Thread(() -> System.exit(status), "quipu-exit").start();   // not on the event loop: the hook closes Vert.x
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down: finishing requests in flight");
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(40, TimeUnit.SECONDS);
                LOG.info("stopped");
            } catch (Exception e) {
                LOG.warn("shutdown did not finish cleanly: {}", e.toString());
            }
        }, "quipu-shutdown"));
    }
}
