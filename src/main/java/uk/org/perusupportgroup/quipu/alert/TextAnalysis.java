package uk.org.perusupportgroup.quipu.alert;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.LowerCaseFilter;
import org.apache.lucene.analysis.en.EnglishMinimalStemmer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.es.SpanishLightStemmer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * How alert queries and articles are read, with Lucene's analysis: words split by the Unicode rules
 * (StandardTokenizer), lower-cased, English possessives dropped ({@code Peru's} = {@code Peru}) and
 * folded to ASCII ({@code Perú} = {@code Peru}); for bare words,
 * light English and Spanish stemming ({@code defenders} = {@code defender}); then synonyms mapped to
 * one form. Phrases use the folded words without stemming. Thread-safe.
 */
public final class TextAnalysis {

    private final Map<String, String> exactSynonyms;
    private final Map<String, String> stemmedSynonyms;

    /** @param synonyms groups of words that mean the same (one word each) */
    public TextAnalysis(List<List<String>> synonyms) {
        Map<String, String> exact = new HashMap<>();
        Map<String, String> stemmed = new HashMap<>();
        for (List<String> group : synonyms) {
            String exactCanon = null;
            String stemCanon = null;
            for (String word : group) {
                for (String token : fold(word)) {
                    exactCanon = exactCanon == null ? token : exactCanon;
                    exact.put(token, exactCanon);
                    String stem = stem(token);
                    stemCanon = stemCanon == null ? stem : stemCanon;
                    stemmed.put(stem, stemCanon);
                }
            }
        }
        this.exactSynonyms = Map.copyOf(exact);
        this.stemmedSynonyms = Map.copyOf(stemmed);
    }

    /** The folded words of a text, synonyms mapped: what phrases are matched against. */
    public List<String> exact(String text) {
        List<String> words = fold(text);
        words.replaceAll(word -> exactSynonyms.getOrDefault(word, word));
        return words;
    }

    /** The folded and stemmed words of a text, synonyms mapped: what bare words are matched against. */
    public List<String> stemmed(String text) {
        List<String> words = fold(text);
        words.replaceAll(word -> {
            String stem = stem(word);
            return stemmedSynonyms.getOrDefault(stem, stem);
        });
        return words;
    }

    /** Lower case, ASCII, split into words. */
    static List<String> fold(String text) {
        List<String> words = new ArrayList<>();
        try (Tokenizer tokenizer = new StandardTokenizer();
                TokenStream stream = new ASCIIFoldingFilter(new EnglishPossessiveFilter(new LowerCaseFilter(tokenizer)))) {
            tokenizer.setReader(new StringReader(text));
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                words.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return words;
    }

    /** Light English then Spanish stemming of one folded word: plurals and gendered endings. */
    static String stem(String word) {
        char[] chars = word.toCharArray();
        int length = new EnglishMinimalStemmer().stem(chars, chars.length);
        length = new SpanishLightStemmer().stem(chars, length);
        return new String(chars, 0, length);
    }
}
