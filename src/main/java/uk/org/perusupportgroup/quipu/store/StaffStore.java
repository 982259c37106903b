package uk.org.perusupportgroup.quipu.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Staff accounts and their signed-in sessions, shared by every instance on the database. Stores what it is given (a
 * password's hash, a session token's hash); the rules of names and passwords are the caller's. Blocking: call it off
 * the event loop.
 */
public interface StaffStore {

    /** A staff member's account; {@code passwordHash} in the PHC string form of its hashing. */
    record Account(String name, String passwordHash, Instant createdAt, boolean disabled) {}

    /** A staff member as listed: the account without its hash, and how many sessions are open. */
    record Listed(String name, Instant createdAt, boolean disabled, int sessions, Optional<Instant> lastSeen) {}

    /**
     * A signed-in session.
     *
     * @param id the SHA-256 (hex) of the session token the browser holds
     * @param csrf the token every form of the session must carry
     * @param lastSeen when the session was last used (to the minute or so)
     * @param expiresAt when it ends however busy it is
     */
    record Session(String id, String staffName, String csrf, Instant createdAt, Instant lastSeen, Instant expiresAt) {}

    /** @return false, adding nothing, when the name is taken */
    boolean add(String name, String passwordHash, Instant now);

    Optional<Account> find(String name);

    /** Every account, by name. */
    List<Listed> list();

    /** A new password hash; every session of the account ends. @return false when there is no such account */
    boolean changePassword(String name, String passwordHash);

    /** Deletes the account and ends its sessions. @return false when there was no such account */
    boolean remove(String name);

    void addSession(Session session);

    /**
     * Opens a session only while the account still has the password hash that was checked and is not disabled: the
     * account's row is locked, so a password change or removal under way either comes first (no session) or ends this
     * session too.
     *
     * @return false when the account changed since, or is gone or disabled: no session
     */
    boolean addSessionIfStill(Session session, String passwordHash);

    Optional<Session> session(String id);

    /** Records that the session was used at {@code now}. */
    void touch(String id, Instant now);

    /** @return false when there was no such session */
    boolean endSession(String id);

    /** Deletes the sessions that ended by {@code now}: past {@code expires_at}, or unused since {@code idleSince}. */
    int deleteEnded(Instant now, Instant idleSince);
}
