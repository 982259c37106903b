package uk.org.perusupportgroup.quipu.reach;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The day's keyed hash of a reader: HMAC-SHA256 of the address and the User-Agent under the day's key, cut to 64 bits
 * for the sketch. Without the key, which is deleted once its day is over, no one can tell whose hash it was; the hash
 * itself is never stored, only folded into a sketch. One {@link Mac} per thread.
 */
final class ReaderHash {

    private final long epochDay;
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    /** @param secret the day's key, Base64 (as {@code reach_key} keeps it) */
    ReaderHash(long epochDay, String secret) {
        this.epochDay = epochDay;
        this.key = new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::mac);
    }

    long epochDay() {
        return epochDay;
    }

    long of(String address, String userAgent) {
        Mac mac = macs.get();
        mac.update(address.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) '\n');
        mac.update(userAgent.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(mac.doFinal()).getLong();
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** A new random key of 256 bits, Base64. */
    static String freshSecret() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
