/**
 * Named staff: their accounts and their signed-in sessions, whatever serves them (the staff pages, the command line).
 *
 * <ul>
 *   <li>{@link uk.org.perusupportgroup.quipu.staff.StaffAccounts}: the rules of names and passwords, adding, changing
 *       and removing accounts, signing in and out, and the sessions every instance accepts (kept in the database
 *       through {@link uk.org.perusupportgroup.quipu.store.StaffStore}, by the SHA-256 of their tokens only).
 *   <li>{@link uk.org.perusupportgroup.quipu.staff.PasswordHasher}: Argon2id with OWASP's parameters.
 *   <li>{@link uk.org.perusupportgroup.quipu.staff.StaffCommand}: {@code java -jar quipu.jar staff add|passwd|remove|list}.
 * </ul>
 * Uses {@code config} and {@code store}; knows no HTTP.
 */
package uk.org.perusupportgroup.quipu.staff;
