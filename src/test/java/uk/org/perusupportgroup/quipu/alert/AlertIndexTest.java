package uk.org.perusupportgroup.quipu.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The alert index against the reference matcher, and its bookkeeping: replace, remove, compaction, filters. */
class AlertIndexTest {

    private static final TextAnalysis ANALYSIS = ShippedAnalysis.ANALYSIS;

    private final AlertIndex index = new AlertIndex(ANALYSIS);
    private final QueryMatcher reference = new QueryMatcher(ANALYSIS);

    @Test
    void givesTheReferenceMatchersAnswersOnAZipfCorpus() {
        ZipfCorpus corpus = new ZipfCorpus(300, 42);
        List<AlertIndex.Alert> alerts = new ArrayList<>();
        for (long id = 1; id <= 5_000; id++) {
            alerts.add(corpus.nextAlert(id));
        }
        index.putAll(alerts);
        int total = 0;
        for (int i = 0; i < 60; i++) {
            AlertIndex.Text article = corpus.nextArticle(200);
            String text = String.join(" ", article.fields());
            AlertIndex.Text oneField = new AlertIndex.Text(List.of(text), article.topics(), article.regions());
            QueryMatcher.Text analysed = reference.analyse(text);
            Set<Long> expected = new TreeSet<>();
            for (AlertIndex.Alert alert : alerts) {
                if (passes(alert.topics(), article.topics()) && passes(alert.regions(), article.regions())
                        && reference.matches(alert.query(), analysed)) {
                    expected.add(alert.id());
                }
            }
            assertEquals(expected, new TreeSet<>(index.match(oneField)), "article " + i);
            total += expected.size();
        }
        // neither nothing nor everything: the comparison means something
        assertTrue(total > 60 * 50 && total < 60 * 4_000, "matches in all: " + total);
    }

