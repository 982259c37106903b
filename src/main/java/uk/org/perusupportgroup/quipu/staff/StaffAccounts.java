package uk.org.perusupportgroup.quipu.staff;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.store.StaffStore;

/**
 * Staff accounts and sessions. A name is 1–60 letters, digits, spaces, dots, hyphens and underscores, neither starting
 * nor ending with a space, and never {@value #TOKEN_NAME} (which stands for the admin token); names are compared
 * exactly. A password is 12–200 characters. A session is a random 256-bit token held by the browser, stored only as
 * its SHA-256, so that every instance on the database accepts it and a copy of the database opens none; it ends after
 * {@code staff.session-idle} unused or {@code staff.session-lifetime} in all, at sign-out, when the password changes,
 * or when the account goes. Blocking: call it off the event loop. Thread-safe.
 */
public final class StaffAccounts {

    public static final String TOKEN_NAME = "admin";
    public static final int MIN_PASSWORD = 12;
    public static final int MAX_PASSWORD = 200;
    public static final int MAX_NAME = 60;
    /** A session's last use is written at most this often. */
    static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}._-]([\\p{L}\\p{N}._ -]*[\\p{L}\\p{N}._-])?");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A session begun: the token for the browser's cookie, and the session it opens. */
    public record SignedIn(String token, StaffSession session) {}

    /** An open session: who, and the token its forms carry. */
    public record StaffSession(StaffMember member, String csrf) {}

    private final StaffStore store;
    private final PasswordHasher hasher;
    private final Duration idle;
    private final Duration lifetime;
    private final Clock clock;
    /** Checked against when the name is unknown, so that a wrong name takes as long as a wrong password. */
    private volatile String dummyHash;

    public StaffAccounts(StaffStore store, PasswordHasher hasher, QuipuConfig.Staff settings, Clock clock) {
        this.store = store;
        this.hasher = hasher;
        this.idle = settings.sessionIdle();
        this.lifetime = settings.sessionLifetime();
        this.clock = clock;
    }

    /** What is wrong with {@code name} as a staff member's name, if anything. */
    public static Optional<String> nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("a name is needed");
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME) {
            return Optional.of("a name has at most " + MAX_NAME + " characters");
        }
        if (!NAME.matcher(name).matches()) {
            return Optional.of("'" + name + "' is not a name: use letters, digits, spaces, dots, hyphens and underscores,"
                    + " not starting or ending with a space");
        }
        if (name.toLowerCase(Locale.ROOT).equals(TOKEN_NAME)) {
            return Optional.of("'" + name + "' stands for the admin token on the staff pages: choose another name");
        }
        return Optional.empty();
    }

    /** What is wrong with {@code password}, if anything. */
    public static Optional<String> passwordProblem(String password) {
        int length = password == null ? 0 : password.codePointCount(0, password.length());
        if (length < MIN_PASSWORD) {
            return Optional.of("the password is too short: at least " + MIN_PASSWORD + " characters");
        }
        if (length > MAX_PASSWORD) {
            return Optional.of("the password is too long: at most " + MAX_PASSWORD + " characters");
        }
        return Optional.empty();
    }

    /** @throws StaffException when the name or the password breaks a rule, or the name is taken */
    public void add(String name, String password) {
        check(nameProblem(name));
        check(passwordProblem(password));
        if (!store.add(name, hasher.hash(password), clock.instant())) {
            throw new StaffException("the name '" + name + "' is taken");
        }
    }

    /** A new password; every session of the account ends. @throws StaffException for an unknown name or a bad password */
    public void changePassword(String name, String password) {
        check(passwordProblem(password));
        if (!store.changePassword(name, hasher.hash(password))) {
            throw unknown(name);
        }
    }

    /** Removes the account, ending its sessions. @throws StaffException for an unknown name */
    public void remove(String name) {
        if (!store.remove(name)) {
            throw unknown(name);
        }
    }

    /** Whether the account exists. */
    public boolean exists(String name) {
        return store.find(name).isPresent();
    }

    public List<StaffStore.Listed> list() {
        return store.list();
    }

    /**
     * Opens a session when the name and password are right (and the account is not disabled); a wrong name costs the
     * same hashing as a wrong password. Sessions that ended are cleared out on the way.
     */
    public Optional<SignedIn> signIn(String name, String password) {
        if (name == null || password == null || name.length() > 4 * MAX_NAME || password.length() > 4 * MAX_PASSWORD) {
            return Optional.empty();
        }
        String dummy = dummyHash();   // made at the first sign-in of any name, so that it costs every name the same
        Optional<StaffStore.Account> account = store.find(name);
        boolean right = hasher.matches(password, account.map(StaffStore.Account::passwordHash).orElse(dummy));
        if (!right || account.isEmpty() || account.get().disabled()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        store.deleteEnded(now, now.minus(idle));
        String token = random();
        String csrf = random();
        // only if the password checked is still the account's: a change made meanwhile wins
        if (!store.addSessionIfStill(new StaffStore.Session(id(token), name, csrf, now, now, now.plus(lifetime)),
                account.get().passwordHash())) {
            return Optional.empty();
        }
        return Optional.of(new SignedIn(token, new StaffSession(new StaffMember(name, false), csrf)));
    }

    /** The open session of a cookie's token; empty when it is not one, or has ended (it is deleted then). */
    public Optional<StaffSession> session(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        String id = id(token);
        Optional<StaffStore.Session> found = store.session(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StaffStore.Session session = found.get();
        Instant now = clock.instant();
        if (!now.isBefore(session.expiresAt()) || !now.isBefore(session.lastSeen().plus(idle))) {
            store.endSession(id);
            return Optional.empty();
        }
        if (!now.isBefore(session.lastSeen().plus(TOUCH_EVERY))) {
            store.touch(id, now);
        }
        return Optional.of(new StaffSession(new StaffMember(session.staffName(), false), session.csrf()));
    }

    /** Ends the session of a cookie's token, if it is open. */
    public void signOut(String token) {
        if (token != null && TOKEN.matcher(token).matches()) {
            store.endSession(id(token));
        }
    }

    /** The stored id of a session token: its SHA-256, in hex. */
    static String id(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** 256 random bits, Base64url without padding (43 characters). */
    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String dummyHash() {
        String hash = dummyHash;
        if (hash == null) {
            hash = hasher.hash(random());
            dummyHash = hash;
        }
        return hash;
    }

    private static void check(Optional<String> problem) {
        if (problem.isPresent()) {
            throw new StaffException(problem.get());
        }
    }

    private static StaffException unknown(String name) {
        return new StaffException("there is no staff member named '" + name + "'");
    }
}
