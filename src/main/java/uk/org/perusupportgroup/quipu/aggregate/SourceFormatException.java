package uk.org.perusupportgroup.quipu.aggregate;

/** A fetched body that is not what the source should serve: malformed XML, a DOCTYPE, HTML instead of a feed. */
final class SourceFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    SourceFormatException(String message) {
        super(message, null, false, false);
    }
}
