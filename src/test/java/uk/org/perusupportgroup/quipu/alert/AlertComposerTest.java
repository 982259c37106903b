package uk.org.perusupportgroup.quipu.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.subscriber.Frequency;
import uk.org.perusupportgroup.quipu.article.PartnerSource;
import uk.org.perusupportgroup.quipu.article.StoredArticle;
import uk.org.perusupportgroup.quipu.subscriber.Alert;
import uk.org.perusupportgroup.quipu.mail.MailMessage;
import uk.org.perusupportgroup.quipu.publish.SiteLinks;
import uk.org.perusupportgroup.quipu.store.DeliveryStore;

/** The emails as written: languages, digests, the plain-text preference, escaping, and every link direct and signed. */
class AlertComposerTest {

    private final Tokens tokens = new Tokens("0123456789abcdef0123456789abcdef");
    private final AlertComposer composer = new AlertComposer(new SiteLinks("https://feeds.example.org", "example.org"), tokens,
            "Peru Support Group <alerts@example.org>", id -> id.equals("amnesty") ? "Amnesty International" : id);

    private static Alert alert(long id, String query, String language) {
        return new Alert(id, 3, "ana@example.org", query, List.of(), List.of("apurimac"), Frequency.DAILY, language,
                Alert.State.CONFIRMED, false, Instant.EPOCH, Optional.of(Instant.EPOCH), Optional.empty(), 4);
    }

    private static DeliveryStore.Item item(String slug, String title, Optional<String> partner, long... alerts) {
        Article article = new Article(slug, title, "A <b>summary</b> & more", "Body", "<p>Body</p>",
                Instant.parse("2026-11-20T10:00:00Z"), Optional.empty(), List.of(), List.of("apurimac"), "en", Optional.empty(),
                partner.map(p -> URI.create("https://www.amnesty.org/en/latest/news/2026/11/" + slug + "/")), Optional.empty());
        return new DeliveryStore.Item(new StoredArticle(article, LocalDate.EPOCH, Instant.EPOCH,
                partner.map(p -> new StoredArticle.Attribution(List.of(p), PartnerSource.Reuse.EXCERPT))),
                java.util.Arrays.stream(alerts).boxed().toList());
    }

    private static DeliveryStore.Envelope envelope(DeliveryStore.Kind kind, boolean plainText, List<DeliveryStore.Item> items) {
        return new DeliveryStore.Envelope(9, "<digest.3.1@example.org>", kind, 3, "ana@example.org", "hash", plainText,
                Instant.EPOCH, 1, Optional.empty(), items);
    }

    @Test
    void aDigestInSpanishListsEachArticleOnceWithTheAlertsItMatched() {
        Alert first = alert(1, "\"las bambas\"", "es");
        Alert second = alert(2, "apurímac", "es");
        List<DeliveryStore.Item> items = List.of(item("bambas", "Bloqueo en <Las Bambas>", Optional.empty(), 1, 2),
                item("amnesty-report", "Informe de Amnistía", Optional.of("amnesty"), 2));
        MailMessage message = composer.alert(envelope(DeliveryStore.Kind.DIGEST, false, items),
                items, List.of(first, second));
        assertEquals("2 artículos nuevos para sus alertas", message.subject());
        assertTrue(message.text().contains("Coincide con: \"las bambas\" · apurímac"), message.text());
        assertTrue(message.text().contains("20 de noviembre de 2026 · vía Amnesty International"), message.text());
        assertTrue(message.text().contains("https://www.amnesty.org/en/latest/news/2026/11/amnesty-report/"), "partner items link to the source");
        String html = message.html().orElseThrow();
        assertTrue(html.contains("Bloqueo en &lt;Las Bambas&gt;") && html.contains("A &lt;b&gt;summary&lt;/b&gt; &amp; more"), html);
        assertTrue(html.contains("href=\"https://feeds.example.org/es/articles/bambas\""), "the Spanish page: " + html);
        assertTrue(html.contains("darse de baja"), html);
        assertFalse(html.contains("<img"), "no tracking pixel");
        assertEquals("<https://feeds.example.org/es/subscriptions/unsubscribe?token=" + tokens.sign(Tokens.Purpose.UNSUBSCRIBE_ALL, 3, 4)
                + ">", message.headers().get("List-Unsubscribe"), "one click stops both alerts this message is made of (its page in Spanish)");
        assertEquals("List-Unsubscribe=One-Click", message.headers().get("List-Unsubscribe-Post"));
        assertEquals("Peru Support Group alerts <alerts.example.org>", message.headers().get("List-Id"));
        assertEquals("<digest.3.1@example.org>", message.messageId());
    }

    @Test
    void withABounceAddressEveryMessageGoesWithTheSubscribersSignedEnvelopeSender() {
        var verp = new AlertComposer(new SiteLinks("https://feeds.example.org", "example.org"), tokens,
                "Peru Support Group <alerts@example.org>", id -> id, Optional.of("bounces@psg.example"));
        Alert alert = alert(1, "mining", "en");
        List<DeliveryStore.Item> items = List.of(item("one", "Mining news", Optional.empty(), 1));
        List<MailMessage> messages = List.of(verp.alert(envelope(DeliveryStore.Kind.ALERT, false, items), items, List.of(alert)),
                verp.confirmation(envelope(DeliveryStore.Kind.CONFIRM, false, List.of()), alert),
                verp.links(envelope(DeliveryStore.Kind.LINKS, false, List.of()), List.of(alert), Instant.EPOCH));
        for (MailMessage message : messages) {
            String sender = message.envelopeFrom().orElseThrow();
            assertEquals("bounces+" + tokens.bounceToken(3) + "@psg.example", sender, "subscriber 3's token");
            assertEquals(java.util.OptionalLong.of(3), tokens.bounceSubscriber(sender.substring(8, sender.indexOf('@'))));
            assertEquals("Peru Support Group <alerts@example.org>", message.from(), "the From is unchanged");
        }
        assertEquals(Optional.empty(), composer.alert(envelope(DeliveryStore.Kind.ALERT, false, items), items, List.of(alert))
                .envelopeFrom(), "without the setting nothing changes");
    }

