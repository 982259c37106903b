package uk.org.perusupportgroup.quipu.alert;

import java.util.Map;
import uk.org.perusupportgroup.quipu.text.Messages;

/**
 * A query that cannot be read; the message says what is wrong and where ("unclosed quote at 14"). It is a sentence of
 * the error bundle ({@link #key}, {@link #values}), so that a page can tell it in its own language.
 */
public final class QueryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int position;
    private final String key;
    private final transient Map<String, ?> values;

    /**
     * @param key the sentence in the error bundle
     * @param position 1-based character position of the problem; 0 when it concerns the whole query (then the sentence's
     *     {@code {{at}}}, if it names one, is the position)
     */
    public QueryException(String key, Map<String, ?> values, int position) {
        super(Messages.ERRORS.get(key, values), null, false, false);
        this.position = position;
        this.key = key;
        this.values = Map.copyOf(values);
    }

    /** A problem of the whole query, with nothing to fill in. */
    public QueryException(String key) {
        this(key, Map.of(), 0);
    }

    public int position() {
        return position;
    }

    public String key() {
        return key;
    }

    public Map<String, ?> values() {
        return values;
    }
}
