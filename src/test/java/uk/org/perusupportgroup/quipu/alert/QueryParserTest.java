package uk.org.perusupportgroup.quipu.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The query language: what it reads, and what it refuses with what and where. */
class QueryParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            one word                      | mining                                  | mining
            words all must match          | las bambas                              | (las bambas)
            a phrase                      | '"las bambas"'                          | '"las bambas"'
            OR between words              | '"las bambas" OR apurímac'              | '("las bambas" OR apurímac)'
            OR binds looser than AND      | a b OR c                                | ((a b) OR c)
            an exclusion                  | mining -gold                            | (mining -gold)
            an excluded phrase            | 'peru -"tia maria"'                     | '(peru -"tia maria")'
            parentheses                   | (espinar OR cusco) protest              | ((espinar OR cusco) protest)
            nested parentheses            | ((a OR b) c) OR d                       | (((a OR b) c) OR d)
            spaces are free               | '  a   OR   b  '                        | (a OR b)
            lower-case or is a word       | a or b                                  | (a or b)
            a word starting with OR       | ORGANIC farms                           | (ORGANIC farms)
            hyphen inside a word          | covid-19 peru                           | (covid-19 peru)
            """)
    void reads(String name, String query, String tree) {
        assertEquals(tree, QueryParser.parse(query).toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unclosed quote                 | 'las bambas "tia maria'      | unclosed quote at 12            | 12
            unclosed parenthesis           | (a OR b                      | unclosed parenthesis at 1       | 1
            unmatched closing parenthesis  | a b)                         | unmatched ')' at 4              | 4
            empty parentheses              | a () b                       | empty parentheses before 4      | 4
            empty phrase                   | 'a "  " b'                   | empty phrase at 3               | 3
            OR at the start                | OR peru                      | 'OR' at 1 needs words on both sides | 1
            OR at the end                  | peru OR                      | 'OR' at 6 needs words on both sides | 6
            OR OR                          | peru OR OR cusco             | 'OR' at 6 needs words on both sides | 6
            a lone minus                   | peru - gold                  | '-' at 6 must stand right before the word or phrase to exclude | 6
            only exclusions                | -gold -oil                   | the query only excludes words   | 0
            blank                          | '   '                        | the query is empty              | 0
            """)
    void refuses(String name, String query, String message, int position) {
        QueryException e = assertThrows(QueryException.class, () -> QueryParser.parse(query));
        assertEquals(true, e.getMessage().startsWith(message), e.getMessage());
        assertEquals(position, e.position());
    }

    @org.junit.jupiter.api.Test
    void limitsLengthAndWords() {
        QueryException tooLong = assertThrows(QueryException.class, () -> QueryParser.parse("a".repeat(501)));
        assertEquals("the query is 501 characters long; at most 500 are allowed", tooLong.getMessage());
        String fifty = String.join(" ", java.util.Collections.nCopies(50, "w"));
        assertEquals(50, ((Query.All) QueryParser.parse(fifty)).parts().size());
        QueryException tooMany = assertThrows(QueryException.class, () -> QueryParser.parse(fifty + " w"));
        assertEquals("more than 50 words in the query (at 101)", tooMany.getMessage());
        QueryException control = assertThrows(QueryException.class, () -> QueryParser.parse("peru\r\nBcc: x"));
        assertEquals("control character (U+000D) at 5", control.getMessage());
    }
}
