package uk.org.perusupportgroup.quipu.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.config.ConfigLoader;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.store.Database;
import uk.org.perusupportgroup.quipu.store.JdbcStaffStore;

/**
 * {@code staff add|passwd|remove|list} as an operator runs it: the configuration the server would read (the embedded
 * H2 database in a data directory of its own), passwords from {@code QUIPU_STAFF_PASSWORD} or standard input, and
 * clear refusals.
 */
class StaffCommandTest {

    private Path dir;
    private QuipuConfig config;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void config() throws IOException {
        dir = Files.createTempDirectory("quipu-staff");
        config = new ConfigLoader(Map.of("QUIPU_DATA_DIR", dir.resolve("data").toString())).load(Optional.empty());
    }

    @AfterEach
    void delete() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** The command with the password as the first line of standard input (no terminal), as a script gives it. */
    private int run(String stdin, String... args) {
        out.reset();
        err.reset();
        StaffCommand.Passwords passwords = StaffCommand.passwords(Map.of(), null,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return StaffCommand.run(List.of(args), config, passwords, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Signs in against the same database, as the server would. */
    private boolean signsIn(String name, String password) {
        try (Database database = Database.open(config.db())) {
            return new StaffAccounts(new JdbcStaffStore(database.dataSource()), new PasswordHasher(), config.staff(),
                    java.time.Clock.systemUTC()).signIn(name, password).isPresent();
        }
    }

    @Test
    void addListChangeAndRemoveAStaffMember() {
        assertEquals(0, run("", "list"), err());
        assertTrue(out().contains("no staff accounts yet"), out());

        assertEquals(0, run("first long password\n", "add", "Ana Núñez"), err());
        assertTrue(out().contains("added staff member 'Ana Núñez'"), out());
        assertTrue(Files.exists(dir.resolve("data/quipu.mv.db")), "the server's embedded database, in its data directory");
        assertTrue(signsIn("Ana Núñez", "first long password"));

        assertEquals(0, run("", "list"), err());
        assertTrue(out().startsWith("Ana Núñez\tadded 20"), out());

        assertEquals(0, run("second long password\n", "passwd", "Ana Núñez"), err());
        assertTrue(signsIn("Ana Núñez", "second long password"));
        assertTrue(!signsIn("Ana Núñez", "first long password"));

        assertEquals(0, run("", "remove", "Ana Núñez"), err());
        assertTrue(out().contains("removed staff member 'Ana Núñez'; their sessions have ended"), out());
        assertTrue(!signsIn("Ana Núñez", "second long password"));
    }

    @Test
    void refusalsSayWhy() {
        assertEquals(1, run("short\n", "add", "rosa"));
        assertEquals("staff add: the password is too short: at least 12 characters\n", err());
        assertEquals(1, run("long enough password\n", "add", "ro:sa"));
        assertTrue(err().startsWith("staff add: 'ro:sa' is not a name: use letters, digits"), err());
        assertEquals(1, run("long enough password\n", "add", "admin"));
        assertTrue(err().contains("stands for the admin token"), err());
        assertEquals(0, run("long enough password\n", "add", "rosa"), err());
        assertEquals(1, run("", "add", "rosa"), "taken: refused before a password is asked for");
        assertEquals("staff add: the name 'rosa' is taken\n", err());
        assertEquals(1, run("", "add", "jorge"));
        assertTrue(err().contains("no password given"), err());
        assertEquals(1, run("another long one\n", "passwd", "nobody"));
        assertEquals("staff passwd: there is no staff member named 'nobody'\n", err());
        assertEquals(1, run("", "remove", "nobody"));
        assertEquals(2, run("", "add"));
        assertTrue(err().startsWith("usage: java -jar quipu.jar"), err());
        assertEquals(2, run("", "rename", "rosa", "rose"));
    }

    @Test
    void theEnvironmentVariableGivesThePasswordToScripts() {
        StaffCommand.Passwords fromEnv = StaffCommand.passwords(Map.of(StaffCommand.PASSWORD_VARIABLE, "from the environment"),
                null, new ByteArrayInputStream(new byte[0]));
        assertEquals(0, StaffCommand.run(List.of("add", "jorge"), config, fromEnv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)), err());
        assertTrue(signsIn("jorge", "from the environment"));
    }
}
