package uk.org.perusupportgroup.quipu.aggregate;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which IP addresses are public unicast ones. Refused: every block the IANA IPv4 and IPv6 Special-Purpose Address
 * Registries (RFC 6890 and its updates) do not mark globally reachable, IPv4 multicast, reserved and broadcast
 * addresses, and IPv6 outside 2000::/3 (the only range allocated for global unicast). An IPv6 address that carries
 * an IPv4 one (IPv4-mapped {@code ::ffff:0:0/96}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) is judged by
 * the IPv4 address it carries; the deprecated IPv4-compatible form ({@code ::/96}) is refused.
 */
final class PublicAddresses {

    private static final Pattern DOTTED_QUAD = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    /** A block of addresses: the first {@code bits} of {@code prefix}. */
    private record Block(byte[] prefix, int bits, String kind) {

        static Block of(String cidr, String kind) {
            int slash = cidr.indexOf('/');
            try {
                // literals only: no name is looked up
                return new Block(InetAddress.getByName(cidr.substring(0, slash)).getAddress(),
                        Integer.parseInt(cidr.substring(slash + 1)), kind);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit += 8) {
                int mask = bits - bit >= 8 ? 0xff : 0xff << (8 - (bits - bit)) & 0xff;
                if ((address[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** IPv4, the broadcast address before the reserved block that holds it. */
    private static final List<Block> IPV4 = List.of(
            Block.of("0.0.0.0/8", "an unspecified (\"this network\") address"),
            Block.of("10.0.0.0/8", "a private address"),
            Block.of("100.64.0.0/10", "a shared address (carrier-grade NAT)"),
            Block.of("127.0.0.0/8", "a loopback address"),
            Block.of("169.254.0.0/16", "a link-local address"),
            Block.of("172.16.0.0/12", "a private address"),
            Block.of("192.0.0.0/24", "an IETF protocol address"),
            Block.of("192.0.2.0/24", "a documentation address"),
            Block.of("192.88.99.0/24", "a 6to4 relay address"),
            Block.of("192.168.0.0/16", "a private address"),
            Block.of("198.18.0.0/15", "a benchmarking address"),
            Block.of("198.51.100.0/24", "a documentation address"),
            Block.of("203.0.113.0/24", "a documentation address"),
            Block.of("224.0.0.0/4", "a multicast address"),
            Block.of("255.255.255.255/32", "the broadcast address"),
            Block.of("240.0.0.0/4", "a reserved address"));

    /** IPv6 besides the forms that carry IPv4; Teredo before the IETF block that holds it. */
    private static final List<Block> IPV6 = List.of(
            Block.of("64:ff9b:1::/48", "a local NAT64 address"),
            Block.of("100::/64", "a discard-only address"),
            Block.of("2001::/32", "a Teredo tunnel address"),
            Block.of("2001::/23", "an IETF protocol address"),
            Block.of("2001:db8::/32", "a documentation address"),
            Block.of("3fff::/20", "a documentation address"),
            Block.of("5f00::/16", "a segment-routing (SRv6) address"),
            Block.of("fc00::/7", "a unique-local address"),
            Block.of("fe80::/10", "a link-local address"),
            Block.of("fec0::/10", "a site-local address"),
            Block.of("ff00::/8", "a multicast address"));

    private static final Block GLOBAL_UNICAST = Block.of("2000::/3", "");
    private static final Block NAT64 = Block.of("64:ff9b::/96", "");
    private static final Block SIX_TO_FOUR = Block.of("2002::/16", "");

    private PublicAddresses() {}

    /**
     * @return what kind of address this is when it is not a public unicast one, to follow "… is" ("a loopback
     *     address", "an IPv4-mapped form of 10.0.0.1, a private address"); empty for a public unicast address
     */
    static Optional<String> kind(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 4 ? kind(bytes, IPV4) : kindV6(bytes);
    }

    private static Optional<String> kindV6(byte[] bytes) {
        if (zeros(bytes, 0, 16)) {
            return Optional.of("the unspecified address");
        }
        if (zeros(bytes, 0, 15) && bytes[15] == 1) {
            return Optional.of("a loopback address");
        }
        if (zeros(bytes, 0, 10) && bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff) {
            return carried("an IPv4-mapped form of", bytes, 12);
        }
        if (zeros(bytes, 0, 12)) {
            return Optional.of("an IPv4-compatible address (a deprecated form that no public host uses)");
        }
        if (NAT64.contains(bytes)) {
            return carried("a NAT64 form of", bytes, 12);
        }
        if (SIX_TO_FOUR.contains(bytes)) {
            return carried("a 6to4 form of", bytes, 2);
        }
        Optional<String> special = kind(bytes, IPV6);
        if (special.isPresent() || GLOBAL_UNICAST.contains(bytes)) {
            return special;
        }
        return Optional.of("an address outside the global unicast range 2000::/3");
    }

    /** The IPv4 address an IPv6 one carries at {@code offset}, judged as itself. */
    private static Optional<String> carried(String form, byte[] bytes, int offset) {
        byte[] v4 = Arrays.copyOfRange(bytes, offset, offset + 4);
        return kind(v4, IPV4).map(kind -> form + " " + dotted(v4) + ", " + kind);
    }

    private static Optional<String> kind(byte[] bytes, List<Block> blocks) {
        return blocks.stream().filter(block -> block.contains(bytes)).map(Block::kind).findFirst();
    }

    private static boolean zeros(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The address as people write it: IPv4 dotted, IPv6 in RFC 5952's short form ({@code ::1},
     * {@code fe80::1}), an IPv4-mapped one as {@code ::ffff:127.0.0.1}; no scope.
     */
    static String text(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return dotted(bytes);
        }
        if (zeros(bytes, 0, 10) && bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff) {
            return "::ffff:" + dotted(Arrays.copyOfRange(bytes, 12, 16));
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        }
        // the longest run of two or more zero groups (the first of equals) becomes "::"
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
            } else {
                if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                    text.append(':');
                }
                text.append(Integer.toHexString(groups[i]));
            }
        }
        return text.toString();
    }

    private static String dotted(byte[] v4) {
        return (v4[0] & 0xff) + "." + (v4[1] & 0xff) + "." + (v4[2] & 0xff) + "." + (v4[3] & 0xff);
    }

    /**
     * The address a URL's host names without any lookup: a dotted IPv4 address, or an IPv6 address in brackets.
     *
     * @return empty for a host name (and for anything else, which is then left to the resolver)
     */
    static Optional<InetAddress> literal(String host) {
        Matcher quad = DOTTED_QUAD.matcher(host);
        try {
            if (quad.matches()) {
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(quad.group(i + 1));
                    if (octet > 255) {
                        return Optional.empty();
                    }
                    bytes[i] = (byte) octet;
                }
                return Optional.of(Inet4Address.getByAddress(bytes));
            }
            if (host.length() > 2 && host.startsWith("[") && host.endsWith("]")) {
                // bracketed, so read as an IPv6 literal and never looked up
                return Optional.of(InetAddress.getByName(host));
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
