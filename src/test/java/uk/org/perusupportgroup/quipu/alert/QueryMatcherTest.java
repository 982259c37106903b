package uk.org.perusupportgroup.quipu.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Queries against article text: case and accents, stemming, phrases, OR, exclusions, synonyms. */
class QueryMatcherTest {

    private static final QueryMatcher MATCHER = new QueryMatcher(ShippedAnalysis.ANALYSIS);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            accents in the query            | Perú                          | Peru's Congress voted            | true
            accents in the text             | Apurimac                      | Protests in Apurímac continue    | true
            case                            | LAS BAMBAS                    | the Las Bambas mine              | true
            every word must match           | las bambas cusco              | the Las Bambas mine              | false
            English plural by stemming      | defender                      | Indigenous defenders at risk     | true
            Spanish plural by stemming      | comunidad                     | comunidades nativas              | true
            a phrase matches in order       | '"las bambas"'                | the Las Bambas mine              | true
            a phrase does not match apart   | '"bambas las"'                | the Las Bambas mine              | false
            a phrase is not stemmed         | '"native community"'          | native communities               | false
            a phrase ignores accents        | '"tia maria"'                 | el proyecto Tía María            | true
            OR                              | '"las bambas" OR apurímac'    | news from Apurimac               | true
            OR neither                      | '"las bambas" OR apurímac'    | news from Cusco                  | false
            exclusion                       | mining -gold                  | copper mining in Cusco           | true
            exclusion hits                  | mining -gold                  | gold mining in Madre de Dios     | false
            parentheses                     | (espinar OR cusco) protest    | a protest in Espinar             | true
            synonyms across languages       | sterilisation                 | las esterilizaciones forzadas    | true
            synonyms and spelling           | sterilizations                | forced sterilisation case        | true
            synonyms defensores             | defenders                     | defensores de derechos humanos   | true
            a hyphenated word in sequence   | covid-19                      | the covid 19 pandemic            | true
            hyphenated word out of order    | covid-19                      | 19 cases of covid                | false
            """)
    void matches(String name, String query, String text, boolean expected) {
        assertEquals(expected, MATCHER.matches(QueryParser.parse(query), MATCHER.analyse(text)));
    }

    @org.junit.jupiter.api.Test
    void synonymGroupsAreSingleWords() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Synonyms.parse("# comment\nhuman rights, derechos\n", "test.txt"));
        assertEquals("test.txt:2: 'human rights' is not one word; a synonym group lists single words", e.getMessage());
    }
}
