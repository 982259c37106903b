package uk.org.perusupportgroup.quipu.aggregate;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.PartnerSource;
import uk.org.perusupportgroup.quipu.article.Term;
import uk.org.perusupportgroup.quipu.article.Vocabulary;

/**
 * Tags a partner item with our topics and regions: the source's own tags, its categories through the
 * source's mapping, and every term whose alias (or, for a region, whose place name) appears in the
 * title or summary. Matching ignores case and accents and respects word boundaries, so "Apurimac"
 * finds Apurímac and "mine" does not match "determine".
 */
public final class Tagger {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    /** Regions whose names are not places to look for in text. */
    private static final Set<String> NOT_PLACES = Set.of("national", "international");

    /** @param folded the alias folded, with a space either side */
    private record Phrase(Facet facet, String slug, String folded) {}

    private final List<Phrase> phrases = new ArrayList<>();

    public Tagger(Vocabulary vocabulary) {
        for (Facet facet : Facet.values()) {
            for (Term term : vocabulary.terms(facet)) {
                Set<String> words = new LinkedHashSet<>(term.aliases());
                if (facet == Facet.REGION && !NOT_PLACES.contains(term.slug())) {
                    for (String name : List.of(term.nameEn(), term.nameEs())) {
                        if (!name.contains("(")) {
                            words.add(name);
                        }
                    }
                }
                for (String word : words) {
                    String folded = fold(word).strip();
                    if (!folded.isEmpty()) {
                        phrases.add(new Phrase(facet, term.slug(), " " + folded + " "));
                    }
                }
            }
        }
    }

    /** @return topics then regions, each in the order first found, without repeats */
    PartnerSource.Tags tags(PartnerSource source, List<String> categories, String text) {
        Set<String> topics = new LinkedHashSet<>(source.tags().topics());
        Set<String> regions = new LinkedHashSet<>(source.tags().regions());
        for (String category : categories) {
            PartnerSource.Tags mapped = source.categories().get(category.strip().toLowerCase(Locale.ROOT));
            if (mapped != null) {
                topics.addAll(mapped.topics());
                regions.addAll(mapped.regions());
            }
        }
        String folded = " " + fold(text) + " ";
        for (Phrase phrase : phrases) {
            if (folded.contains(phrase.folded())) {
                (phrase.facet() == Facet.TOPIC ? topics : regions).add(phrase.slug());
            }
        }
        return new PartnerSource.Tags(List.copyOf(topics), List.copyOf(regions));
    }

    /** Lower case, no accents, words separated by single spaces. */
    static String fold(String text) {
        if (text.chars().allMatch(c -> c < 128)) {
            // ASCII (most English text): the same result without Unicode normalisation
            StringBuilder folded = new StringBuilder(text.length());
            boolean space = true;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                    folded.append(c);
                    space = false;
                } else if (c >= 'A' && c <= 'Z') {
                    folded.append((char) (c + ('a' - 'A')));
                    space = false;
                } else if (!space) {
                    folded.append(' ');
                    space = true;
                }
            }
            int end = folded.length();
            return end > 0 && folded.charAt(end - 1) == ' ' ? folded.substring(0, end - 1) : folded.toString();
        }
        return foldUnicode(text);
    }

    /** {@link #fold} for any text: accents removed through Unicode decomposition. */
    static String foldUnicode(String text) {
        String decomposed = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
        return NOT_WORD.matcher(decomposed.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }
}
