package uk.org.perusupportgroup.quipu.staff;

/** A staff account could not be made or changed as asked: the message says why, in words for the person asking. */
public final class StaffException extends RuntimeException {

    public StaffException(String message) {
        super(message);
    }
}
