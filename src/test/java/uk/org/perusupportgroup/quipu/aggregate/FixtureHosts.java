package uk.org.perusupportgroup.quipu.aggregate;

import io.vertx.core.Future;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A resolver like a hosts file, for tests: the names given resolve to their addresses, IP addresses to themselves,
 * every other name to nothing; every look-up is recorded.
 */
final class FixtureHosts implements HostResolver {

    private final Map<String, List<InetAddress>> names = new ConcurrentHashMap<>();
    private final List<String> lookups = new CopyOnWriteArrayList<>();

    /** {@code host} resolves to these addresses (IP literals), in this order. */
    FixtureHosts name(String host, String... addresses) {
        List<InetAddress> resolved = new ArrayList<>();
        for (String address : addresses) {
            resolved.add(PublicAddresses.literal(address.contains(":") ? "[" + address + "]" : address).orElseThrow());
        }
        names.put(host, List.copyOf(resolved));
        return this;
    }

    @Override
    public Future<List<InetAddress>> resolve(String host) {
        lookups.add(host);
        Optional<InetAddress> literal = PublicAddresses.literal(host);
        if (literal.isPresent()) {
            return Future.succeededFuture(List.of(literal.get()));
        }
        List<InetAddress> known = names.get(host);
        return known == null ? Future.failedFuture(new UnknownHostException(host)) : Future.succeededFuture(known);
    }

    /** The hosts looked up, in order. */
    List<String> lookups() {
        return List.copyOf(lookups);
    }

    /**
     * The policy, except that {@code standIn} counts as a public address: in tests a loopback address such as
     * {@code 127.0.0.2} plays a partner on the internet.
     */
    static AddressPolicy standingIn(String standIn, AddressPolicy policy) {
        InetAddress stand = PublicAddresses.literal(standIn).orElseThrow();
        return address -> stand.equals(address) ? Optional.empty() : policy.refusal(address);
    }
}
