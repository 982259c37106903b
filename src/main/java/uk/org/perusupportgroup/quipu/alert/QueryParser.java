package uk.org.perusupportgroup.quipu.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the alert query language of CONTRACT.md: words (all must match), {@code "exact phrase"},
 * {@code OR}, {@code -exclude} and parentheses. {@code OR} binds looser than the implicit AND:
 * {@code a b OR c} is {@code (a b) OR c}. Errors say what is wrong and at which character.
 */
public final class QueryParser {

    public static final int MAX_LENGTH = 500;
    public static final int MAX_TERMS = 50;
    private static final int MAX_DEPTH = 10;

    private final String text;
    private int at;
    private int terms;

    private QueryParser(String text) {
        this.text = text;
    }

    /**
     * An alert's or a search's query: no words at all is {@link Query#EVERYTHING} (every article its topic and region
     * filters let through), else {@link #parse}.
     *
     * @throws QueryException saying what is wrong and where
     */
    public static Query parseOrEverything(String text) {
        return text == null || text.isBlank() ? Query.EVERYTHING : parse(text);
    }

    /** @throws QueryException saying what is wrong and where */
    public static Query parse(String text) {
        if (text == null || text.isBlank()) {
            throw new QueryException("query_empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new QueryException("query_too_long", Map.of("length", text.length(), "max", MAX_LENGTH), 0);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t') {
                throw new QueryException("query_control", Map.of("code", String.format("%04X", (int) c), "at", i + 1), i + 1);
            }
        }
        QueryParser parser = new QueryParser(text);
        Query query = parser.any(0);
        parser.skipSpaces();
        if (parser.at < text.length()) {
            throw text.charAt(parser.at) == ')' ? new QueryException("query_unmatched_close", Map.of("at", parser.at + 1), parser.at + 1)
                    : new QueryException("query_unexpected", Map.of("char", String.valueOf(text.charAt(parser.at)), "at", parser.at + 1),
                            parser.at + 1);
        }
        if (!matchesSomething(query)) {
            throw new QueryException("query_only_exclusions");
        }
        return query;
    }

    /** a b OR c d OR e */
    private Query any(int depth) {
        List<Query> parts = new ArrayList<>();
        parts.add(all(depth));
        while (true) {
            skipSpaces();
            int start = at;
            if (!keyword("OR")) {
                break;
            }
            skipSpaces();
            if (at >= text.length() || text.charAt(at) == ')' || lookingAtOr()) {
                throw new QueryException("query_or_alone", Map.of("at", start + 1), start + 1);
            }
            parts.add(all(depth));
        }
        return parts.size() == 1 ? parts.get(0) : new Query.Any(parts);
    }

    /** a b -c "d e" (f OR g) */
    private Query all(int depth) {
        List<Query> parts = new ArrayList<>();
        while (true) {
            skipSpaces();
            if (at >= text.length() || text.charAt(at) == ')') {
                break;
            }
            if (lookingAtOr()) {
                if (parts.isEmpty()) {
                    throw new QueryException("query_or_alone", Map.of("at", at + 1), at + 1);
                }
                break;
            }
            parts.add(unary(depth));
        }
        if (parts.isEmpty()) {
            throw at < text.length() ? new QueryException("query_empty_parentheses", Map.of("at", at + 1), at + 1)
                    : new QueryException("query_ends_early", Map.of(), Math.min(at + 1, text.length()));
        }
        return parts.size() == 1 ? parts.get(0) : new Query.All(parts);
    }

    private Query unary(int depth) {
        if (text.charAt(at) == '-') {
            int minus = at;
            at++;
            if (at >= text.length() || Character.isWhitespace(text.charAt(at)) || text.charAt(at) == ')') {
                throw new QueryException("query_minus_apart", Map.of("at", minus + 1), minus + 1);
            }
            return new Query.Not(primary(depth));
        }
        return primary(depth);
    }

    private Query primary(int depth) {
        char c = text.charAt(at);
        if (c == '(') {
            int open = at;
            if (depth >= MAX_DEPTH) {
                throw new QueryException("query_too_deep", Map.of("at", open + 1), open + 1);
            }
            at++;
            Query inner = any(depth + 1);
            skipSpaces();
            if (at >= text.length() || text.charAt(at) != ')') {
                throw new QueryException("query_unclosed_parenthesis", Map.of("at", open + 1), open + 1);
            }
            at++;
            return inner;
        }
        if (c == '"') {
            int quote = at;
            int end = text.indexOf('"', at + 1);
            if (end < 0) {
                throw new QueryException("query_unclosed_quote", Map.of("at", quote + 1), quote + 1);
            }
            List<String> words = new ArrayList<>();
            for (String word : text.substring(at + 1, end).strip().split("\\s+")) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
            if (words.isEmpty()) {
                throw new QueryException("query_empty_phrase", Map.of("at", quote + 1), quote + 1);
            }
            count(words.size(), quote);
            at = end + 1;
            return new Query.Phrase(words);
        }
        if (c == ')') {
            throw new QueryException("query_unmatched_close", Map.of("at", at + 1), at + 1);
        }
        int start = at;
        while (at < text.length() && !Character.isWhitespace(text.charAt(at)) && "()\"".indexOf(text.charAt(at)) < 0) {
            at++;
        }
        count(1, start);
        return new Query.Word(text.substring(start, at));
    }

    private void count(int words, int position) {
        terms += words;
        if (terms > MAX_TERMS) {
            throw new QueryException("query_too_many_words", Map.of("max", MAX_TERMS, "at", position + 1), position + 1);
        }
    }

    private boolean lookingAtOr() {
        return text.startsWith("OR", at) && (at + 2 >= text.length() || Character.isWhitespace(text.charAt(at + 2))
                || text.charAt(at + 2) == '(' || text.charAt(at + 2) == '"');
    }

    private boolean keyword(String word) {
        if (lookingAtOr() && word.equals("OR")) {
            at += 2;
            return true;
        }
        return false;
    }

    private void skipSpaces() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    /** Whether the query asks for something, rather than only excluding. */
    private static boolean matchesSomething(Query query) {
        if (query instanceof Query.Not) {
            return false;
        }
        if (query instanceof Query.All all) {
            return all.parts().stream().anyMatch(QueryParser::matchesSomething);
        }
        if (query instanceof Query.Any any) {
            return any.parts().stream().allMatch(QueryParser::matchesSomething);
        }
        return true;
    }
}
