package uk.org.perusupportgroup.quipu.alert;

import java.util.ArrayList;
import java.util.List;

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
            throw new QueryException("the query is empty: give at least one word", 0);
        }
        if (text.length() > MAX_LENGTH) {
            throw new QueryException("the query is " + text.length() + " characters long; at most " + MAX_LENGTH + " are allowed", 0);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t') {
                throw new QueryException("control character (U+" + String.format("%04X", (int) c) + ") at " + (i + 1), i + 1);
            }
        }
        QueryParser parser = new QueryParser(text);
        Query query = parser.any(0);
        parser.skipSpaces();
        if (parser.at < text.length()) {
            throw new QueryException(text.charAt(parser.at) == ')' ? "unmatched ')' at " + (parser.at + 1)
                    : "unexpected '" + text.charAt(parser.at) + "' at " + (parser.at + 1), parser.at + 1);
        }
        if (!matchesSomething(query)) {
            throw new QueryException("the query only excludes words: give at least one word to look for", 0);
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
                throw new QueryException("'OR' at " + (start + 1) + " needs words on both sides", start + 1);
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
                    throw new QueryException("'OR' at " + (at + 1) + " needs words on both sides", at + 1);
                }
                break;
            }
            parts.add(unary(depth));
        }
        if (parts.isEmpty()) {
            throw new QueryException(at < text.length() ? "empty parentheses before " + (at + 1) : "the query ends too soon",
                    Math.min(at + 1, text.length()));
        }
        return parts.size() == 1 ? parts.get(0) : new Query.All(parts);
    }

    private Query unary(int depth) {
        if (text.charAt(at) == '-') {
            int minus = at;
            at++;
            if (at >= text.length() || Character.isWhitespace(text.charAt(at)) || text.charAt(at) == ')') {
                throw new QueryException("'-' at " + (minus + 1) + " must stand right before the word or phrase to exclude", minus + 1);
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
                throw new QueryException("parentheses nested too deep at " + (open + 1), open + 1);
            }
            at++;
            Query inner = any(depth + 1);
            skipSpaces();
            if (at >= text.length() || text.charAt(at) != ')') {
                throw new QueryException("unclosed parenthesis at " + (open + 1), open + 1);
            }
            at++;
            return inner;
        }
        if (c == '"') {
            int quote = at;
            int end = text.indexOf('"', at + 1);
            if (end < 0) {
                throw new QueryException("unclosed quote at " + (quote + 1), quote + 1);
            }
            List<String> words = new ArrayList<>();
            for (String word : text.substring(at + 1, end).strip().split("\\s+")) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
            if (words.isEmpty()) {
                throw new QueryException("empty phrase at " + (quote + 1), quote + 1);
            }
            count(words.size(), quote);
            at = end + 1;
            return new Query.Phrase(words);
        }
        if (c == ')') {
            throw new QueryException("unmatched ')' at " + (at + 1), at + 1);
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
            throw new QueryException("more than " + MAX_TERMS + " words in the query (at " + (position + 1) + ")", position + 1);
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
