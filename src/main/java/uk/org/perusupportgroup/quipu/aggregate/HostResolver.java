package uk.org.perusupportgroup.quipu.aggregate;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a partner's host to its addresses. The fetcher resolves each request's host once, checks every address
 * against its {@link AddressPolicy} and connects to one of exactly those addresses.
 */
@FunctionalInterface
public interface HostResolver {

    /**
     * @param host as a URL has it: a name, a dotted IPv4 address or an IPv6 address in brackets
     * @return every address of the host; fails when there is none
     */
    Future<List<InetAddress>> resolve(String host);

    /**
     * The system's resolver ({@link InetAddress#getAllByName}) on the partner poller's worker threads, never the web's;
     * IP addresses are read without a lookup.
     */
    static HostResolver system(Vertx vertx) {
        WorkerExecutor workers = vertx.createSharedWorkerExecutor(PartnerPoller.WORKERS, PartnerPoller.WORKER_THREADS);
        return host -> {
            Optional<InetAddress> literal = PublicAddresses.literal(host);
            if (literal.isPresent()) {
                return Future.succeededFuture(List.of(literal.get()));
            }
            return workers.executeBlocking(() -> List.of(InetAddress.getAllByName(host)), false);
        };
    }
}
