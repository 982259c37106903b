package uk.org.perusupportgroup.quipu.staff;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.store.Database;
import uk.org.perusupportgroup.quipu.store.JdbcStaffStore;
import uk.org.perusupportgroup.quipu.store.StaffStore;
import uk.org.perusupportgroup.quipu.store.StoreException;

/**
 * {@code java -jar quipu.jar [--config FILE] staff add NAME | passwd NAME | remove NAME | list}: the staff accounts, on
 * the database of the server's configuration. A password is read twice from the terminal without echo; without a
 * terminal, from {@code QUIPU_STAFF_PASSWORD} or else the first line of standard input (for scripts).
 */
public final class StaffCommand {

    public static final String PASSWORD_VARIABLE = "QUIPU_STAFF_PASSWORD";
    static final String USAGE = "usage: java -jar quipu.jar [--config FILE] staff add NAME | passwd NAME | remove NAME | list";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ISO_INSTANT;

    /** Where a new password comes from. */
    @FunctionalInterface
    public interface Passwords {
        /** @throws StaffException when it cannot be read, or the two entries differ */
        String read(String name);
    }

    private StaffCommand() {}

    /**
     * Runs the command; {@code args} are the words after {@code staff}.
     *
     * @return the exit status: 0 done, 1 refused or failed (the reason on {@code err}), 2 a usage error
     */
    public static int run(List<String> args, QuipuConfig config, Passwords passwords, PrintStream out, PrintStream err) {
        String verb = args.isEmpty() ? "" : args.get(0);
        boolean named = verb.equals("add") || verb.equals("passwd") || verb.equals("remove");
        if (!(named && args.size() == 2) && !(verb.equals("list") && args.size() == 1)) {
            err.println(USAGE);
            return 2;
        }
        String name = named ? args.get(1) : "";
        try (Database database = Database.open(config.db())) {
            StaffStore store = new JdbcStaffStore(database.dataSource());
            var accounts = new StaffAccounts(store, new PasswordHasher(), config.staff(), Clock.systemUTC());
            switch (verb) {
                case "add" -> {
                    StaffAccounts.nameProblem(name).ifPresent(problem -> {
                        throw new StaffException(problem);
                    });
                    if (accounts.exists(name)) {
                        throw new StaffException("the name '" + name + "' is taken");
                    }
                    accounts.add(name, passwords.read(name));
                    out.println("added staff member '" + name + "': they can sign in at /admin/signin");
                }
                case "passwd" -> {
                    if (!accounts.exists(name)) {
                        throw new StaffException("there is no staff member named '" + name + "'");
                    }
                    accounts.changePassword(name, passwords.read(name));
                    out.println("changed the password of '" + name + "'; their sessions have ended");
                }
                case "remove" -> {
                    accounts.remove(name);
                    out.println("removed staff member '" + name + "'; their sessions have ended");
                }
                default -> list(accounts.list(), out);
            }
            return 0;
        } catch (StaffException e) {
            err.println("staff " + verb + ": " + e.getMessage());
            return 1;
        } catch (StoreException e) {
            err.println("staff " + verb + ": " + e.getMessage());
            if (config.db().url().startsWith("jdbc:h2:file:")) {
                err.println("  (the embedded database opens in one process at a time: stop the server first)");
            }
            return 1;
        }
    }

    private static void list(List<StaffStore.Listed> staff, PrintStream out) {
        if (staff.isEmpty()) {
            out.println("no staff accounts yet: add one with 'staff add NAME'");
            return;
        }
        for (StaffStore.Listed member : staff) {
            out.println(member.name() + "\tadded " + WHEN.format(member.createdAt()) + "\t" + member.sessions()
                    + (member.sessions() == 1 ? " session" : " sessions")
                    + member.lastSeen().map(seen -> ", last seen " + WHEN.format(seen)).orElse("")
                    + (member.disabled() ? "\tdisabled" : ""));
        }
    }

    /**
     * The passwords of a real run: {@code QUIPU_STAFF_PASSWORD} when set; else typed twice on the terminal, not
     * echoed; else the first line of {@code in}.
     */
    public static Passwords passwords(Map<String, String> env, Console console, InputStream in) {
        return name -> {
            String given = env.get(PASSWORD_VARIABLE);
            if (given != null) {
                return given;
            }
            if (console != null) {
                char[] first = console.readPassword("Password for %s (%d to %d characters): ", name,
                        StaffAccounts.MIN_PASSWORD, StaffAccounts.MAX_PASSWORD);
                char[] again = console.readPassword("The same again: ");
                if (first == null || again == null) {
                    throw new StaffException("no password given");
                }
                try {
                    if (!Arrays.equals(first, again)) {
                        throw new StaffException("the two passwords differ: nothing was changed");
                    }
                    return new String(first);
                } finally {
                    Arrays.fill(first, ' ');
                    Arrays.fill(again, ' ');
                }
            }
            try {
                String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
                if (line == null) {
                    throw new StaffException("no password given: type it on a terminal, set " + PASSWORD_VARIABLE
                            + ", or give it as the first line of standard input");
                }
                return line;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
