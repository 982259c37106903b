package uk.org.perusupportgroup.quipu.alert;

/** A query that cannot be read; the message says what is wrong and where ("unclosed quote at 14"). */
public final class QueryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int position;

    /** @param position 1-based character position of the problem; 0 when it concerns the whole query */
    public QueryException(String message, int position) {
        super(message, null, false, false);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
