package uk.org.perusupportgroup.quipu.alert;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Who a client is, for the limits that count per client: an IPv4 address, or the /64 network of an IPv6 one (one
 * household or server has a whole /64 to hop through); for sign-up also the /48 around it (one site's networks).
 */
public final class ClientKeys {

    private ClientKeys() {}

    /** The IPv4 address as it is, or {@code 20010db800010002::/64} for any IPv6 address in {@code 2001:db8:1:2::/64}. */
    public static String of(String address) {
        return ipv6(address).map(bytes -> HexFormat.of().formatHex(bytes, 0, 8) + "::/64").orElse(address);
    }

    /** The /48 network of an IPv6 address ({@code 20010db80001::/48}); empty for an IPv4 one. */
    public static Optional<String> network48(String address) {
        return ipv6(address).map(bytes -> HexFormat.of().formatHex(bytes, 0, 6) + "::/48");
    }

    private static Optional<byte[]> ipv6(String address) {
        if (address.indexOf(':') < 0) {
            return Optional.empty();
        }
        try {
            byte[] bytes = InetAddress.getByName(address.replaceAll("[\\[\\]]", "").replaceAll("%.*$", "")).getAddress();
            return bytes.length == 16 ? Optional.of(bytes) : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
