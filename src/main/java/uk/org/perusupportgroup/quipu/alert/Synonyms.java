package uk.org.perusupportgroup.quipu.alert;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code config/synonyms.txt}: one group of words that mean the same per line, separated by
 * commas ({@code sterilisation, sterilization, esterilización}); {@code #} starts a comment.
 */
public final class Synonyms {

    private Synonyms() {}

    /** @throws IllegalArgumentException naming the line of a group that is not one word per entry */
    public static List<List<String>> parse(String text, String source) {
        List<List<String>> groups = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].replaceFirst("#.*$", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            List<String> group = new ArrayList<>();
            for (String entry : line.split(",")) {
                String word = entry.strip();
                if (word.isEmpty()) {
                    continue;
                }
                if (TextAnalysis.fold(word).size() != 1) {
                    throw new IllegalArgumentException(source + ":" + (n + 1) + ": '" + word
                            + "' is not one word; a synonym group lists single words");
                }
                group.add(word);
            }
            if (group.size() < 2) {
                throw new IllegalArgumentException(source + ":" + (n + 1) + ": a synonym group needs at least two words");
            }
            groups.add(group);
        }
        return groups;
    }
}
