package uk.org.perusupportgroup.quipu.alert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Synthetic alerts and articles for the matching benchmark and tests, as the alerts issue describes them: words drawn
 * from a Zipf distribution (exponent 1) over {@code vocabulary} distinct words; each query 1–3 words, 25 % with a
 * two-word phrase, 20 % with OR, 10 % with an exclusion, 30 % with a topic or region filter; articles of
 * {@code articleWords} words from the same distribution. Seeded: the same seed gives the same corpus.
 */
final class ZipfCorpus {

    static final List<String> TOPICS = List.of("human-rights", "extractive-industries", "elections-and-politics",
            "indigenous-peoples", "environment", "corruption", "justice-and-impunity", "gender-and-lgbti-rights",
            "protest-and-social-conflict", "business-and-human-rights", "civic-space", "migration");
    static final List<String> REGIONS = List.of("amazonas", "ancash", "apurimac", "arequipa", "ayacucho", "cajamarca",
            "callao", "cusco", "huancavelica", "huanuco", "ica", "junin", "la-libertad", "lambayeque", "lima",
            "lima-metropolitana", "loreto", "madre-de-dios", "moquegua", "pasco", "piura", "puno", "san-martin", "tacna",
            "tumbes", "ucayali", "national", "international");

    private static final String CONSONANTS = "bcdfghjlmnpqrstvwxyz";
    private static final String VOWELS = "aeiou";

    private final String[] words;
    private final double[] cumulative;
    private final Random random;

    ZipfCorpus(int vocabulary, long seed) {
        this.words = new String[vocabulary];
        for (int i = 0; i < vocabulary; i++) {
            words[i] = word(i);
        }
        this.cumulative = new double[vocabulary];
        double sum = 0;
        for (int rank = 1; rank <= vocabulary; rank++) {
            sum += 1.0 / rank;
            cumulative[rank - 1] = sum;
        }
        for (int i = 0; i < vocabulary; i++) {
            cumulative[i] /= sum;
        }
        this.random = new Random(seed);
    }

    /** A distinct pronounceable word per rank, ending in k so that no stemmer shortens it. */
    private static String word(int rank) {
        StringBuilder out = new StringBuilder();
        int n = rank;
        do {
            out.append(CONSONANTS.charAt(n % CONSONANTS.length()));
            n /= CONSONANTS.length();
            out.append(VOWELS.charAt(n % VOWELS.length()));
            n /= VOWELS.length();
        } while (n > 0);
        return out.append('k').toString();
    }

    String nextWord() {
        int index = Arrays.binarySearch(cumulative, random.nextDouble());
        return words[index >= 0 ? index : Math.min(-index - 1, words.length - 1)];
    }

    /** A query string in the alert language. */
    String nextQuery() {
        List<String> parts = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            parts.add(nextWord());
        }
        if (random.nextDouble() < 0.25) {
            parts.set(random.nextInt(parts.size()), "\"" + nextWord() + " " + nextWord() + "\"");
        }
        if (random.nextDouble() < 0.20) {
            int at = random.nextInt(parts.size());
            parts.set(at, "(" + parts.get(at) + " OR " + nextWord() + ")");
        }
        if (random.nextDouble() < 0.10) {
            parts.add("-" + nextWord());
        }
        return String.join(" ", parts);
    }

    AlertIndex.Alert nextAlert(long id) {
        Set<String> topics = Set.of();
        Set<String> regions = Set.of();
        if (random.nextDouble() < 0.30) {
            if (random.nextBoolean()) {
                topics = Set.of(TOPICS.get(random.nextInt(TOPICS.size())));
            } else {
                regions = Set.of(REGIONS.get(random.nextInt(REGIONS.size())));
            }
        }
        return new AlertIndex.Alert(id, QueryParser.parse(nextQuery()), topics, regions);
    }

    /**
     * An alert with no words: 45 % one topic ("everything on the environment"), 45 % one region ("everything on Puno"),
     * 10 % nothing at all ("all news").
     */
    AlertIndex.Alert nextWordlessAlert(long id) {
        double kind = random.nextDouble();
        Set<String> topics = kind < 0.45 ? Set.of(TOPICS.get(random.nextInt(TOPICS.size()))) : Set.of();
        Set<String> regions = kind >= 0.45 && kind < 0.90 ? Set.of(REGIONS.get(random.nextInt(REGIONS.size()))) : Set.of();
        return new AlertIndex.Alert(id, QueryParser.parseOrEverything(""), topics, regions);
    }

    String nextText(int length) {
        StringBuilder out = new StringBuilder(length * 7);
        for (int i = 0; i < length; i++) {
            out.append(nextWord()).append(i % 15 == 14 ? ". " : " ");
        }
        return out.toString();
    }

    /** An article: a title of 8 words and a body of {@code articleWords}, one or two topics and regions. */
    AlertIndex.Text nextArticle(int articleWords) {
        return new AlertIndex.Text(List.of(nextText(8), nextText(articleWords)),
                new java.util.HashSet<>(List.of(TOPICS.get(random.nextInt(TOPICS.size())), TOPICS.get(random.nextInt(TOPICS.size())))),
                Set.of(REGIONS.get(random.nextInt(REGIONS.size()))));
    }
}
