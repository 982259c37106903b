package uk.org.perusupportgroup.quipu.alert;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import uk.org.perusupportgroup.quipu.text.Messages;

/**
 * The opaque signed tokens of subscriber links: a purpose, a number (an alert's, or for {@link Purpose#DATA} and
 * {@link Purpose#UNSUBSCRIBE_ALL} a subscriber's), an optional expiry and the subscriber's link version, sealed with
 * HMAC-SHA256 (truncated to 128 bits) under the service's secret. No address or query is in a token; a token made for
 * one purpose (confirm) is refused for another (unsubscribe). Whether the version is still the subscriber's is for
 * the caller to check: raising it cancels every link made before. Tokens made before versions existed read as
 * version 0. Thread-safe.
 */
public final class Tokens {

    /** How long a link to export or erase one's data works. */
    public static final Duration DATA_LINK_LIFETIME = Duration.ofHours(24);

    public enum Purpose {
        CONFIRM('c'), MANAGE('m'), UNSUBSCRIBE('u'), FEED('f'),
        /** Every alert of one subscriber: the one-click link of a message that lists several of their alerts. */
        UNSUBSCRIBE_ALL('a'),
        /** Export and erasure of everything held about one subscriber; made to expire after {@link #DATA_LINK_LIFETIME}. */
        DATA('d');

        private final char code;

        Purpose(char code) {
            this.code = code;
        }

        /** Whether the token's number is a subscriber's rather than one alert's. */
        public boolean namesSubscriber() {
            return this == UNSUBSCRIBE_ALL || this == DATA;
        }
    }

    /** Why a token was refused. */
    public enum Refusal {
        /** Not one of ours: cut short, changed, or made with another secret. */
        NOT_VALID,
        /** One of ours, made for another page. */
        OTHER_PURPOSE,
        EXPIRED,
        /** One of ours, made before the subscriber's links were last cancelled. */
        CANCELLED
    }

    /** A token that is malformed, forged, for another purpose, expired or cancelled; the message is fit for the person. */
    public static final class InvalidTokenException extends RuntimeException {
        private final Refusal refusal;
        private final String key;

        /** @param key the sentence in the error bundle (English here; a page tells it in its own language) */
        InvalidTokenException(String key, Refusal refusal) {
            super(Messages.ERRORS.get(key), null, false, false);
            this.refusal = refusal;
            this.key = key;
        }

        public Refusal refusal() {
            return refusal;
        }

        /** The sentence's key in the error bundle. */
        public String key() {
            return key;
        }

        public boolean expired() {
            return refusal == Refusal.EXPIRED;
        }
    }

