package uk.org.perusupportgroup.quipu.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PublicAddressesTest {

    /**
     * The address as written, kept as IPv6 when written so: Java reads {@code ::ffff:127.0.0.1} as the IPv4 address,
     * but a resolver may hand over the 16-byte form.
     */
    private static InetAddress address(String text) throws UnknownHostException {
        InetAddress parsed = InetAddress.getByName(text);
        if (parsed instanceof Inet4Address && text.contains(":")) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(parsed.getAddress(), 0, mapped, 12, 4);
            return Inet6Address.getByAddress(null, mapped, -1);
        }
        return parsed;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0.0.0.0              | an unspecified ("this network") address
            0.255.1.2            | an unspecified ("this network") address
            10.0.0.1             | a private address
            10.255.255.255       | a private address
            100.64.0.1           | a shared address (carrier-grade NAT)
            100.127.255.254      | a shared address (carrier-grade NAT)
            127.0.0.1            | a loopback address
            127.255.0.9          | a loopback address
            169.254.169.254      | a link-local address
            172.16.0.1           | a private address
            172.31.255.255       | a private address
            192.0.0.8            | an IETF protocol address
            192.0.2.1            | a documentation address
            192.88.99.1          | a 6to4 relay address
            192.168.1.1          | a private address
            198.18.0.1           | a benchmarking address
            198.19.255.255       | a benchmarking address
            198.51.100.7         | a documentation address
            203.0.113.9          | a documentation address
            224.0.0.1            | a multicast address
            239.255.255.250      | a multicast address
            240.0.0.1            | a reserved address
            255.255.255.254      | a reserved address
            255.255.255.255      | the broadcast address
            ::                   | the unspecified address
            ::1                  | a loopback address
            ::ffff:127.0.0.1     | an IPv4-mapped form of 127.0.0.1, a loopback address
            ::ffff:10.1.2.3      | an IPv4-mapped form of 10.1.2.3, a private address
            ::ffff:169.254.169.254 | an IPv4-mapped form of 169.254.169.254, a link-local address
            ::127.0.0.1          | an IPv4-compatible address (a deprecated form that no public host uses)
            ::8.8.8.8            | an IPv4-compatible address (a deprecated form that no public host uses)
            64:ff9b::a00:1       | a NAT64 form of 10.0.0.1, a private address
            64:ff9b::7f00:1      | a NAT64 form of 127.0.0.1, a loopback address
            64:ff9b:1::1         | a local NAT64 address
            2002:7f00:1::1       | a 6to4 form of 127.0.0.1, a loopback address
            2002:a9fe:a9fe::1    | a 6to4 form of 169.254.169.254, a link-local address
            2002:c0a8:101::1     | a 6to4 form of 192.168.1.1, a private address
            100::1               | a discard-only address
            2001::1              | a Teredo tunnel address
            2001:2::1            | an IETF protocol address
            2001:db8::1          | a documentation address
            3fff::1              | a documentation address
            5f00::1              | a segment-routing (SRv6) address
            fc00::1              | a unique-local address
            fd12:3456:789a::1    | a unique-local address
            fe80::1              | a link-local address
            febf::1              | a link-local address
            fec0::1              | a site-local address
            ff02::1              | a multicast address
            ff0e::1              | a multicast address
            4000::1              | an address outside the global unicast range 2000::/3
            1::1                 | an address outside the global unicast range 2000::/3
            """)
    void refuses(String text, String kind) throws UnknownHostException {
        assertEquals(Optional.of(kind), PublicAddresses.kind(address(text)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            1.1.1.1
            8.8.8.8
            9.255.255.255
            11.0.0.0
            100.63.255.255
            100.128.0.0
            126.255.255.255
            128.0.0.0
            169.253.255.255
            169.255.0.0
            172.15.255.255
            172.32.0.0
            192.0.1.0
            192.167.255.255
            192.169.0.0
            198.17.255.255
            198.20.0.0
            223.255.255.255
            2a00:1450:4009:81f::200e
            2606:4700:4700::1111
            2001:200::1
            ::ffff:8.8.8.8
            64:ff9b::808:808
            2002:808:808::1
            """)
    void passesPublicUnicast(String text) throws UnknownHostException {
        assertEquals(Optional.empty(), PublicAddresses.kind(address(text)));
    }

    @ParameterizedTest(name = "{0} is written {1}")
    @CsvSource(textBlock = """
            127.0.0.1, 127.0.0.1
            0:0:0:0:0:0:0:1, ::1
            0:0:0:0:0:0:0:0, ::
            fe80:0:0:0:0:0:0:1, fe80::1
            2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1
            2001:0db8:0000:0000:0000:0000:0002:0001, 2001:db8::2:1
            2001:db8:1:2:3:4:5:6, 2001:db8:1:2:3:4:5:6
            1:0:0:0:0:0:0:0, 1::
            ::ffff:127.0.0.1, ::ffff:127.0.0.1
            64:ff9b::a00:1, 64:ff9b::a00:1
            """)
    void writesAddressesAsPeopleDo(String text, String written) throws UnknownHostException {
        assertEquals(written, PublicAddresses.text(address(text)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1          | 127.0.0.1
            169.254.169.254    | 169.254.169.254
            [::1]              | ::1
            256.0.0.1          |
            127.1              |
            partner.example    |
            0x7f.0.0.1         |
            """)
    void readsOnlyPlainIpAddressesWithoutALookUp(String host, String address) {
        assertEquals(Optional.ofNullable(address), PublicAddresses.literal(host).map(PublicAddresses::text));
    }

    @Test
    void thePolicyOfTheSettingRefusesOrAllows() throws UnknownHostException {
        InetAddress metadata = address("169.254.169.254");
        assertEquals(Optional.of("a link-local address, not a public one (partners.allow-private-addresses is false)"),
                AddressPolicy.of(false).refusal(metadata));
        assertEquals(Optional.empty(), AddressPolicy.of(true).refusal(metadata));
        assertEquals(Optional.empty(), AddressPolicy.of(false).refusal(address("8.8.8.8")));
    }
}
