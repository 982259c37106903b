package uk.org.perusupportgroup.quipu.alert;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A parsed alert query: words (all must match), exact phrases, {@code OR}, exclusions and
 * parentheses. {@link #toString()} writes it back in the query language, fully bracketed.
 */
public sealed interface Query {

    /**
     * No words at all: every article. An alert with no words has every article its topic and region filters let through
     * ("everything on Puno"), or every article when it has none ("all news").
     */
    Query EVERYTHING = new All(List.of());

    /** A bare word: matched after folding and light stemming. */
    record Word(String text) implements Query {
        @Override
        public String toString() {
            return text;
        }
    }

    /** Words in this order, matched exactly after folding (no stemming). */
    record Phrase(List<String> words) implements Query {
        public Phrase {
            words = List.copyOf(words);
        }

        @Override
        public String toString() {
            return "\"" + String.join(" ", words) + "\"";
        }
    }

    /** Every part must match. */
    record All(List<Query> parts) implements Query {
        public All {
            parts = List.copyOf(parts);
        }

        @Override
        public String toString() {
            return parts.stream().map(Query::toString).collect(Collectors.joining(" ", "(", ")"));
        }
    }

    /** At least one part must match. */
    record Any(List<Query> parts) implements Query {
        public Any {
            parts = List.copyOf(parts);
        }

        @Override
        public String toString() {
            return parts.stream().map(Query::toString).collect(Collectors.joining(" OR ", "(", ")"));
        }
    }

    /** The part must not match. */
    record Not(Query part) implements Query {
        @Override
        public String toString() {
            return "-" + part;
        }
    }
}
