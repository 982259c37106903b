package uk.org.perusupportgroup.quipu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built fat jar running in a process of its own, as an operator runs it: started with environment settings, then
 * stopped with SIGTERM or killed outright (SIGKILL), which no in-process test server can imitate.
 */
public final class JarProcess implements AutoCloseable {

    static final Path JAR = Path.of("target/quipu.jar");
    private static final Pattern LISTENING = Pattern.compile("Quipu listening on (http://127\\.0\\.0\\.1:\\d+)");

    public final Process process;
    public final Path data;
    /** The address it listens on, from its first line on standard output. */
    public final String base;

    private JarProcess(Process process, Path data, String base) {
        this.process = process;
        this.data = data;
        this.base = base;
    }

    /**
     * Launches the jar on a free port with {@code data} as its data directory; standard error goes to
     * {@code data/stderr.log}. Returns at once, before the server listens.
     */
    static Process launch(Path data, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("QUIPU_HTTP_PORT", "0");
        builder.environment().put("QUIPU_DATA_DIR", data.toString());
        builder.environment().putAll(env);
        builder.redirectError(data.resolve("stderr.log").toFile());   // Process.destroy() closes the pipes
        return builder.start();
    }

    /** Starts the jar and waits (up to 60 s) until it listens. */
    public static JarProcess start(Map<String, String> env) throws Exception {
        Path data = Files.createTempDirectory("quipu-jar");
        Process process = launch(data, env);
        var stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        try {
            line = CompletableFuture.supplyAsync(() -> {
                try {
                    return stdout.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();   // never leave a server behind, holding the database and sending mail
            throw new IllegalStateException("the jar did not start within 60 s; log:\n" + log(data), e);
        }
        Matcher matcher = LISTENING.matcher(line == null ? "" : line);
        if (!matcher.matches()) {
            process.destroyForcibly();
            throw new IllegalStateException("the jar did not start; first line " + line + "; log:\n" + log(data));
        }
        return new JarProcess(process, data, matcher.group(1));
    }

    /** The name its leases carry begin with this: the JVM's process id, then {@code @}. */
    public String leasePrefix() {
        return process.pid() + "@";
    }

    /** Kills it with SIGKILL, as a crash or the OOM killer would: nothing of it runs after this returns. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public String log() {
        return log(data);
    }

    private static String log(Path data) {
        try {
            return Files.readString(data.resolve("stderr.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops it with SIGTERM, killing it when it has not stopped within 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
