package uk.org.perusupportgroup.quipu.reach;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.macs.SipHash;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The day's keyed hash of a reader: SipHash-2-4 (Bouncy Castle's), a keyed pseudo-random function made for short
 * inputs, of the address and the User-Agent under the day's 128-bit key. Without the key, which is deleted once its day
 * is over, no one can tell whose hash it was; the hash itself is never stored, only folded into a sketch. One
 * {@link SipHash} per thread.
 */
final class ReaderHash {

    private static final int KEY_BYTES = 16;

    private final long epochDay;
    private final KeyParameter key;
    private final ThreadLocal<SipHash> macs;

    /** @param secret the day's key, Base64 (as {@code reach_key} keeps it) */
    ReaderHash(long epochDay, String secret) {
        byte[] bytes = Base64.getDecoder().decode(secret);
        if (bytes.length < KEY_BYTES) {
            throw new IllegalArgumentException("a reader key has " + KEY_BYTES + " bytes, not " + bytes.length);
        }
        this.epochDay = epochDay;
        this.key = new KeyParameter(Arrays.copyOf(bytes, KEY_BYTES));
        this.macs = ThreadLocal.withInitial(() -> {
            SipHash mac = new SipHash();
            mac.init(key);
            return mac;
        });
    }

    long epochDay() {
        return epochDay;
    }

    long of(String address, String userAgent) {
        SipHash mac = macs.get();
        byte[] a = address.getBytes(StandardCharsets.UTF_8);
        byte[] u = userAgent.getBytes(StandardCharsets.UTF_8);
        mac.update(a, 0, a.length);
        mac.update((byte) '\n');
        mac.update(u, 0, u.length);
        return mac.doFinal();   // and ready for the next
    }

    /** A new random key of 128 bits, Base64. */
    static String freshSecret() {
        byte[] bytes = new byte[KEY_BYTES];
        new java.security.SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
