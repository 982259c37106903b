package uk.org.perusupportgroup.quipu.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Link tokens: opaque, bound to one purpose, sealed by the secret, versioned, and expiring when asked to. */
class TokensTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private final Tokens tokens = new Tokens(SECRET);

    @Test
    void aTokenNamesItsSubscriptionForItsPurposeOnly() {
        String token = tokens.sign(Tokens.Purpose.MANAGE, 42, 0);
        assertEquals(42, tokens.verify(Tokens.Purpose.MANAGE, token, NOW).id());
        assertTrue(token.matches("[A-Za-z0-9_-]{40,50}"), token);
        Tokens.InvalidTokenException other = assertThrows(Tokens.InvalidTokenException.class,
                () -> tokens.verify(Tokens.Purpose.UNSUBSCRIBE, token, NOW));
        assertTrue(other.getMessage().contains("another page"));
        assertEquals(Tokens.Refusal.OTHER_PURPOSE, other.refusal());
    }

    @Test
    void aBounceTokenIsShortLowerCaseAndNamesItsSubscriberWhateverTheCase() {
        String token = tokens.bounceToken(123_456);
        assertTrue(token.matches("[0-9a-z]+-[a-z2-7]{16}"), token);
        assertTrue(("bounces+" + token).length() <= 40, "a short local part: " + token);
        assertEquals(java.util.OptionalLong.of(123_456), tokens.bounceSubscriber(token));
        assertEquals(java.util.OptionalLong.of(123_456), tokens.bounceSubscriber(token.toUpperCase(java.util.Locale.ROOT)),
                "a server that folds case keeps it working");
        assertNotEquals(token, tokens.bounceToken(123_457));
    }

    @Test
    void aForgedOrOtherSecretsBounceTokenNamesNobody() {
        String token = tokens.bounceToken(42);
        String otherNumber = Long.toString(43, 36) + token.substring(token.indexOf('-'));
        assertTrue(tokens.bounceSubscriber(otherNumber).isEmpty(), "another number under the same seal");
        assertTrue(new Tokens("fedcba9876543210fedcba9876543210").bounceSubscriber(token).isEmpty());
        char last = token.charAt(token.length() - 1);
        assertTrue(tokens.bounceSubscriber(token.substring(0, token.length() - 1) + (last == 'a' ? 'b' : 'a')).isEmpty());
        for (String junk : new String[] {"", "-", "1-", "zzzzzzzzzzzzzzzzzz-aaaaaaaaaaaaaaaa", "1-abc", "0-aaaaaaaaaaaaaaaa"}) {
            assertTrue(tokens.bounceSubscriber(junk).isEmpty(), junk);
        }
    }

    @Test
    void aTokenCarriesTheLinkVersionItWasMadeWithAndASealedOne() {
        String first = tokens.sign(Tokens.Purpose.MANAGE, 42, 0);
        String later = tokens.sign(Tokens.Purpose.MANAGE, 42, 7);
        assertNotEquals(first, later, "a new version makes a new link");
        assertEquals(0, tokens.verify(Tokens.Purpose.MANAGE, first, NOW).version());
        assertEquals(7, tokens.verify(Tokens.Purpose.MANAGE, later, NOW).version());
        byte[] bytes = Base64.getUrlDecoder().decode(first);
        bytes[20] = 7; // the version's last byte, same seal: someone bringing an old link up to date
        String raised = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        assertEquals(Tokens.Refusal.NOT_VALID, assertThrows(Tokens.InvalidTokenException.class,
                () -> tokens.verify(Tokens.Purpose.MANAGE, raised, NOW)).refusal());
    }

    /** Links in emails sent before versions existed keep working, as version 0, until the first cancellation. */
    @Test
    void aTokenMadeBeforeVersionsReadsAsVersionZero() throws Exception {
        ByteBuffer payload = ByteBuffer.allocate(17).put((byte) 'u').putLong(42).putLong(0);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] bytes = Arrays.copyOf(payload.array(), 33);
        System.arraycopy(mac.doFinal(payload.array()), 0, bytes, 17, 16);
        String legacy = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

        Tokens.Verified verified = tokens.verify(Tokens.Purpose.UNSUBSCRIBE, legacy, NOW);
        assertEquals(42, verified.id());
        assertEquals(0, verified.version());
    }

    @Test
    void anotherSecretOrOneChangedCharacterIsRefused() {
        String token = tokens.sign(Tokens.Purpose.CONFIRM, 7, 0);
        assertThrows(Tokens.InvalidTokenException.class,
                () -> new Tokens("another secret of at least 32 characters").verify(Tokens.Purpose.CONFIRM, token, NOW));
        byte[] bytes = Base64.getUrlDecoder().decode(token);
        bytes[5] ^= 1; // a different subscription number, same seal
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Tokens.InvalidTokenException e = assertThrows(Tokens.InvalidTokenException.class,
                () -> tokens.verify(Tokens.Purpose.CONFIRM, forged, NOW));
        assertFalse(e.expired());
        assertEquals(Tokens.Refusal.NOT_VALID, e.refusal());
        for (String junk : new String[] {"", "abc", "%%%", "x".repeat(500), null}) {
            assertThrows(Tokens.InvalidTokenException.class, () -> tokens.verify(Tokens.Purpose.CONFIRM, junk, NOW), String.valueOf(junk));
        }
    }

    @Test
    void aConfirmationTokenExpires() {
        String token = tokens.sign(Tokens.Purpose.CONFIRM, 9, 0, Optional.of(NOW.plusSeconds(60)));
        assertEquals(9, tokens.verify(Tokens.Purpose.CONFIRM, token, NOW.plusSeconds(59)).id());
        Tokens.InvalidTokenException e = assertThrows(Tokens.InvalidTokenException.class,
                () -> tokens.verify(Tokens.Purpose.CONFIRM, token, NOW.plusSeconds(60)));
        assertTrue(e.expired());
        assertTrue(e.getMessage().contains("subscribe again"), e.getMessage());
    }

    @Test
    void aDataLinkWorksForADayAndNamesItsSubscriber() {
        String token = tokens.sign(Tokens.Purpose.DATA, 3, 2, Optional.of(NOW.plus(Tokens.DATA_LINK_LIFETIME)));
        assertEquals(Duration.ofHours(24), Tokens.DATA_LINK_LIFETIME);
        assertTrue(Tokens.Purpose.DATA.namesSubscriber() && !Tokens.Purpose.MANAGE.namesSubscriber());
        assertEquals(new Tokens.Verified(Tokens.Purpose.DATA, 3, 2),
                tokens.verify(Tokens.Purpose.DATA, token, NOW.plus(Duration.ofHours(24)).minusSeconds(1)));
        Tokens.InvalidTokenException old = assertThrows(Tokens.InvalidTokenException.class,
                () -> tokens.verify(Tokens.Purpose.DATA, token, NOW.plus(Duration.ofHours(24))));
        assertEquals(Tokens.Refusal.EXPIRED, old.refusal());
        assertTrue(old.getMessage().contains("24 hours"), old.getMessage());
        assertEquals(Tokens.Refusal.OTHER_PURPOSE, assertThrows(Tokens.InvalidTokenException.class,
                () -> tokens.verify(Tokens.Purpose.DATA, tokens.sign(Tokens.Purpose.MANAGE, 3, 2), NOW)).refusal(),
                "a manage link does not open the data");
    }

    @Test
    void anAddressHashIgnoresCaseAndNeedsTheKey() {
        assertEquals(Tokens.addressHash("key", "Ana@Example.org"), Tokens.addressHash("key", "ana@example.org"));
        assertFalse(Tokens.addressHash("key", "ana@example.org").equals(Tokens.addressHash("other", "ana@example.org")));
    }
}
