package uk.org.perusupportgroup.quipu.store;

/** The database failed: unreachable, or a statement failed. Not a "not found", which is an empty Optional. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
