package uk.org.perusupportgroup.quipu.media;

import java.util.Map;

/**
 * An upload refused, and why: {@link #reason} names the sentence that tells staff (a key of the error messages), and
 * {@link #values} fill it in. The exception's own message is a short English form of it, for logs.
 */
public final class MediaRefusedException extends RuntimeException {

    /** Why an upload was refused; each is a key of {@code messages/errors.properties} ({@code media_} + its name). */
    public enum Reason {
        /** The file is empty. */
        EMPTY,
        /** Larger than {@code media.max-bytes}: {@code limit}. */
        TOO_LARGE,
        /** An SVG image (or any XML). */
        SVG,
        /** An HTML page. */
        HTML,
        /** None of the accepted types: {@code name}. */
        UNKNOWN_TYPE,
        /** An image file that also holds HTML markup (a polyglot). */
        POLYGLOT,
        /** The header claims more pixels than {@code media.max-pixels}: {@code width}, {@code height}, {@code limit}. */
        TOO_MANY_PIXELS,
        /** The image cannot be decoded (truncated, corrupt): {@code type}. */
        UNREADABLE,
        /** A text field is missing or too long: {@code field}, {@code max}. */
        ALT_MISSING,
        /** A text field is longer than it may be: {@code field}, {@code max}. */
        TEXT_TOO_LONG;

        /** The key of its sentence in the error messages. */
        public String key() {
            return "media_" + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Reason reason;
    private final Map<String, Object> values;

    public MediaRefusedException(Reason reason, Map<String, Object> values) {
        super(reason.key() + " " + values, null, false, false);
        this.reason = reason;
        this.values = Map.copyOf(values);
    }

    public MediaRefusedException(Reason reason) {
        this(reason, Map.of());
    }

    public Reason reason() {
        return reason;
    }

    public Map<String, Object> values() {
        return values;
    }
}
