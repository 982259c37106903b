package uk.org.perusupportgroup.quipu.subscriber;

import java.util.Locale;
import java.util.Optional;

/** How often a subscriber hears of an alert's matches; declared soonest first. */
public enum Frequency {
    IMMEDIATE, DAILY, WEEKLY, MONTHLY;

    /** The word used in forms, JSON and the database. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Frequency> parse(String value) {
        for (Frequency frequency : values()) {
            if (frequency.value().equals(value)) {
                return Optional.of(frequency);
            }
        }
        return Optional.empty();
    }
}
