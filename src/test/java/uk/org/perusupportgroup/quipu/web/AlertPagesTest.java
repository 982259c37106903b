package uk.org.perusupportgroup.quipu.web;

import uk.org.perusupportgroup.quipu.article.Language;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.alert.AlertService;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.FieldError;
import uk.org.perusupportgroup.quipu.subscriber.Frequency;
import uk.org.perusupportgroup.quipu.subscriber.Alert;
import uk.org.perusupportgroup.quipu.article.Term;
import uk.org.perusupportgroup.quipu.article.Vocabulary;

/** The subscriber pages as their templates lay them out, without a server. */
class AlertPagesTest {

    /** The pages in English, as at their own addresses. */
    private static final PageTemplates EN = PageTemplates.at(Language.EN, "/subscribe");

    private static final Vocabulary VOCABULARY = new Vocabulary(
            List.of(new Term(Facet.TOPIC, "mining", "Mining & oil", "Minería", List.of())),
            List.of(new Term(Facet.REGION, "apurimac", "Apurímac", "Apurímac", List.of())));

    private static Alert alert(long id, String query, Alert.State state) {
        return new Alert(id, 7, "someone@example.org", query, List.of("mining"), List.of(), Frequency.WEEKLY, "es", state,
                true, Instant.EPOCH, Optional.empty(), Optional.empty(), 1);
    }

    @Test
    void theSignUpFormKeepsWhatWasTypedAndShowsEachProblemBesideItsField() {
        String page = AlertPages.signUp(EN, new AlertService.Form("a\"b@example.org", "\"las bambas\" <x>",
                List.of("mining"), List.of(), "weekly", "es"), List.of(new FieldError("query", "unclosed quote at 1"),
                new FieldError("regions", "unknown region 'atlantis'")), VOCABULARY);
        assertTrue(page.startsWith("<h1>Email alerts</h1>\n"), page);
        // the summary first, read out as the page opens; each problem beside its field, which names it
        assertTrue(page.contains("<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus"
                + " aria-labelledby=\"error-summary-title\">\n<h2 id=\"error-summary-title\">Please correct the 2 problems below.</h2>"), page);
        assertTrue(page.contains("<li><a href=\"#query\">unclosed quote at 1</a></li>\n<li><a href=\"#regions-apurimac\">"
                + "unknown region &#39;atlantis&#39;</a></li>"), page);
        assertTrue(page.contains("value=\"a&quot;b@example.org\">") && page.contains("value=\"&quot;las bambas&quot; &lt;x&gt;\""
                + " aria-describedby=\"query-help query-error\" aria-invalid=\"true\">"), page);
        assertTrue(page.contains("<p class=\"error\" id=\"query-error\"><span class=\"visually-hidden\">Error:</span> unclosed quote at 1</p>\n"
                + "<input type=\"text\" id=\"query\""), page);
        assertTrue(page.contains("<fieldset id=\"regions\" aria-invalid=\"true\" aria-describedby=\"regions-error\">"
                + "<legend>Only these regions (none ticked: anywhere)</legend><p class=\"error\" id=\"regions-error\">"
                + "<span class=\"visually-hidden\">Error:</span> unknown region &#39;atlantis&#39;</p>\n"), page);
        assertTrue(page.contains("<label for=\"topics-mining\"><input type=\"checkbox\" id=\"topics-mining\" name=\"topics\""
                + " value=\"mining\" checked> Mining &amp; oil</label>"), page);
        assertTrue(page.contains("value=\"weekly\" checked> Weekly digest") && page.contains("value=\"es\" checked> Español"), page);
        assertTrue(page.contains("formaction=\"/subscriptions/preview\" formnovalidate>Preview matching articles</button>"), page);
        assertFalse(page.contains("{{"), page);
    }

    @Test
    void withoutProblemsTheFieldsHaveTheirDefaults() {
        String fields = AlertPages.fields(EN, new AlertService.Form(null, null, null, null, null, null), List.of(),
                VOCABULARY, false);
        assertFalse(fields.contains("class=\"error\"") || fields.contains("id=\"email\""), fields);
        assertTrue(fields.contains("value=\"daily\" checked> Daily digest") && fields.contains("value=\"en\" checked> English"), fields);
        assertEquals(1, AlertPages.fields(EN, new AlertService.Form("", "", List.of(), List.of(), "", ""),
                List.of(new FieldError("email", "required")), VOCABULARY, true).split("Please correct the problem below\\.").length - 1);
    }

