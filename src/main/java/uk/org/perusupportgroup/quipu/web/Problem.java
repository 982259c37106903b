package uk.org.perusupportgroup.quipu.web;

import java.util.List;
import uk.org.perusupportgroup.quipu.article.FieldError;

/** What went wrong with a request: an HTTP status, a message, and field errors when input was invalid. */
record Problem(int status, String message, List<FieldError> errors) {

    static Problem of(int status, String message) {
        return new Problem(status, message, List.of());
    }

    static Problem invalid(List<FieldError> errors) {
        return new Problem(400, "the article is not valid: " + errors.size() + (errors.size() == 1 ? " problem" : " problems"), errors);
    }
}
