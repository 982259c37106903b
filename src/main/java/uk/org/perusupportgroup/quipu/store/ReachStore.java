package uk.org.perusupportgroup.quipu.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * The day-by-day figures of reach ({@code reach_count}, {@code reach_stated}, {@code reach_sketch}) and the day's key
 * of the readers' hash ({@code reach_key}). Nothing here names a person: feeds, metrics, labels, figures and sketches.
 */
public interface ReachStore {

    /**
     * A figure of one day. {@code feed} is a feed's path or {@code ""}; {@code label} says which part or is {@code ""}.
     *
     * @param level true: {@code n} is the day's latest figure and replaces the stored one; false: {@code n} is added
     */
    record Count(LocalDate day, String metric, String feed, String label, long n, boolean level) {}

    /** The subscriber count an aggregator stated for a feed, at {@code statedAt}. */
    record Stated(LocalDate day, String feed, String aggregator, long subscribers, Instant statedAt) {}

    /** A serialized sketch of a feed's distinct readers on a day ({@code feed} {@code ""}: all feeds). */
    record Sketch(LocalDate day, String feed, byte[] bytes) {}

    /**
     * Writes one instance's batch in one transaction: counts added (levels replaced), a stated figure kept unless a
     * later one is stored, and each sketch merged with the stored one by {@code merge(stored, batch's)} under a row
     * lock, so that instances writing at once lose nothing.
     */
    void write(List<Count> counts, List<Stated> stated, List<Sketch> sketches, BinaryOperator<byte[]> merge);

    /** Every figure of the days {@code from} to {@code to}, both included, by day, metric, feed and label. */
    List<Count> counts(LocalDate from, LocalDate to);

    /** Every stated figure of those days. */
    List<Stated> stated(LocalDate from, LocalDate to);

    /** Every sketch of those days. */
    List<Sketch> sketches(LocalDate from, LocalDate to);

    /**
     * The key of {@code day}'s hash, the same for every instance: the stored one, or {@code fresh} stored first. Keys
     * of days before {@code today} are deleted.
     */
    String dayKey(LocalDate day, LocalDate today, String fresh, Instant now);

    /** Deletes every figure and sketch of days before {@code before}; returns the rows deleted. */
    int deleteBefore(LocalDate before);
}