    @Test
    void aSubscriberWhoPrefersPlainTextGetsNoHtmlPart() {
        Alert alert = alert(1, "mining", "en");
        List<DeliveryStore.Item> items = List.of(item("one", "Mining news", Optional.empty(), 1));
        MailMessage message = composer.alert(envelope(DeliveryStore.Kind.ALERT, true, items), items, List.of(alert));
        assertEquals("Alert: Mining news", message.subject());
        assertEquals("<https://feeds.example.org/subscriptions/unsubscribe?token=" + tokens.sign(Tokens.Purpose.UNSUBSCRIBE, 1, 4)
                + ">", message.headers().get("List-Unsubscribe"), "a message of one alert stops that alert");
        assertTrue(message.html().isEmpty());
        assertTrue(message.text().startsWith("A new article matches your alert."), message.text());
        assertTrue(message.text().contains("manage https://feeds.example.org/subscriptions/manage?token="), message.text());
    }

    @Test
    void theConfirmationCarriesOnlyItsSignedLinkAndNoListHeaders() {
        Alert request = new Alert(5, 3, "ana@example.org", "tía maría", List.of("environment"), List.of(),
                Frequency.WEEKLY, "en", Alert.State.PENDING, false, Instant.EPOCH, Optional.empty(),
                Optional.of(Instant.parse("2026-12-01T10:00:00Z")), 4);
        MailMessage message = composer.confirmation(envelope(DeliveryStore.Kind.CONFIRM, false, List.of()), request);
        assertEquals("Confirm your Peru Support Group alert", message.subject(), "never the query a stranger typed");
        assertTrue(message.text().contains("ignore this email: nothing will be sent to you.\n\n"
                + "  Words asked for, as they were typed into our form (not a message from us):\n  > tía maría\n"), message.text());
        assertTrue(message.html().orElseThrow().contains("If you did not ask for this, ignore this email")
                && message.html().orElseThrow().contains(">tía maría</blockquote>"), message.html().orElseThrow());
        String link = "https://feeds.example.org/subscriptions/confirm?token="
                + tokens.sign(Tokens.Purpose.CONFIRM, 5, 4, request.expiresAt());
        assertTrue(message.text().contains(link), message.text());
        assertTrue(message.text().contains("until 1 December 2026") && message.text().contains("Only: environment"), message.text());
        assertFalse(message.headers().containsKey("List-Unsubscribe"));
        assertEquals("auto-generated", message.headers().get("Auto-Submitted"));
    }

    @Test
    void theLinksMessageCarriesAVersionedDataLinkForADayAndAManageLinkPerLiveAlert() {
        Alert on = alert(1, "minería", "es");
        Alert gone = new Alert(2, 3, "ana@example.org", "old alert", List.of(), List.of(), Frequency.DAILY, "es",
                Alert.State.UNSUBSCRIBED, false, Instant.EPOCH, Optional.of(Instant.EPOCH), Optional.empty(), 4);
        Instant now = Instant.parse("2026-11-24T12:00:00Z");
        MailMessage message = composer.links(envelope(DeliveryStore.Kind.LINKS, false, List.of()),
                List.of(on, gone), now);
        assertEquals("Sus enlaces de alertas del Peru Support Group", message.subject());
        String data = "https://feeds.example.org/es/subscriptions/data?token="
                + tokens.sign(Tokens.Purpose.DATA, 3, 4, Optional.of(now.plus(Duration.ofHours(24))));
        assertTrue(message.text().contains(data), message.text());
        assertTrue(message.text().contains("25 de noviembre de 2026, 12:00"), message.text());
        assertTrue(message.text().contains("https://feeds.example.org/es/subscriptions/manage?token="
                + tokens.sign(Tokens.Purpose.MANAGE, 1, 4)), "the subscriber's pages in her language: " + message.text());
        assertFalse(message.text().contains("old alert"), "no manage link for an alert that has ended");
        assertFalse(message.headers().containsKey("List-Unsubscribe"));
    }

    @Test
    void aQueryThatPosesAsAMessageIsShownAsQuotedDataAndEscaped() {
        String bait = "<a href=\"https://evil.example/\">Your bank account is locked: click here</a>";
        Alert request = new Alert(6, 3, "ana@example.org", bait, List.of(), List.of(), Frequency.DAILY, "es",
                Alert.State.PENDING, false, Instant.EPOCH, Optional.empty(), Optional.of(Instant.parse("2026-12-01T10:00:00Z")), 0);
        MailMessage message = composer.confirmation(envelope(DeliveryStore.Kind.CONFIRM, false, List.of()), request);
        assertEquals("Confirme su alerta del Peru Support Group", message.subject());
        String html = message.html().orElseThrow();
        assertFalse(html.contains("evil.example/\">"), "no link of the requester's in the HTML: " + html);
        assertTrue(html.contains("&lt;a href=") && html.contains("Si usted no lo pidió, ignore este correo"), html);
        assertTrue(message.text().contains("(no es un mensaje nuestro):\n  > " + bait), message.text());
    }
}
