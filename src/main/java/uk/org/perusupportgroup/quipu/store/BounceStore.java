package uk.org.perusupportgroup.quipu.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Bounces and complaints read back from the bounce mailbox, and what each does, in one transaction with its record: a
 * hard bounce suppresses the address, soft bounces suppress it once enough came within a window, a complaint ends
 * every alert of the subscriber. Each report is recorded once per address, by its key: the same report read again
 * changes and counts nothing. Only the keyed address hash is kept, never the address. Blocking: call it off the event
 * loop.
 */
public interface BounceStore {

    /** The subscriber whose address has this keyed hash. */
    Optional<Long> subscriberOf(String addressHash);

    /** The keyed hash of the subscriber's address; empty when there is no such subscriber (erased). */
    Optional<String> addressHashOf(long subscriberId);

    /**
     * What a report did.
     *
     * @param recorded false when this report was already recorded for this address: nothing was done again
     * @param suppressed whether the address was suppressed by it (false when it already was)
     * @param ended the alerts a complaint ended
     */
    record Outcome(boolean recorded, boolean suppressed, List<Long> ended) {

        public Outcome {
            ended = List.copyOf(ended);
        }

        static final Outcome ALREADY = new Outcome(false, false, List.of());
    }

    /**
     * A hard bounce: recorded, and the address suppressed with {@code reason} and a {@code bounced} consent event.
     *
     * @param reportKey the report's key (64 characters at most): the same for the same report read twice
     * @param status the DSN status, {@code 5.1.1}
     */
    Outcome hard(String addressHash, String reportKey, String status, String reason, Instant now);

    /**
     * A soft bounce: recorded; when the address then has {@code limit} soft bounces at or after {@code since}, it is
     * suppressed with {@code reason} and a {@code bounced} consent event.
     */
    Outcome soft(String addressHash, String reportKey, String status, Instant now, int limit, Instant since, String reason);

    /**
     * A complaint: recorded, and every alert of the subscriber that has not ended is ended, each with a
     * {@code complained} consent event; their links are cancelled.
     *
     * @param feedbackType the report's Feedback-Type ({@code abuse}, {@code fraud}…)
     */
    Outcome complaint(long subscriberId, String reportKey, String feedbackType, Instant now);

    /** How many soft bounces the address has at or after {@code since}. */
    int softBounces(String addressHash, Instant since);

    /**
     * Deletes the record of reports older than {@code before} (suppressions and consent events stay).
     *
     * @return how many rows went
     */
    int forget(Instant before);
}
