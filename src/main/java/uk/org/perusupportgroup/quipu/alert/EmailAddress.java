package uk.org.perusupportgroup.quipu.alert;

import java.net.IDN;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import uk.org.perusupportgroup.quipu.article.FieldError;

/**
 * Checks a subscriber's address: one {@code local@domain} (RFC 5321 lengths, dot-atom local part, a domain of at
 * least two labels; internationalised domains allowed), nothing else: no display name, no spaces, no control
 * characters, so no address can carry a header line.
 */
final class EmailAddress {

    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private EmailAddress() {}

    /**
     * The mailbox an address most likely reaches, for counting what is sent to it: {@code Ana+x@Example.org} and
     * {@code ana@example.org} are one person's, and so are {@code a.na@gmail.com} and {@code ana@googlemail.com}.
     * Case is folded (RFC 5321 lets a server tell {@code Ana} from {@code ana}, but no common one does), a {@code +tag}
     * is dropped from the part before the @ (the sub-addressing of Gmail, Outlook, Fastmail, Proton and Postfix's
     * default), and for Gmail, which ignores dots, the dots are dropped too. Only for limits: mail still goes to the
     * address as it was typed. Expects an address {@link #problem} accepts.
     */
    static String normalised(String address) {
        String folded = address.strip().toLowerCase(Locale.ROOT);
        int at = folded.lastIndexOf('@');
        if (at <= 0) {
            return folded;
        }
        String local = folded.substring(0, at);
        String domain = folded.substring(at + 1);
        try {
            domain = IDN.toASCII(domain).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            // not a domain problem() accepts: counted as typed
        }
        int plus = local.indexOf('+');
        if (plus > 0) {
            local = local.substring(0, plus);
        }
        if (domain.equals("googlemail.com")) {
            domain = "gmail.com";
        }
        if (domain.equals("gmail.com")) {
            String undotted = local.replace(".", "");
            local = undotted.isEmpty() ? local : undotted;
        }
        return local + "@" + domain;
    }

    /**
     * @return what is wrong with the address, as the {@code email} field's refusal (a sentence of the error bundle), or
     *     empty when it is a usable address
     */
    static Optional<FieldError> problem(String address) {
        if (address == null || address.isBlank()) {
            return refused("email_required", Map.of());
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0' || Character.isISOControl(c)) {
                return refused("email_control", Map.of());
            }
        }
        if (address.length() > 254) {
            return refused("email_too_long", Map.of("length", address.length()));
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1 || address.indexOf('@') != at) {
            return refused("email_not_address", Map.of());
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (local.length() > 64) {
            return refused("email_local_too_long", Map.of());
        }
        if (!LOCAL.matcher(local).matches()) {
            return refused("email_bad_local", Map.of("local", local));
        }
        String ascii;
        try {
            ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            return refused("email_bad_domain", Map.of("domain", domain));
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2 || ascii.length() > 253) {
            return refused("email_bad_domain", Map.of("domain", domain));
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return refused("email_bad_domain", Map.of("domain", domain));
            }
        }
        return Optional.empty();
    }

    private static Optional<FieldError> refused(String key, Map<String, ?> values) {
        return Optional.of(AlertService.refusal("email", key, values));
    }
}
