package uk.org.perusupportgroup.quipu.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import uk.org.perusupportgroup.quipu.subscriber.Frequency;
import uk.org.perusupportgroup.quipu.subscriber.Alert;
import uk.org.perusupportgroup.quipu.subscriber.AlertRequest;

/**
 * Subscribers, their alerts, the consent record of each, suppressed addresses and the shared secrets. Addresses are
 * identified by a keyed hash computed by the caller; the consent record keeps only that hash once a person is
 * erased. Blocking: call it off the event loop.
 */
public interface AlertStore {

    /** The named secret, generated and stored on first use; every instance reads the same one. */
    String secret(String name, Supplier<String> generate);

    /**
     * Records a request (pending until confirmed) and its consent event; queues its confirmation email unless the
     * address is suppressed or its mailbox (every address with the same {@code addressKey}) already received
     * {@code confirmationsPerDay} in the last 24 hours.
     *
     * @param addressKey the keyed hash of the normalised address: the same for every spelling of one mailbox
     * @param detail the request as JSON, for the consent record
     * @param messageDomain the domain part of the confirmation's Message-ID
     */
    Requested request(AlertRequest request, String addressHash, String addressKey, String detail, Instant now,
            Instant expiresAt, int confirmationsPerDay, String messageDomain);

    /**
     * Gives every subscriber stored without an address key (before it existed) its key, computed from the address.
     *
     * @return how many were keyed
     */
    int keyAddresses(UnaryOperator<String> keyOf);

    /** How many confirmation emails were queued since {@code since}, to everyone. */
    int confirmationsSince(Instant since);

    /** @param mailQueued whether a confirmation email was queued (not said to the requester) */
    record Requested(long alertId, boolean mailQueued) {}

    Optional<Alert> find(long id);

    /** Every alert of the subscriber, oldest first. */
    List<Alert> ofSubscriber(long subscriberId);

    /** Every confirmed alert: what articles are matched against. */
    List<Alert> confirmed();

    /** Alerts changed (confirmed, edited, paused, resumed, ended) at or after {@code since}, in any state. */
    List<Alert> changedSince(Instant since);

    enum Confirmation { CONFIRMED, ALREADY_CONFIRMED, EXPIRED, ENDED }

    /** Confirms a pending request that has not lapsed; empty when no such alert. */
    Optional<Confirmation> confirm(long id, Instant now, String ip);

    /** What the manage page may change. */
    record Edit(String query, List<String> topics, List<String> regions, Frequency frequency, String language,
            boolean plainText) {

        public Edit {
            topics = List.copyOf(topics);
            regions = List.copyOf(regions);
        }
    }

    /**
     * Changes a confirmed or paused alert and records the change.
     *
     * @return false when there is no such alert or it has ended
     */
    boolean edit(long id, Edit edit, String detail, Instant now, String ip);

    /**
     * Moves an alert to {@code state} (pause, resume, unsubscribe) and records it.
     *
     * @return false when there is no such alert, or it cannot move there (an ended one stays ended)
     */
    boolean changeState(long id, Alert.State state, Instant now, String ip);

    /**
     * Raises the subscriber's link version: every link made for them before stops working.
     *
     * @return false when there is no such subscriber
     */
    boolean rotateLinks(long subscriberId);

    /**
     * Queues a message of fresh links (manage, and export or erase) to the subscriber, unless the address is
     * suppressed or already received {@code perDay} of them in the last 24 hours.
     *
     * @param messageDomain the domain part of its Message-ID
     * @return whether it was queued (false too when there is no such subscriber)
     */
    boolean queueLinks(long subscriberId, Instant now, int perDay, String messageDomain);

    /**
     * Erases the subscriber: address, alerts, matches and messages. The consent record keeps the address hash, the
     * kinds and the times, and gains an erasure event.
     */
    void erase(long subscriberId, Instant now);

    /** One event of the consent record. */
    record ConsentEvent(Optional<Long> alertId, String kind, Instant at, Optional<String> ip,
            Optional<String> formVersion, Optional<String> wording, Optional<String> detail) {}

    /** The consent record of an address, oldest first. */
    List<ConsentEvent> consent(String addressHash);

    /**
     * Removes requests pending past their expiry (the consent record keeps an expiry event without IP addresses) and
     * subscribers left with no alert.
     *
     * @return how many requests lapsed
     */
    int expire(Instant now);

    /** State → how many alerts are in it. */
    Map<Alert.State, Integer> counts();

    /**
     * The alerts as figures, for reach: {@code state=…} over every alert, and {@code frequency=…}, {@code language=…},
     * {@code topic=…}, {@code region=…} over the confirmed ones (those that are mailed), label → how many.
     */
    Map<String, Long> figures();

    /** The address is never mailed again. */
    void suppress(String addressHash, String reason, Instant now);

    boolean isSuppressed(String addressHash);
}
