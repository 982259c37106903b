package uk.org.perusupportgroup.quipu.web;

import java.util.List;
import java.util.Map;
import uk.org.perusupportgroup.quipu.article.FieldError;

/** What went wrong with a request: an HTTP status, a message, and field errors when input was invalid. */
record Problem(int status, String message, List<FieldError> errors) {

    static Problem of(int status, String message) {
        return new Problem(status, message, List.of());
    }

    /** The problem told by the sentence {@code key} of the error bundle ({@link Messages#ERRORS}). */
    static Problem error(int status, String key) {
        return of(status, Messages.ERRORS.get(key));
    }

    /** The same, the sentence's {@code {{name}}}s filled in from {@code values}. */
    static Problem error(int status, String key, Map<String, ?> values) {
        return of(status, Messages.ERRORS.get(key, values));
    }

    static Problem invalid(List<FieldError> errors) {
        return new Problem(400, Messages.ERRORS.get(errors.size() == 1 ? "article_invalid_one" : "article_invalid",
                Map.of("count", errors.size())), errors);
    }
}
