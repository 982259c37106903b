package uk.org.perusupportgroup.quipu.article;

import java.util.Locale;
import java.util.Optional;

/** Whose items a feed shows: everyone's, PSG's own, or partners' only ({@code ?origin=}). */
public enum Origin {
    ANY,
    PSG,
    PARTNERS;

    /** The value of {@code ?origin=}; empty when it is not one of {@code psg} or {@code partners}. */
    public static Optional<Origin> parameter(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "psg" -> Optional.of(PSG);
            case "partners" -> Optional.of(PARTNERS);
            default -> Optional.empty();
        };
    }

    public String parameterValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
