package uk.org.perusupportgroup.quipu.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Optional;

/**
 * A token bucket (Bucket4j) per client, in a table bounded in bytes: some 10,000 clients at once. A bucket left alone
 * for {@code forgetAfter} (long enough to be full again) is forgotten, which loses nothing. Thread-safe.
 */
final class ClientBuckets {

    /** What one client's entry holds: its key, the bucket and its state, the table's node. */
    static final int CLIENT_BYTES = 400;
    static final long TABLE_BYTES = 4L * 1024 * 1024;

    private final Bandwidth limit;
    private final Cache<String, Bucket> buckets;

    ClientBuckets(Bandwidth limit, Duration forgetAfter) {
        this.limit = limit;
        this.buckets = Caffeine.newBuilder().maximumWeight(TABLE_BYTES)
                .<String, Bucket>weigher((client, bucket) -> CLIENT_BYTES + 2 * client.length())
                .expireAfterAccess(forgetAfter).build();
    }

    /** The client's bucket, full when new. */
    Bucket of(String client) {
        return buckets.get(client, key -> Bucket.builder().addLimit(limit).build());
    }

    /** The client's bucket if it has one: a client nobody counted yet has its whole allowance. */
    Optional<Bucket> known(String client) {
        return Optional.ofNullable(buckets.getIfPresent(client));
    }

    /** Whole seconds until the bucket holds one token again, at least 1: a {@code Retry-After}. */
    static long secondsUntilNext(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
