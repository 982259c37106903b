package uk.org.perusupportgroup.quipu.aggregate;

import java.net.InetAddress;
import java.util.Optional;

/** Which addresses a partner fetch may connect to ({@code partners.allow-private-addresses}). */
@FunctionalInterface
public interface AddressPolicy {

    /**
     * @return why a fetch may not connect to the address, worded to follow "10.0.0.1 is " ("a private address, not a
     *     public one (…)"); empty when it may
     */
    Optional<String> refusal(InetAddress address);

    /** {@code partners.allow-private-addresses}: true allows every address, false public unicast ones only. */
    static AddressPolicy of(boolean allowPrivateAddresses) {
        return allowPrivateAddresses ? address -> Optional.empty() : publicOnly();
    }

    /** Public unicast addresses only: loopback, private, link-local, unique-local, shared, multicast… are refused. */
    static AddressPolicy publicOnly() {
        return address -> PublicAddresses.kind(address)
                .map(kind -> kind + ", not a public one (partners.allow-private-addresses is false)");
    }
}
