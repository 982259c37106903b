package uk.org.perusupportgroup.quipu.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.org.perusupportgroup.quipu.article.Article;

/** The article search against the reference matcher: same answers, newest first, filters and dates. */
class ArticleSearchTest {

    private static final TextAnalysis ANALYSIS = ShippedAnalysis.ANALYSIS;

    private final ArticleSearch search = new ArticleSearch(ANALYSIS);
    private final QueryMatcher reference = new QueryMatcher(ANALYSIS);

    @AfterEach
    void close() {
        search.close();
    }

    private static Article article(String slug, String text, Instant published, List<String> topics, List<String> regions) {
        return new Article(slug, text, "", "", "", published, Optional.empty(), topics, regions, "en", Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    @Test
    void findsWhatTheReferenceMatcherMatchesOnAZipfCorpus() {
        ZipfCorpus corpus = new ZipfCorpus(300, 7);
        List<Article> articles = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            articles.add(article("a" + i, corpus.nextText(150), Instant.ofEpochSecond(1_700_000_000L + i), List.of(), List.of()));
        }
        search.put(articles);
        int total = 0;
        for (int q = 0; q < 300; q++) {
            Query query = QueryParser.parse(corpus.nextQuery());
            Set<String> expected = new TreeSet<>();
            for (Article article : articles) {
                if (reference.matches(query, reference.analyse(article.title()))) {
                    expected.add(article.slug());
                }
            }
            ArticleSearch.Hits hits = search.search(query, Set.of(), Set.of(), Optional.empty(), 1_000);
            assertEquals(expected, new TreeSet<>(hits.slugs()), "query " + query);
            assertEquals(expected.size(), hits.total());
            total += expected.size();
        }
        assertTrue(total > 300 && total < 300 * 250, "matches in all: " + total);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            accents                      | Apurimac                   | Protests in Apurímac continue  | true
            stemming                     | defender                   | Indigenous defenders at risk   | true
            phrase in order              | '"las bambas"'             | the Las Bambas mine            | true
            phrase out of order          | '"bambas las"'             | the Las Bambas mine            | false
            phrase not stemmed           | '"native community"'       | native communities             | false
            OR                           | '"las bambas" OR apurímac' | news from Apurimac             | true
            exclusion                    | mining -gold               | gold mining in Madre de Dios   | false
            synonyms                     | sterilisation              | las esterilizaciones forzadas  | true
            a word of several tokens     | covid-19                   | the covid 19 pandemic          | true
            """)
    void matchesAsTheReferenceDoes(String name, String query, String text, boolean expected) {
        search.put(List.of(article("one", text, Instant.EPOCH, List.of(), List.of())));
        assertEquals(expected ? List.of("one") : List.of(),
                search.search(QueryParser.parse(query), Set.of(), Set.of(), Optional.empty(), 10).slugs());
        assertEquals(expected, reference.matches(QueryParser.parse(query), reference.analyse(text)));
    }

    @Test
    void newestFirstWithFiltersAndASinceDate() {
        search.put(List.of(
                article("old", "Las Bambas 2019", Instant.parse("2019-05-01T00:00:00Z"), List.of("environment"), List.of("apurimac")),
                article("new", "Las Bambas 2026", Instant.parse("2026-05-01T00:00:00Z"), List.of("corruption"), List.of("apurimac")),
                article("cusco", "Las Bambas corridor in Cusco", Instant.parse("2026-04-01T00:00:00Z"), List.of("environment"),
                        List.of("cusco"))));
        Query query = QueryParser.parse("\"las bambas\"");
        assertEquals(List.of("new", "cusco", "old"), search.search(query, Set.of(), Set.of(), Optional.empty(), 10).slugs());
        assertEquals(List.of("new", "old"), search.search(query, Set.of(), Set.of("apurimac"), Optional.empty(), 10).slugs());
        assertEquals(List.of("cusco", "old"), search.search(query, Set.of("environment"), Set.of(), Optional.empty(), 10).slugs());
        ArticleSearch.Hits recent = search.search(query, Set.of(), Set.of(), Optional.of(Instant.parse("2025-11-24T00:00:00Z")), 1);
        assertEquals(List.of("new"), recent.slugs());
        assertEquals(2, recent.total(), "the count is of every match, not just those listed");
        search.remove("new");
        assertEquals(List.of("cusco", "old"), search.search(query, Set.of(), Set.of(), Optional.empty(), 10).slugs());
        search.retainOnly(Set.of("old"));
        assertEquals(List.of("old"), search.search(query, Set.of(), Set.of(), Optional.empty(), 10).slugs(),
                "after a rebuild, what is no longer stored goes");
    }
}
