package uk.org.perusupportgroup.quipu.article;

import java.util.Map;

/**
 * What is wrong with one input field; {@code field} is the field's name as the caller sent it.
 *
 * @param message the sentence in English
 * @param key the sentence's key in the error bundle, when it comes from there, so that a page can tell it in its own
 *     language; null for a sentence made otherwise
 * @param values what the sentence's {@code {{name}}}s are filled with
 */
public record FieldError(String field, String message, String key, Map<String, ?> values) {

    /** A sentence made in English only. */
    public FieldError(String field, String message) {
        this(field, message, null, Map.of());
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
