package uk.org.perusupportgroup.quipu.alert;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The opaque signed tokens of subscriber links: a purpose, a subscription number and an optional expiry, sealed with
 * HMAC-SHA256 (truncated to 128 bits) under the service's secret. No address or query is in a token; a token made for
 * one purpose (confirm) is refused for another (unsubscribe). Thread-safe.
 */
public final class Tokens {

    public enum Purpose {
        CONFIRM('c'), MANAGE('m'), UNSUBSCRIBE('u'), FEED('f'),
        /** Every alert of one subscriber: the one-click link of a message that lists several of their alerts. */
        UNSUBSCRIBE_ALL('a');

        private final char code;

        Purpose(char code) {
            this.code = code;
        }
    }

    /** A token that is malformed, forged, for another purpose, or expired; the message is fit for the person. */
    public static final class InvalidTokenException extends RuntimeException {
        private final boolean expired;
        private final boolean otherPurpose;

        InvalidTokenException(String message, boolean expired) {
            this(message, expired, false);
        }

        InvalidTokenException(String message, boolean expired, boolean otherPurpose) {
            super(message, null, false, false);
            this.expired = expired;
            this.otherPurpose = otherPurpose;
        }

        public boolean expired() {
            return expired;
        }
    }

    private static final int PAYLOAD = 17;
    private static final int MAC = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    public Tokens(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** A token that does not expire (manage, unsubscribe and feed links in emails already sent). */
    public String sign(Purpose purpose, long id) {
        return sign(purpose, id, Optional.empty());
    }

    public String sign(Purpose purpose, long id, Optional<Instant> expires) {
        ByteBuffer payload = ByteBuffer.allocate(PAYLOAD);
        payload.put((byte) purpose.code).putLong(id).putLong(expires.map(Instant::getEpochSecond).orElse(0L));
        byte[] bytes = Arrays.copyOf(payload.array(), PAYLOAD + MAC);
        System.arraycopy(mac(payload.array()), 0, bytes, PAYLOAD, MAC);
        return ENCODER.encodeToString(bytes);
    }

    /**
     * @return the subscription number the token was made for
     * @throws InvalidTokenException when the token is not one of ours for this purpose, or has expired
     */
    public long verify(Purpose purpose, String token, Instant now) {
        byte[] bytes;
        try {
            bytes = token == null || token.length() > 100 ? null : DECODER.decode(token);
        } catch (IllegalArgumentException e) {
            bytes = null;
        }
        if (bytes == null || bytes.length != PAYLOAD + MAC
                || !MessageDigest.isEqual(Arrays.copyOfRange(bytes, PAYLOAD, PAYLOAD + MAC), mac(Arrays.copyOf(bytes, PAYLOAD)))) {
            throw new InvalidTokenException("this link is not valid: it may have been cut short or changed; please use the"
                    + " whole link from the email", false);
        }
        ByteBuffer payload = ByteBuffer.wrap(bytes, 0, PAYLOAD);
        if (payload.get() != (byte) purpose.code) {
            throw new InvalidTokenException("this link is not valid here: it was made for another page", false, true);
        }
        long id = payload.getLong();
        long expires = payload.getLong();
        if (expires != 0 && now.getEpochSecond() >= expires) {
            throw new InvalidTokenException("this link has expired; please subscribe again", true);
        }
        return id;
    }

    /** A token verified for one of several purposes: which one, and the number it names. */
    public record Verified(Purpose purpose, long id) {}

    /** Verifies a token made for any of {@code purposes}; the errors are those of {@link #verify}. */
    public Verified verifyAny(String token, Instant now, Purpose... purposes) {
        InvalidTokenException last = null;
        for (Purpose purpose : purposes) {
            try {
                return new Verified(purpose, verify(purpose, token, now));
            } catch (InvalidTokenException e) {
                if (!e.otherPurpose) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(payload), MAC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** A keyed hash (hex HMAC-SHA256) of a lower-cased address: what stands for the person after erasure. */
    static String addressHash(String secret, String address) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(address.strip().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
