package uk.org.perusupportgroup.quipu.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Link tokens: opaque, bound to one purpose, sealed by the secret, and expiring when asked to. */
class TokensTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private final Tokens tokens = new Tokens("0123456789abcdef0123456789abcdef");

    @Test
    void aTokenNamesItsSubscriptionForItsPurposeOnly() {
        String token = tokens.sign(Tokens.Purpose.MANAGE, 42);
        assertEquals(42, tokens.verify(Tokens.Purpose.MANAGE, token, NOW));
        assertTrue(token.matches("[A-Za-z0-9_-]{40,50}"), token);
        Tokens.InvalidTokenException other = assertThrows(Tokens.InvalidTokenException.class,
                () -> tokens.verify(Tokens.Purpose.UNSUBSCRIBE, token, NOW));
        assertTrue(other.getMessage().contains("another page"));
    }

    @Test
    void anotherSecretOrOneChangedCharacterIsRefused() {
        String token = tokens.sign(Tokens.Purpose.CONFIRM, 7);
        assertThrows(Tokens.InvalidTokenException.class,
                () -> new Tokens("another secret of at least 32 characters").verify(Tokens.Purpose.CONFIRM, token, NOW));
        byte[] bytes = Base64.getUrlDecoder().decode(token);
        bytes[5] ^= 1; // a different subscription number, same seal
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Tokens.InvalidTokenException e = assertThrows(Tokens.InvalidTokenException.class,
                () -> tokens.verify(Tokens.Purpose.CONFIRM, forged, NOW));
        assertFalse(e.expired());
        for (String junk : new String[] {"", "abc", "%%%", "x".repeat(500), null}) {
            assertThrows(Tokens.InvalidTokenException.class, () -> tokens.verify(Tokens.Purpose.CONFIRM, junk, NOW), String.valueOf(junk));
        }
    }

    @Test
    void aConfirmationTokenExpires() {
        String token = tokens.sign(Tokens.Purpose.CONFIRM, 9, Optional.of(NOW.plusSeconds(60)));
        assertEquals(9, tokens.verify(Tokens.Purpose.CONFIRM, token, NOW.plusSeconds(59)));
        Tokens.InvalidTokenException e = assertThrows(Tokens.InvalidTokenException.class,
                () -> tokens.verify(Tokens.Purpose.CONFIRM, token, NOW.plusSeconds(60)));
        assertTrue(e.expired());
    }

    @Test
    void anAddressHashIgnoresCaseAndNeedsTheKey() {
        assertEquals(Tokens.addressHash("key", "Ana@Example.org"), Tokens.addressHash("key", "ana@example.org"));
        assertFalse(Tokens.addressHash("key", "ana@example.org").equals(Tokens.addressHash("other", "ana@example.org")));
    }
}
