package uk.org.perusupportgroup.quipu.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.org.perusupportgroup.quipu.article.PartnerSource;

/** Folding text for matching, and tagging partner items from the vocabulary's aliases. */
class TaggerTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            accents                   | Perú: Apurímac, Junín          | peru apurimac junin
            case and punctuation      | "Las Bambas" (Cotabambas)!     | las bambas cotabambas
            digits kept               | 2022–23 protests               | 2022 23 protests
            runs of separators        | a -- b ,, c                    | a b c
            leading and trailing      | '  ...Mining... '              | mining
            ASCII only                | Amnesty International UK       | amnesty international uk
            """)
    void fold(String name, String text, String folded) {
        assertEquals(folded, Tagger.fold(text));
    }

    @Test
    void theAsciiShortcutFoldsAsUnicodeDecompositionDoes() {
        for (String text : List.of("Peru: Authorities must protect Indigenous land defenders (fixture)", "  a  ", "", "---",
                "Congress & NGOs: 12 bills, 3 vetoes", "tab\tand\nnew line", "x_y-z.w", "ALL CAPS 2026")) {
            assertEquals(Tagger.foldUnicode(text), Tagger.fold(text), text);
        }
    }

    @Test
    void aliasesAndPlaceNamesTagItemsButNotInsideWords() {
        Tagger tagger = new Tagger(Fixtures.VOCABULARY);
        PartnerSource.Tags tags = tagger.tags(Fixtures.shipped("amnesty-uk"), List.of(),
                "Las Bambas mine: Communities in Apurímac and Juliaca determine their demands");
        assertTrue(tags.regions().containsAll(List.of("apurimac", "puno", "national")), tags.regions().toString());
        assertTrue(tags.topics().contains("extractive-industries"), tags.topics().toString());
        PartnerSource.Tags none = tagger.tags(Fixtures.shipped("amnesty-uk"), List.of(), "They determine the goldfinch count");
        assertEquals(List.of(), none.topics(), "'mine' and 'gold' are words, not parts of words");
    }
}
