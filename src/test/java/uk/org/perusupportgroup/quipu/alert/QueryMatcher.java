package uk.org.perusupportgroup.quipu.alert;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The reference meaning of a query, kept plain for the tests: {@link AlertIndex} and {@link ArticleSearch} must give
 * its answers. Whether an article's text matches a query: bare words by their stems, phrases word for word after
 * folding, {@code OR}, exclusions and groups as written. Pure: no I/O.
 */
final class QueryMatcher {

    private final TextAnalysis analysis;

    public QueryMatcher(TextAnalysis analysis) {
        this.analysis = analysis;
    }

    /** An article's text, analysed once for any number of queries. */
    public record Text(List<String> exact, List<String> stemmed, Set<String> stems) {}

    public Text analyse(String text) {
        List<String> stemmed = analysis.stemmed(text);
        return new Text(analysis.exact(text), stemmed, new HashSet<>(stemmed));
    }

    public boolean matches(Query query, Text text) {
        if (query instanceof Query.Word word) {
            List<String> stems = analysis.stemmed(word.text());
            // a word of several tokens ("covid-19") is matched as a sequence; one of none (punctuation) matches nothing
            return stems.size() == 1 ? text.stems().contains(stems.get(0)) : !stems.isEmpty() && contains(text.stemmed(), stems);
        }
        if (query instanceof Query.Phrase phrase) {
            List<String> words = analysis.exact(String.join(" ", phrase.words()));
            return !words.isEmpty() && contains(text.exact(), words);
        }
        if (query instanceof Query.All all) {
            return all.parts().stream().allMatch(part -> matches(part, text));
        }
        if (query instanceof Query.Any any) {
            return any.parts().stream().anyMatch(part -> matches(part, text));
        }
        return !matches(((Query.Not) query).part(), text);
    }

    /** Whether {@code words} occur in {@code text} one after another. */
    private static boolean contains(List<String> text, List<String> words) {
        outer:
        for (int i = 0; i + words.size() <= text.size(); i++) {
            for (int j = 0; j < words.size(); j++) {
                if (!text.get(i + j).equals(words.get(j))) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