    private static boolean passes(Set<String> filter, Set<String> tags) {
        return filter.isEmpty() || filter.stream().anyMatch(tags::contains);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            accents                      | Apurimac                   | Protests in Apurímac continue  | true
            stemming                     | defender                   | Indigenous defenders at risk   | true
            phrase in order              | '"las bambas"'             | the Las Bambas mine            | true
            phrase out of order          | '"bambas las"'             | the Las Bambas mine            | false
            OR                           | '"las bambas" OR apurímac' | news from Apurimac             | true
            exclusion                    | mining -gold               | gold mining in Madre de Dios   | false
            synonyms                     | sterilisation              | las esterilizaciones forzadas  | true
            a word of several tokens     | covid-19                   | the covid 19 pandemic          | true
            """)
    void matchesAsTheReferenceDoes(String name, String query, String text, boolean expected) {
        index.put(new AlertIndex.Alert(7, QueryParser.parse(query), Set.of(), Set.of()));
        assertEquals(expected ? List.of(7L) : List.of(), index.match(article(text, Set.of(), Set.of())));
        assertEquals(expected, reference.matches(QueryParser.parse(query), reference.analyse(text)));
    }

    @Test
    void aPhraseDoesNotSpanTwoFields() {
        index.put(new AlertIndex.Alert(1, QueryParser.parse("\"bambas mine\""), Set.of(), Set.of()));
        assertEquals(List.of(), index.match(new AlertIndex.Text(List.of("Las Bambas", "mine workers strike"), Set.of(), Set.of())));
        assertEquals(List.of(1L), index.match(new AlertIndex.Text(List.of("Las Bambas mine", "workers strike"), Set.of(), Set.of())));
    }

    @Test
    void topicAndRegionFiltersEachNeedOneOfTheirSlugs() {
        index.put(new AlertIndex.Alert(1, QueryParser.parse("mining"), Set.of("environment", "human-rights"), Set.of("apurimac")));
        assertEquals(List.of(1L), index.match(article("mining news", Set.of("human-rights"), Set.of("apurimac", "cusco"))));
        assertEquals(List.of(), index.match(article("mining news", Set.of("human-rights"), Set.of("cusco"))));
        assertEquals(List.of(), index.match(article("mining news", Set.of("corruption"), Set.of("apurimac"))));
    }

    @Test
    void anAlertOfExclusionsAndAlternativesIsFiledUnderItsFilterOrEverywhere() {
        // the parser refuses such queries today; the index must still cope with any tree
        Query query = new Query.Any(List.of(new Query.Word("cusco"), new Query.Not(new Query.Word("mining"))));
        index.put(new AlertIndex.Alert(1, query, Set.of(), Set.of("puno")));
        index.put(new AlertIndex.Alert(2, query, Set.of(), Set.of()));
        assertEquals(Set.of(1L, 2L), new HashSet<>(index.match(article("elections", Set.of(), Set.of("puno")))));
        assertEquals(List.of(2L), index.match(article("elections", Set.of(), Set.of("lima"))));
        assertEquals(List.of(), index.match(article("mining", Set.of(), Set.of("lima"))));
    }

    @Test
    void anAlertWithNoWordsHasEveryArticleItsFiltersLetThrough() {
        index.put(new AlertIndex.Alert(1, QueryParser.parseOrEverything(""), Set.of(), Set.of("puno")));
        index.put(new AlertIndex.Alert(2, QueryParser.parseOrEverything("  "), Set.of("environment"), Set.of()));
        index.put(new AlertIndex.Alert(3, QueryParser.parseOrEverything(null), Set.of(), Set.of()));
        index.put(new AlertIndex.Alert(4, QueryParser.parseOrEverything(""), Set.of("environment"), Set.of("puno", "cusco")));
        index.put(new AlertIndex.Alert(5, QueryParser.parse("mining"), Set.of(), Set.of("puno")));
        assertEquals(Set.of(1L, 3L), new HashSet<>(index.match(article("elections", Set.of(), Set.of("puno")))));
        assertEquals(Set.of(2L, 3L, 4L), new HashSet<>(index.match(article("a lake", Set.of("environment"), Set.of("cusco")))));
        assertEquals(Set.of(1L, 2L, 3L, 4L, 5L), new HashSet<>(index.match(article("mining", Set.of("environment"), Set.of("puno")))));
        assertEquals(List.of(3L), index.match(article("", Set.of(), Set.of())), "all news: even an article with no text or tags");
        assertEquals(Query.EVERYTHING, QueryParser.parseOrEverything(" "));
        assertEquals(QueryParser.parse("mining"), QueryParser.parseOrEverything("mining"));
    }

    @Test
    void aWordOfPunctuationMatchesNothing() {
        index.put(new AlertIndex.Alert(1, new Query.Any(List.of(new Query.Word("..."), new Query.Word("mining"))), Set.of(), Set.of()));
        index.put(new AlertIndex.Alert(2, new Query.All(List.of(new Query.Word("..."), new Query.Word("mining"))), Set.of(), Set.of()));
        assertEquals(List.of(1L), index.match(article("mining", Set.of(), Set.of())));
    }

    @Test
    void putReplacesAndRemoveForgets() {
        index.put(new AlertIndex.Alert(1, QueryParser.parse("mining"), Set.of(), Set.of()));
        index.put(new AlertIndex.Alert(1, QueryParser.parse("elections"), Set.of(), Set.of()));
        assertEquals(1, index.size());
        assertEquals(List.of(), index.match(article("mining", Set.of(), Set.of())));
        assertEquals(List.of(1L), index.match(article("elections", Set.of(), Set.of())));
        index.remove(1);
        index.remove(99);
        assertEquals(0, index.size());
        assertEquals(List.of(), index.match(article("elections", Set.of(), Set.of())));
    }

    @Test
    void keepsMatchingRightAfterMostAlertsAreRemoved() {
        for (long id = 0; id < 4_000; id++) {
            index.put(new AlertIndex.Alert(id, QueryParser.parse(id % 2 == 0 ? "mining" : "elections"), Set.of(), Set.of()));
        }
        for (long id = 0; id < 3_900; id++) {
            index.remove(id);
        }
        assertEquals(100, index.size());
        List<Long> matched = index.match(article("mining", Set.of(), Set.of()));
        assertEquals(50, matched.size());
        assertTrue(matched.stream().allMatch(id -> id >= 3_900 && id % 2 == 0), matched.toString());
    }

    private static AlertIndex.Text article(String text, Set<String> topics, Set<String> regions) {
        return new AlertIndex.Text(List.of(text), topics, regions);
    }
}
