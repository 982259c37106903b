package uk.org.perusupportgroup.quipu.reach;

/**
 * Where the packages that do the work count what happened today: cheap and non-blocking (it adds in memory; the
 * counts reach the database in batches). With counting turned off it is {@link #NONE}.
 */
public interface Tally {

    /** Counts nothing. */
    Tally NONE = (metric, label, n) -> {};

    /** Adds {@code n} to today's {@code metric} under {@code label} ({@code ""} for none). */
    void add(Metric metric, String label, long n);

    default void add(Metric metric, String label) {
        add(metric, label, 1);
    }
}
