package uk.org.perusupportgroup.quipu.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.org.perusupportgroup.quipu.MutableClock;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.store.Database;
import uk.org.perusupportgroup.quipu.store.JdbcStaffStore;
import uk.org.perusupportgroup.quipu.store.TestDatabases;

/**
 * Staff accounts on H2 under a moved clock: the rules of names and passwords, Argon2id hashes, sign-in with the same
 * refusal for a wrong name and a wrong password, and sessions that end when idle, when old, at sign-out and with a
 * new password.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaffAccountsTest {

    private static final String PASSWORD = "correct horse battery";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    private Database database;
    private StaffAccounts accounts;

    @BeforeAll
    void open() {
        database = TestDatabases.h2Database("staff-accounts");
        accounts = new StaffAccounts(new JdbcStaffStore(database.dataSource()), new PasswordHasher(),
                new QuipuConfig.Staff(Duration.ofHours(12), Duration.ofDays(7)), clock);
        accounts.add("rosa", PASSWORD);
    }

    @AfterAll
    void close() {
        database.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a plain name                | rosa                  | true
            letters of any language     | Ana Núñez             | true
            dots hyphens underscores    | j.pérez-soto_2        | true
            one character               | x                     | true
            sixty characters            | abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij | true
            sixty-one characters        | abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijk | false
            a leading space             | ' rosa'               | false
            a trailing space            | 'rosa '               | false
            a colon                     | ro:sa                 | false
            an at sign                  | rosa@example.org      | false
            a slash                     | ../rosa               | false
            the admin token's name      | admin                 | false
            the same, capitalised       | Admin                 | false
            """)
    void names(String what, String name, boolean valid) {
        assertEquals(valid, StaffAccounts.nameProblem(name).isEmpty(), what + ": " + StaffAccounts.nameProblem(name));
    }

    @Test
    void aPasswordHasTwelveToTwoHundredCharacters() {
        assertEquals(Optional.of("the password is too short: at least 12 characters"), StaffAccounts.passwordProblem("elevenchars"));
        assertTrue(StaffAccounts.passwordProblem("twelve chars").isEmpty());
        assertTrue(StaffAccounts.passwordProblem("x".repeat(200)).isEmpty());
        assertTrue(StaffAccounts.passwordProblem("x".repeat(201)).isPresent());
        StaffException refused = assertThrows(StaffException.class, () -> accounts.add("jorge", "short"));
        assertTrue(refused.getMessage().contains("too short"), refused.getMessage());
        assertFalse(accounts.exists("jorge"));
    }

    @Test
    void passwordsAreHashedWithArgon2idAtOwaspsParameters() {
        PasswordHasher hasher = new PasswordHasher();
        String hash = hasher.hash(PASSWORD);
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        assertNotEquals(hash, hasher.hash(PASSWORD), "a new salt each time");
        assertTrue(hasher.matches(PASSWORD, hash));
        assertFalse(hasher.matches(PASSWORD + "!", hash));
        assertFalse(hasher.matches(PASSWORD, "not a hash"));
    }

    @Test
    void aTakenNameIsRefused() {
        StaffException taken = assertThrows(StaffException.class, () -> accounts.add("rosa", "another long password"));
        assertEquals("the name 'rosa' is taken", taken.getMessage());
    }

    @Test
    void aWrongNameAndAWrongPasswordAreRefusedAlike() {
        assertEquals(Optional.empty(), accounts.signIn("rosa", "wrong password!"));
        assertEquals(Optional.empty(), accounts.signIn("nobody", PASSWORD));
        assertEquals(Optional.empty(), accounts.signIn("Rosa", PASSWORD));
        assertTrue(accounts.signIn("rosa", PASSWORD).isPresent());
    }

    @Test
    void aSessionIsItsTokenAndEndsWhenIdle() {
        StaffAccounts.SignedIn signedIn = accounts.signIn("rosa", PASSWORD).orElseThrow();
        assertTrue(signedIn.token().matches("[A-Za-z0-9_-]{43}"), "256 random bits");
        assertEquals(new StaffMember("rosa", false), signedIn.session().member());
        assertEquals(Optional.of(signedIn.session()), accounts.session(signedIn.token()));
        assertEquals(Optional.empty(), accounts.session(signedIn.token().substring(1) + "A"));
        clock.advance(Duration.ofHours(11));
        assertTrue(accounts.session(signedIn.token()).isPresent(), "used within 12 hours: kept, and its use recorded");
        clock.advance(Duration.ofHours(11));
        assertTrue(accounts.session(signedIn.token()).isPresent());
        clock.advance(Duration.ofHours(12));
        assertEquals(Optional.empty(), accounts.session(signedIn.token()), "12 hours unused");
    }

    @Test
    void aSessionEndsAfterSevenDaysHoweverBusy() {
        StaffAccounts.SignedIn signedIn = accounts.signIn("rosa", PASSWORD).orElseThrow();
        for (int hours = 0; hours < 7 * 24 - 6; hours += 6) {
            clock.advance(Duration.ofHours(6));
            assertTrue(accounts.session(signedIn.token()).isPresent());
        }
        clock.advance(Duration.ofHours(6));
        assertEquals(Optional.empty(), accounts.session(signedIn.token()));
    }

    @Test
    void signOutAndANewPasswordEndSessions() {
        StaffAccounts.SignedIn first = accounts.signIn("rosa", PASSWORD).orElseThrow();
        StaffAccounts.SignedIn second = accounts.signIn("rosa", PASSWORD).orElseThrow();
        accounts.signOut(first.token());
        assertEquals(Optional.empty(), accounts.session(first.token()));
        assertTrue(accounts.session(second.token()).isPresent());
        accounts.changePassword("rosa", PASSWORD);
        assertEquals(Optional.empty(), accounts.session(second.token()));
    }
}
