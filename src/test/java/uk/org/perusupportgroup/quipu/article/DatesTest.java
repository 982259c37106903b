package uk.org.perusupportgroup.quipu.article;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DatesTest {

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        plain date in winter is midnight GMT       | 2017-11-19                   | 2017-11-19T00:00:00Z
        plain date in summer is midnight BST       | 2017-07-01                   | 2017-06-30T23:00:00Z
        month alone is the 1st (summer)            | 2025-07                      | 2025-06-30T23:00:00Z
        month alone is the 1st (winter)            | 2017-11                      | 2017-11-01T00:00:00Z
        day before the clocks go forward           | 2024-03-30                   | 2024-03-30T00:00:00Z
        day the clocks go forward                  | 2024-03-31                   | 2024-03-31T00:00:00Z
        day after the clocks go forward            | 2024-04-01                   | 2024-03-31T23:00:00Z
        leap day                                   | 2024-02-29                   | 2024-02-29T00:00:00Z
        RFC 3339 in UTC                            | 2017-11-19T10:30:00Z         | 2017-11-19T10:30:00Z
        RFC 3339 with an offset                    | 2017-11-19T10:30:00-05:00    | 2017-11-19T15:30:00Z
        RFC 3339 with a positive offset            | 2017-11-19T10:30:00+01:00    | 2017-11-19T09:30:00Z
        RFC 3339 with fractions                    | 2017-11-19T10:30:00.25Z      | 2017-11-19T10:30:00.250Z
        RFC 3339 lower-case t and z                | 2017-11-19t10:30:00z         | 2017-11-19T10:30:00Z
        surrounding spaces                         | '  2017-11-19  '             | 2017-11-19T00:00:00Z
        """)
    void parses(String name, String text, String expected) {
        assertEquals(Optional.of(Instant.parse(expected)), Dates.parse(text));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {
        "", "yesterday", "2017-13-01", "2017-02-30", "2023-02-29", "2017-00", "2017-11-32", "17-11-19",
        "2017/11/19", "19-11-2017", "2017-11-19T10:30Z", "2017-11-19T10:30:00", "2017-11-19T25:00:00Z",
        "2017-11-19T10:30:00+0100", "2017-11-19T10:30:00 GMT", "2017", "2017-1-9", "+2017-11-19", "2017-11-19Z",
        "2017-11-19T10:30:00+25:00", "２０１７-11-19"
    })
    void refuses(String text) {
        assertEquals(Optional.empty(), Dates.parse(text));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2017-11-19", "2017-07-01", "2017-11-19T10:30:00Z", "2017-07-01T00:00:00.500Z",
        "2017-06-30T23:00:01Z", "1999-12-31T23:59:59.999999Z"})
    void formatReadsBackAsTheSameInstant(String text) {
        Instant instant = Dates.parse(text).orElseThrow();

        assertEquals(text, Dates.format(instant));
        assertEquals(Optional.of(instant), Dates.parse(Dates.format(instant)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1999-12-31T23:59:59.999999999Z, 1999-12-31T23:59:59.999999Z",
        "2025-07, 2025-07-01",
        "2017-11-19T10:30:00+01:00, 2017-11-19T09:30:00Z",
        "2017-06-30T23:00:00Z, 2017-07-01",
        "2017-11-19T00:00:00Z, 2017-11-19",
    })
    void formatIsTheShortestForm(String text, String formatted) {
        assertEquals(formatted, Dates.format(Dates.parse(text).orElseThrow()));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        winter morning is GMT                      | 2026-12-07 08:00             | 2026-12-07T08:00:00Z
        summer morning is BST                      | 2026-07-06 08:00             | 2026-07-06T07:00:00Z
        with seconds and a T                       | 2026-07-06T08:00:30          | 2026-07-06T07:00:30Z
        an hour the clocks skip is the hour after  | 2026-03-29 01:30             | 2026-03-29T01:30:00Z
        an hour they repeat is its first (BST)     | 2026-10-25 01:30             | 2026-10-25T00:30:00Z
        """)
    void readsLondonWallClockTimes(String name, String text, String expected) {
        assertEquals(Optional.of(Instant.parse(expected)), Dates.parseLondonTime(text));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"2026-12-07", "2026-12-07T08:00:00Z", "2026-12-07 8:00", "2026-12-07 25:00", "2026-02-30 08:00",
        "tomorrow 08:00"})
    void notALondonWallClockTime(String text) {
        assertEquals(Optional.empty(), Dates.parseLondonTime(text));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        midnight in London is a day                | 2026-07-05T23:00:00Z         | 2026-07-06
        a winter time                              | 2026-12-07T08:00:00Z         | 2026-12-07 08:00
        a summer time                              | 2026-07-06T07:00:30Z         | 2026-07-06 08:00:30
        fractions keep the exact form              | 2026-07-06T07:00:00.5Z       | 2026-07-06T07:00:00.500Z
        an hour the clocks repeat keeps its offset | 2026-10-25T01:30:00Z         | 2026-10-25T01:30:00Z
        """)
    void writesWhatStaffReadAndReadsItBack(String name, String instant, String expected) {
        assertEquals(expected, Dates.formatLondonTime(Instant.parse(instant)));
        assertEquals(Instant.parse(instant), Dates.parseLondonTime(expected).or(() -> Dates.parse(expected)).orElseThrow());
    }
}