    /** Before versions: purpose, number, expiry. */
    private static final int LEGACY_PAYLOAD = 17;
    /** Purpose, number, expiry, version. */
    private static final int PAYLOAD = 21;
    private static final int MAC = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    public Tokens(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** A token that does not expire (manage, unsubscribe and feed links in emails). */
    public String sign(Purpose purpose, long id, int version) {
        return sign(purpose, id, version, Optional.empty());
    }

    public String sign(Purpose purpose, long id, int version, Optional<Instant> expires) {
        ByteBuffer payload = ByteBuffer.allocate(PAYLOAD);
        payload.put((byte) purpose.code).putLong(id).putLong(expires.map(Instant::getEpochSecond).orElse(0L)).putInt(version);
        byte[] bytes = Arrays.copyOf(payload.array(), PAYLOAD + MAC);
        System.arraycopy(mac(payload.array()), 0, bytes, PAYLOAD, MAC);
        return ENCODER.encodeToString(bytes);
    }

    /** A token verified for its purpose: the number it names and the link version it was made with. */
    public record Verified(Purpose purpose, long id, int version) {}

    /**
     * @throws InvalidTokenException when the token is not one of ours for this purpose, or has expired
     */
    public Verified verify(Purpose purpose, String token, Instant now) {
        byte[] bytes;
        try {
            bytes = token == null || token.length() > 100 ? null : DECODER.decode(token);
        } catch (IllegalArgumentException e) {
            bytes = null;
        }
        int length = bytes == null ? 0 : bytes.length - MAC;
        if ((length != PAYLOAD && length != LEGACY_PAYLOAD)
                || !MessageDigest.isEqual(Arrays.copyOfRange(bytes, length, length + MAC), mac(Arrays.copyOf(bytes, length)))) {
            throw new InvalidTokenException("token_not_valid", Refusal.NOT_VALID);
        }
        ByteBuffer payload = ByteBuffer.wrap(bytes, 0, length);
        if (payload.get() != (byte) purpose.code) {
            throw new InvalidTokenException("token_other_page", Refusal.OTHER_PURPOSE);
        }
        long id = payload.getLong();
        long expires = payload.getLong();
        int version = length == PAYLOAD ? payload.getInt() : 0;
        if (expires != 0 && now.getEpochSecond() >= expires) {
            throw new InvalidTokenException(purpose == Purpose.DATA ? "token_data_expired" : "token_expired", Refusal.EXPIRED);
        }
        return new Verified(purpose, id, version);
    }

    /** Verifies a token made for any of {@code purposes}; the errors are those of {@link #verify}. */
    public Verified verifyAny(String token, Instant now, Purpose... purposes) {
        InvalidTokenException last = null;
        for (Purpose purpose : purposes) {
            try {
                return verify(purpose, token, now);
            } catch (InvalidTokenException e) {
                if (e.refusal() != Refusal.OTHER_PURPOSE) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    /** The lower-case base32 alphabet of RFC 4648: bounce tokens survive mail servers that fold case. */
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    /** Bytes of the seal of a bounce token: 80 bits, 16 characters. */
    private static final int BOUNCE_MAC = 10;
    private static final java.util.regex.Pattern BOUNCE_TOKEN = java.util.regex.Pattern.compile("([0-9a-z]{1,13})-([a-z2-7]{16})");

    /**
     * The token of a subscriber's envelope sender ({@code bounces+TOKEN@domain}, VERP): the subscriber's number in base
     * 36, a dash and its seal (HMAC-SHA256 under the links' secret, 80 bits in lower-case base32), so that a bounce
     * names its subscriber and a forged one cannot. Lower case, digits and one dash only: safe in a local part, and
     * unchanged by a server that folds case. It never expires and survives cancelled links, as bounces come late.
     */
    public String bounceToken(long subscriberId) {
        return Long.toString(subscriberId, 36) + "-" + base32(Arrays.copyOf(mac(bouncePayload(subscriberId)), BOUNCE_MAC));
    }

    /** The subscriber a {@link #bounceToken} names, read without regard to case; empty when it is not one of ours. */
    public java.util.OptionalLong bounceSubscriber(String token) {
        java.util.regex.Matcher m = BOUNCE_TOKEN.matcher(token.toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            return java.util.OptionalLong.empty();
        }
        long id;
        try {
            id = Long.parseLong(m.group(1), 36);
        } catch (NumberFormatException e) {
            return java.util.OptionalLong.empty();
        }
        String seal = base32(Arrays.copyOf(mac(bouncePayload(id)), BOUNCE_MAC));
        return id > 0 && MessageDigest.isEqual(seal.getBytes(StandardCharsets.US_ASCII), m.group(2).getBytes(StandardCharsets.US_ASCII))
                ? java.util.OptionalLong.of(id) : java.util.OptionalLong.empty();
    }

    /** 'b' and the number: 9 bytes, so no link token's payload (17 or 21 bytes) has the same seal. */
    private static byte[] bouncePayload(long subscriberId) {
        return ByteBuffer.allocate(9).put((byte) 'b').putLong(subscriberId).array();
    }

    private static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    /** The refusal of a token whose link version is no longer its subscriber's. */
    static InvalidTokenException cancelled() {
        return new InvalidTokenException("token_cancelled", Refusal.CANCELLED);
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
