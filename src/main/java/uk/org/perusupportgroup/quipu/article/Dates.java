package uk.org.perusupportgroup.quipu.article;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The article date forms: RFC 3339 date-times, plain dates and months (midnight, Europe/London). */
public final class Dates {

    /** Plain dates are midnight in PSG's own time zone. */
    public static final ZoneId LONDON = ZoneId.of("Europe/London");

    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern DATE_TIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");

    /** A wall-clock time in London, as staff type it: {@code 2026-12-07 08:00}, seconds optional, a T allowed. */
    private static final Pattern LONDON_TIME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2}(:\\d{2})?)");

    private Dates() {}

    /**
     * A London wall-clock time ({@code 2026-12-07 08:00}, {@code 2026-12-07T08:00:30}), as the staff form takes it; empty
     * when the text is not one. A time the clocks skip in spring is read as the hour after; one they repeat in autumn as
     * its first, summer-time passing.
     */
    public static Optional<Instant> parseLondonTime(String text) {
        var match = LONDON_TIME.matcher(text.strip().toUpperCase(Locale.ROOT));
        if (!match.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.time.LocalDateTime.parse(match.group(1) + "T" + match.group(2)).atZone(LONDON).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The form staff read and type: a plain date for midnight in London, else the London wall-clock time
     * ({@code 2026-12-07 08:00}, with seconds when it has some); {@link #format} when it has fractions of a second (which
     * the wall-clock form would lose).
     */
    public static String formatLondonTime(Instant instant) {
        var london = instant.atZone(LONDON);
        // fractions of a second, or an autumn hour the clocks repeat: only the offset form reads back the same
        if (london.getNano() != 0 || LONDON.getRules().getValidOffsets(london.toLocalDateTime()).size() > 1) {
            return format(instant);
        }
        if (london.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)) {
            return london.toLocalDate().toString();
        }
        return london.toLocalDate() + " " + london.toLocalTime();   // 08:00, or 08:00:30
    }

    /**
     * @return the instant, or empty when the text is none of {@code 2017-11-19T10:00:00Z},
     *     {@code 2017-11-19} (midnight in London) or {@code 2017-11} (the 1st, midnight in London)
     */
    public static Optional<Instant> parse(String text) {
        String value = text.strip().toUpperCase(Locale.ROOT);
        try {
            if (DATE_TIME.matcher(value).matches()) {
                // microseconds: what both databases keep, so a stored date reads back equal
                return Optional.of(OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()
                        .truncatedTo(java.time.temporal.ChronoUnit.MICROS));
            }
            if (DAY.matcher(value).matches()) {
                return Optional.of(LocalDate.parse(value).atStartOfDay(LONDON).toInstant());
            }
            if (MONTH.matcher(value).matches()) {
                return Optional.of(YearMonth.parse(value).atDay(1).atStartOfDay(LONDON).toInstant());
            }
        } catch (DateTimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The shortest form that {@link #parse} reads back to the same instant: a plain date for
     * midnight in London, an RFC 3339 date-time in UTC otherwise.
     */
    public static String format(Instant instant) {
        var london = instant.atZone(LONDON);
        if (london.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)) {
            return london.toLocalDate().toString();
        }
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
