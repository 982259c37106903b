package uk.org.perusupportgroup.quipu.staff;

/**
 * Who is using the staff pages: a named staff member signed in with their password, or whoever holds the admin token
 * (HTTP Basic), named {@value StaffAccounts#TOKEN_NAME}. What staff change can be recorded as changed by {@code name}.
 *
 * @param byToken signed in with the admin token, not with a session
 */
public record StaffMember(String name, boolean byToken) {

    /** Whoever holds the admin token. */
    public static final StaffMember TOKEN = new StaffMember(StaffAccounts.TOKEN_NAME, true);
}
