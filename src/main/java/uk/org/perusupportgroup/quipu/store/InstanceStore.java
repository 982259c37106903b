package uk.org.perusupportgroup.quipu.store;

import java.time.Duration;
import java.time.Instant;

/**
 * What the instances sharing one database know of each other: who is alive, and what they count together. Blocking:
 * call it off the event loop.
 */
public interface InstanceStore {

    /**
     * Records that instance {@code id} is alive at {@code now} (and forgets instances not seen for a day).
     *
     * @return how many instances, this one included, were seen within {@code live} of {@code now}
     */
    int heartbeat(String id, Instant startedAt, Instant now, Duration live);

    /**
     * Counts one alert request of {@code client} in the clock hour starting {@code hourStart}, if fewer than
     * {@code limit} were counted there by any instance (and forgets hours over two hours old).
     *
     * @return false when the hour's limit was already reached: nothing was counted
     */
    boolean countSignup(String client, Instant hourStart, int limit);
}
