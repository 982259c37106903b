package uk.org.perusupportgroup.quipu.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.mail.Template;

/** The staff notices about partner sources, as their templates write them: a subject line, a blank line, the text. */
class PartnerNoticeTemplatesTest {

    private static final Map<String, Object> SOURCE = Map.of("name", "Amnesty (Peru)", "id", "amnesty",
            "url", "https://www.amnesty.org/en/location/americas/south-america/peru/");

    private static String render(String kind, Map<String, Object> values) {
        Map<String, Object> all = new java.util.HashMap<>(SOURCE);
        all.putAll(values);
        return Template.load("partner-" + kind + ".txt").render(all);
    }

    @Test
    void aRecoveryIsToldWithWhenAndAfterHowManyFailures() {
        assertEquals("""
                Quipu partner source: Amnesty (Peru) is working again

                The source amnesty (https://www.amnesty.org/en/location/americas/south-america/peru/) was fetched \
                successfully again at 2026-12-05T10:00:00Z after 7 failed polls.

                Source health: /admin/partners
                """, render("working-again", Map.of("now", "2026-12-05T10:00:00Z", "errors", 7)));
    }

    @Test
    void aFailingSourceIsToldWithItsLastErrorAndThatItsItemsStay() {
        assertEquals("""
                Quipu partner source: Amnesty (Peru) has been failing since 2026-12-05T09:00:00Z

                The source amnesty (https://www.amnesty.org/en/location/americas/south-america/peru/) has failed 5 times \
                in a row since 2026-12-05T09:00:00Z.

                Last error: HTTP 500

                Its items already stored stay published.

                Source health: /admin/partners
                """, render("failing", Map.of("since", "2026-12-05T09:00:00Z", "errors", 5, "error", "HTTP 500")));
    }

    @Test
    void aGoneSourceAndAnEmptiedPageSayWhatToDo() {
        assertEquals("Quipu partner source: Amnesty (Peru) is gone (HTTP 410): polling stopped",
                render("gone", Map.of("error", "HTTP 410")).lines().findFirst().orElseThrow());
        assertEquals("Quipu partner source: no items found on Amnesty (Peru)'s page",
                render("empty", Map.of("selector", "article.card")).lines().findFirst().orElseThrow());
    }

    @Test
    void aValueANoticeNamesCannotBeLeftOut() {
        assertThrows(IllegalStateException.class, () -> render("failing", Map.of("errors", 5, "error", "HTTP 500")));
    }
}
