package uk.org.perusupportgroup.quipu.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The staff accounts and sessions on a real database: a name is taken once; a new password or the account's removal
 * ends its sessions; sessions are found by id, touched, ended, and cleared once past their expiry or idle time; a
 * disabled account's sessions are not found.
 */
abstract class StaffStoreContract extends DatabaseContract {

    private static final Instant NOW = Instant.parse("2026-12-01T09:30:00.123456Z");
    private static final String HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";

    private StaffStore store;

    @Override
    void opened(javax.sql.DataSource dataSource) {
        store = new JdbcStaffStore(dataSource);
    }

    private static StaffStore.Session session(String id, String name, Instant at) {
        return new StaffStore.Session(id, name, "csrf-" + id, at, at, at.plus(Duration.ofDays(7)));
    }

    @Test
    void aNameIsTakenOnceAndFoundExactly() {
        assertTrue(store.add("Ana Núñez", HASH, NOW));
        assertFalse(store.add("Ana Núñez", "other", NOW), "the name is taken");
        StaffStore.Account account = store.find("Ana Núñez").orElseThrow();
        assertEquals(new StaffStore.Account("Ana Núñez", HASH, NOW, false), account);
        assertEquals(Optional.empty(), store.find("ana núñez"), "names are compared exactly");
        assertEquals(Optional.empty(), store.find("nobody"));
    }

    @Test
    void theListCountsEachMembersSessions() {
        store.add("rosa", HASH, NOW);
        store.add("jorge", HASH, NOW.plusSeconds(1));
        store.addSession(session("a1", "rosa", NOW));
        store.addSession(session("a2", "rosa", NOW.plusSeconds(60)));
        List<StaffStore.Listed> listed = store.list();
        assertEquals(List.of(new StaffStore.Listed("jorge", NOW.plusSeconds(1), false, 0, Optional.empty()),
                new StaffStore.Listed("rosa", NOW, false, 2, Optional.of(NOW.plusSeconds(60)))), listed);
    }

    @Test
    void aSessionIsOpenedOnlyWhileThePasswordCheckedIsStillTheAccounts() {
        store.add("rosa", HASH, NOW);
        store.changePassword("rosa", "new-hash");   // changed while a sign-in with the old one was being checked

        assertFalse(store.addSessionIfStill(session("late", "rosa", NOW), HASH));
        assertEquals(Optional.empty(), store.session("late"));
        assertTrue(store.addSessionIfStill(session("now", "rosa", NOW), "new-hash"));
        assertTrue(store.session("now").isPresent());
        assertFalse(store.addSessionIfStill(session("gone", "nobody", NOW), HASH));
    }

    @Test
    void aNewPasswordEndsEverySessionOfTheAccountOnly() {
        store.add("rosa", HASH, NOW);
        store.add("jorge", HASH, NOW);
        store.addSession(session("r1", "rosa", NOW));
        store.addSession(session("j1", "jorge", NOW));
        assertTrue(store.changePassword("rosa", "new-hash"));
        assertEquals("new-hash", store.find("rosa").orElseThrow().passwordHash());
        assertEquals(Optional.empty(), store.session("r1"));
        assertTrue(store.session("j1").isPresent());
        assertFalse(store.changePassword("nobody", "x"));
    }

    @Test
    void removingAnAccountEndsItsSessions() {
        store.add("rosa", HASH, NOW);
        store.addSession(session("r1", "rosa", NOW));
        assertTrue(store.remove("rosa"));
        assertEquals(Optional.empty(), store.find("rosa"));
        assertEquals(Optional.empty(), store.session("r1"));
        assertFalse(store.remove("rosa"));
    }

    @Test
    void sessionsAreFoundTouchedAndEnded() {
        store.add("rosa", HASH, NOW);
        StaffStore.Session opened = session("r1", "rosa", NOW);
        store.addSession(opened);
        assertEquals(Optional.of(opened), store.session("r1"));
        Instant later = NOW.plus(Duration.ofMinutes(5));
        store.touch("r1", later);
        assertEquals(later, store.session("r1").orElseThrow().lastSeen());
        store.touch("r1", NOW);
        assertEquals(later, store.session("r1").orElseThrow().lastSeen(), "never back in time");
        assertTrue(store.endSession("r1"));
        assertEquals(Optional.empty(), store.session("r1"));
        assertFalse(store.endSession("r1"));
    }

    @Test
    void endedSessionsAreClearedOut() {
        store.add("rosa", HASH, NOW);
        store.addSession(new StaffStore.Session("expired", "rosa", "c", NOW.minus(Duration.ofDays(8)), NOW,
                NOW.minusSeconds(1)));
        store.addSession(new StaffStore.Session("idle", "rosa", "c", NOW.minus(Duration.ofDays(1)),
                NOW.minus(Duration.ofHours(13)), NOW.plus(Duration.ofDays(6))));
        store.addSession(session("open", "rosa", NOW.minus(Duration.ofHours(1))));
        assertEquals(2, store.deleteEnded(NOW, NOW.minus(Duration.ofHours(12))));
        assertEquals(List.of(1), store.list().stream().map(StaffStore.Listed::sessions).toList());
        assertTrue(store.session("open").isPresent());
    }

    @Test
    void aDisabledAccountsSessionsAreNotFound() throws SQLException {
        store.add("rosa", HASH, NOW);
        store.addSession(session("r1", "rosa", NOW));
        try (Connection connection = database.dataSource().getConnection()) {
            connection.createStatement().executeUpdate("UPDATE staff SET disabled = TRUE WHERE name = 'rosa'");
        }
        assertTrue(store.find("rosa").orElseThrow().disabled());
        assertEquals(Optional.empty(), store.session("r1"));
    }
}
