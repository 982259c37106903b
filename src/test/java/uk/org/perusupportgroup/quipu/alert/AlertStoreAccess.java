package uk.org.perusupportgroup.quipu.alert;

/** Package-private parts of the alert layer that store tests need. */
public final class AlertStoreAccess {

    private AlertStoreAccess() {}

    public static String addressHash(AlertService service, String email) {
        return service.addressHash(email);
    }

    /** How many rows the clean-up deletes in one transaction. */
    public static int cleanUpBatch() {
        return CleanUp.BATCH;
    }
}
