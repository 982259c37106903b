package uk.org.perusupportgroup.quipu.article;

/** What is wrong with one input field; {@code field} is the field's name as the caller sent it. */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