    @Test
    void theManagePageOffersWhatTheAlertsStateAllows() {
        Alert on = alert(1, "quellaveco", Alert.State.CONFIRMED);
        Alert paused = alert(2, "tia <maria>", Alert.State.PAUSED);
        AlertPages.ManageLinks links = new AlertPages.ManageLinks("/subscriptions/manage?token=a&b", "https://x/feed",
                other -> "https://x/manage/" + other.id());
        String page = AlertPages.manage(EN, on, List.of(on, paused), "<!-- fields -->\n", "<unknown>", links);
        assertTrue(page.contains("<p role=\"status\"><strong>Done.</strong></p>") && page.contains("State: <strong>on</strong>"), page);
        assertTrue(page.contains("<form method=\"post\" action=\"/subscriptions/manage?token=a&amp;b\">\n<!-- fields -->\n"), page);
        assertTrue(page.contains("name=\"plain_text\" checked> Plain-text emails only") && page.contains("value=\"pause\""), page);
        assertFalse(page.contains("value=\"resume\""), page);
        assertTrue(page.contains("<li><a href=\"https://x/manage/2\">tia &lt;maria&gt;</a> (paused)</li>"), page);
        assertTrue(page.contains("value=\"data-link\">Email me a link to export or erase my data</button>"), page);
        String other = AlertPages.manage(EN, paused, List.of(paused), "", "links-later", links);
        assertTrue(other.contains("today&#39;s share") && other.contains("value=\"resume\"") && !other.contains("Your other alerts"),
                other);
        String ended = AlertPages.manage(EN, alert(3, "x", Alert.State.UNSUBSCRIBED), List.of(), "", null, links);
        assertFalse(ended.contains("role=\"status\"") || ended.contains("value=\"save\"") || ended.contains("In a feed reader"), ended);
    }

    @Test
    void confirmAndUnsubscribePagesPostBackToTheirOwnAddress() {
        Alert pending = alert(1, "espinar", Alert.State.PENDING);
        AlertPages.Shown confirm = AlertPages.confirm(EN, pending, "/subscriptions/confirm?token=a&b", VOCABULARY);
        assertEquals("Email alerts", confirm.title());
        assertTrue(confirm.body().contains("<p><strong>espinar</strong><br>Topics: Mining &amp; oil<br>Weekly digest · Español</p>\n"
                + "<form method=\"post\" action=\"/subscriptions/confirm?token=a&amp;b\"><p><button type=\"submit\">Confirm</button>"),
                confirm.body());
        assertTrue(AlertPages.confirm(PageTemplates.at(Language.ES, "/subscriptions/confirm?token=a"), pending, "/es/c", VOCABULARY)
                .body().contains("Minería"), "the topic's name in the page's language");
        assertEquals("Already confirmed", AlertPages.confirm(EN, alert(1, "espinar", Alert.State.CONFIRMED), "/c", VOCABULARY).title());
        AlertPages.Shown all = AlertPages.unsubscribe(EN, List.of(pending, alert(2, "moquegua", Alert.State.PAUSED)),
                true, "/u", VOCABULARY);
        assertTrue(all.body().contains("Stop the emails of all your alerts:") && all.body().contains("moquegua"), all.body());
        assertTrue(AlertPages.unsubscribe(EN, List.of(), false, "/u", VOCABULARY).body().contains("Nothing left to stop: you will get no more"
                + " emails for this alert."));
        String cancelled = AlertPages.unsubscribed(EN, true, true, "t", Optional.empty()).body();
        assertTrue(cancelled.contains("Every link we sent you before is cancelled.") && cancelled.contains("/subscriptions/links?token=t"),
                cancelled);
        String kept = AlertPages.unsubscribed(EN, false, false, "t", Optional.of("https://x/manage/1")).body();
        assertTrue(kept.contains("<a href=\"https://x/manage/1\">Your alerts and data</a>") && !kept.contains("cancelled"), kept);
    }
}
