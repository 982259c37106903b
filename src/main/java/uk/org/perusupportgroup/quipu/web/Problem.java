package uk.org.perusupportgroup.quipu.web;

import uk.org.perusupportgroup.quipu.text.Messages;
import uk.org.perusupportgroup.quipu.article.Language;
import java.util.List;
import java.util.Map;
import uk.org.perusupportgroup.quipu.article.FieldError;

/**
 * What went wrong with a request: an HTTP status, a message (in English), and field errors when input was invalid.
 * A problem told by a sentence of the error bundle keeps its key, so that a page's error can be told in the page's
 * language ({@link #message(Language)}).
 */
record Problem(int status, String message, List<FieldError> errors, String key, Map<String, ?> values) {

    Problem(int status, String message, List<FieldError> errors) {
        this(status, message, errors, null, Map.of());
    }

    static Problem of(int status, String message) {
        return new Problem(status, message, List.of());
    }

    /** The problem told by the sentence {@code key} of the error bundle ({@link Messages#ERRORS}). */
    static Problem error(int status, String key) {
        return error(status, key, Map.of());
    }

    /** The same, the sentence's {@code {{name}}}s filled in from {@code values}. */
    static Problem error(int status, String key, Map<String, ?> values) {
        return new Problem(status, Messages.ERRORS.get(key, values), List.of(), key, values);
    }

    /** The message in {@code language}: the bundle's sentence in it, or the English message when it has no key. */
    String message(Language language) {
        return key == null || language == Language.EN ? message : Messages.ERRORS.get(language, key, values);
    }

    static Problem invalid(List<FieldError> errors) {
        return new Problem(400, Messages.ERRORS.get(errors.size() == 1 ? "article_invalid_one" : "article_invalid",
                Map.of("count", errors.size())), errors);
    }
}
