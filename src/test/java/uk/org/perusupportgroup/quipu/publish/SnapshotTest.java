package uk.org.perusupportgroup.quipu.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnapshotTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "2026-12-04T09:05:07Z | Fri, 04 Dec 2026 09:05:07 GMT",
        "2026-01-01T00:00:00Z | Thu, 01 Jan 2026 00:00:00 GMT",
        "2026-11-30T23:59:59Z | Mon, 30 Nov 2026 23:59:59 GMT",
    })
    void lastModifiedIsAnImfFixdateWithATwoDigitDay(Instant when, String expected) {
        Snapshot snapshot = Snapshot.of(new byte[] {1}, "text/plain", when);

        assertEquals(expected, snapshot.lastModifiedHttp());
        assertEquals(expected, Snapshot.httpDate(when));
    }
}
