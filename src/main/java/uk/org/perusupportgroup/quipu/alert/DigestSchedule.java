package uk.org.perusupportgroup.quipu.alert;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import uk.org.perusupportgroup.quipu.subscriber.Frequency;

/**
 * When digests go out: daily at the configured hour, weekly on the configured day, monthly on the 1st, in the
 * configured time zone (Europe/London by default, so 07:00 stays 07:00 across the clock changes). Pure.
 */
public final class DigestSchedule {

    private final LocalTime at;
    private final ZoneId zone;
    private final DayOfWeek weeklyDay;

    public DigestSchedule(int hour, ZoneId zone, DayOfWeek weeklyDay) {
        this.at = LocalTime.of(hour, 0);
        this.zone = zone;
        this.weeklyDay = weeklyDay;
    }

    /** The first digest time of this frequency after {@code now}; {@code now} itself for immediate. */
    public Instant next(Frequency frequency, Instant now) {
        LocalDate today = now.atZone(zone).toLocalDate();
        return switch (frequency) {
            case IMMEDIATE -> now;
            case DAILY -> after(now, today, today.plusDays(1));
            case WEEKLY -> after(now, today.with(TemporalAdjusters.nextOrSame(weeklyDay)),
                    today.with(TemporalAdjusters.next(weeklyDay)));
            case MONTHLY -> after(now, today.withDayOfMonth(1), today.withDayOfMonth(1).plusMonths(1));
        };
    }

    /** {@code first} at the digest hour when that is still to come, else {@code second} at the digest hour. */
    private Instant after(Instant now, LocalDate first, LocalDate second) {
        Instant candidate = ZonedDateTime.of(first, at, zone).toInstant();
        return candidate.isAfter(now) ? candidate : ZonedDateTime.of(second, at, zone).toInstant();
    }

    /** The start of {@code now}'s day in the schedule's time zone: the immediate-email cap counts from it. */
    public Instant dayStart(Instant now) {
        return now.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
    }
}
