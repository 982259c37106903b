package uk.org.perusupportgroup.quipu.alert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.FieldError;
import uk.org.perusupportgroup.quipu.text.Messages;
import uk.org.perusupportgroup.quipu.subscriber.Frequency;
import uk.org.perusupportgroup.quipu.subscriber.Alert;
import uk.org.perusupportgroup.quipu.subscriber.AlertRequest;
import uk.org.perusupportgroup.quipu.article.Vocabulary;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.store.AlertStore;
import uk.org.perusupportgroup.quipu.reach.Metric;
import uk.org.perusupportgroup.quipu.reach.Tally;

/**
 * Alerts from request to erasure: validates what people send, records it with its consent, resolves link
 * tokens, keeps the {@link AlertIndex} in step with what is confirmed. Blocking (the store): call it off the event loop.
 */
public final class AlertService {

    /** The version of the sign-up form and its consent wording; recorded with every request. */
    public static final String FORM_VERSION = "2026-11";
    public static final Map<String, String> CONSENT = Map.of(
            "en", "I would like the Peru Support Group to email me news matching this alert. I can change or cancel it"
                    + " at any time through the link in every email; my address is used for nothing else.",
            "es", "Quiero que el Peru Support Group me envíe por correo las noticias que coincidan con esta alerta. Puedo"
                    + " cambiarla o cancelarla en cualquier momento con el enlace de cada correo; mi dirección no se usa"
                    + " para nada más.");
    private static final int MAX_TAGS = 40;

    /** What someone sent: form fields or JSON members, not yet checked. */
    public record Form(String email, String query, List<String> topics, List<String> regions, String frequency,
            String language) {}

    /** The request was refused: every problem, by field. */
    public static final class InvalidException extends RuntimeException {
        private final List<FieldError> errors;

        InvalidException(List<FieldError> errors) {
            super(errors.toString(), null, false, false);
            this.errors = List.copyOf(errors);
        }

        public List<FieldError> errors() {
            return errors;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);

    private final AlertStore store;
    private final AlertIndex index;
    private final Vocabulary vocabulary;
    private final QuipuConfig.Alerts config;
    private final Tokens tokens;
    private final String addressKey;
    private final String messageDomain;
    private final Clock clock;
    private final ToIntFunction<String> mailCopies;
    private final Tally tally;

    /** How an alert was ended, as reach counts it ({@link Metric#UNSUBSCRIBED}). */
    public static final String ONE_CLICK = "one-click";
    public static final String BY_PAGE = "page";

    public AlertService(AlertStore store, AlertIndex index, Vocabulary vocabulary, QuipuConfig.Alerts config,
            String messageDomain, Clock clock) {
        this(store, index, vocabulary, config, messageDomain, clock, address -> 0, Tally.NONE);
    }

    /**
     * @param mailCopies deletes the copies a mailer keeps of the messages to an address, and says how many (see
     *     {@link uk.org.perusupportgroup.quipu.mail.Mailer#forget}): run when that address is erased
     * @param tally where confirmations and unsubscriptions are counted for reach
     */
    public AlertService(AlertStore store, AlertIndex index, Vocabulary vocabulary, QuipuConfig.Alerts config,
            String messageDomain, Clock clock, ToIntFunction<String> mailCopies, Tally tally) {
        this.mailCopies = mailCopies;
        this.tally = tally;
        this.store = store;
        this.index = index;
        this.vocabulary = vocabulary;
        this.config = config;
        this.messageDomain = messageDomain;
        this.clock = clock;
        this.tokens = new Tokens(config.secret().orElseGet(() -> store.secret("links", AlertService::newSecret)));
        this.addressKey = store.secret("addresses", AlertService::newSecret);
        // The key is a keyed hash, which SQL cannot compute: rows stored before it existed get theirs here, once.
        int keyed = store.keyAddresses(this::mailboxKey);
        if (keyed > 0) {
            LOG.info("keyed {} subscriber addresses by their mailbox for the confirmation limits", keyed);
        }
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    public Tokens tokens() {
        return tokens;
    }

    /** Loads every confirmed alert into the index (at start-up). */
    public int loadIndex() {
        List<AlertIndex.Alert> alerts = new ArrayList<>();
        for (Alert alert : store.confirmed()) {
            alerts.add(indexEntry(alert));
        }
        index.putAll(alerts);
        return alerts.size();
    }

    /**
     * Brings the index in step with alerts changed at or after {@code since}, by this or another instance sharing the
     * database (erased ones stay until restart, but match nothing: deliveries go only to confirmed alerts).
     *
     * @return how many were looked at
     */
    public int syncIndex(Instant since) {
        List<AlertIndex.Alert> confirmed = new ArrayList<>();
        List<Alert> changed = store.changedSince(since);
        for (Alert alert : changed) {
            if (alert.state() == Alert.State.CONFIRMED) {
                confirmed.add(indexEntry(alert));
            } else {
                index.remove(alert.id());
            }
        }
        index.putAll(confirmed);
        return changed.size();
    }

    static AlertIndex.Alert indexEntry(Alert alert) {
        return new AlertIndex.Alert(alert.id(), QueryParser.parseOrEverything(alert.query()),
                new LinkedHashSet<>(alert.topics()), new LinkedHashSet<>(alert.regions()));
    }

    /**
     * Checks and records a request; the confirmation email is queued unless this address had its share today. Says
     * nothing about whether the address was known.
     *
     * @throws InvalidException listing every problem; nothing is stored then
     */
    public void request(Form form, String ip, boolean fromApi) {
        Checked checked = check(form, true);
        String language = checked.language();
        AlertRequest request = new AlertRequest(form.email().strip(), checked.query(), checked.topics(),
                checked.regions(), checked.frequency(), language, ip, fromApi ? "api-" + FORM_VERSION : "form-" + FORM_VERSION,
                CONSENT.get(language));
        Instant now = clock.instant();
        store.request(request, addressHash(request.email()), mailboxKey(request.email()), detail(checked).encode(), now, now.plus(config.confirmWithin()),
                config.confirmationsPerDay(), messageDomain);
    }

    /** How long sign-up pauses once the hourly cap of confirmation emails is reached, as said in Retry-After. */
    public static final Duration PAUSE = Duration.ofMinutes(15);

    /**
     * Whether the confirmation emails of the last hour, to everyone and from every instance, have reached
     * {@code alerts.confirmations-per-hour}: then sign-up stops for a while (a flood from very many addresses). Blocking.
     *
     * @return empty when requests may go on; else how long to wait before asking again
     */
    public Optional<Duration> confirmationsPaused() {
        int sent = store.confirmationsSince(clock.instant().minus(Duration.ofHours(1)));
        return sent >= config.confirmationsPerHour() ? Optional.of(PAUSE) : Optional.empty();
    }

    /** A form's values, checked. */
    public record Checked(String query, List<String> topics, List<String> regions, Frequency frequency, String language) {}

    /**
     * Checks everything but the address (used by the manage page and the preview).
     *
     * @throws InvalidException listing every problem
     */
    public Checked check(Form form) {
        return check(form, false);
    }

    private Checked check(Form form, boolean withEmail) {
        List<FieldError> errors = new ArrayList<>();
        if (withEmail) {
            EmailAddress.problem(form.email() == null ? null : form.email().strip()).ifPresent(errors::add);
        }
        String query = form.query() == null ? "" : form.query().strip();
        try {
            QueryParser.parseOrEverything(query);
        } catch (QueryException e) {
            errors.add(new FieldError("query", e.getMessage(), e.key(), e.values()));
        }
        List<String> topics = tags(Facet.TOPIC, "topics", form.topics(), errors);
        List<String> regions = tags(Facet.REGION, "regions", form.regions(), errors);
        String frequencyText = blankToDefault(form.frequency(), "daily");
        Optional<Frequency> frequency = Frequency.parse(frequencyText);
        if (frequency.isEmpty()) {
            errors.add(refusal("frequency", "field_frequency", Map.of("value", printable(frequencyText))));
        }
        String language = blankToDefault(form.language(), "en");
        if (!Alert.LANGUAGES.contains(language)) {
            errors.add(refusal("language", "field_language", Map.of("value", printable(language))));
        }
        if (!errors.isEmpty()) {
            throw new InvalidException(errors);
        }
        return new Checked(query, topics, regions, frequency.get(), language);
    }

    private List<String> tags(Facet facet, String field, List<String> given, List<FieldError> errors) {
        List<String> out = new ArrayList<>();
        if (given == null) {
            return out;
        }
        if (given.size() > MAX_TAGS) {
            errors.add(refusal(field, "field_too_many", Map.of("count", given.size(), "max", MAX_TAGS)));
            return out;
        }
        for (String slug : given) {
            String value = slug == null ? "" : slug.strip();
            if (value.isEmpty() || out.contains(value)) {
                continue;
            }
            if (vocabulary.find(facet, value).isEmpty()) {
                errors.add(refusal(field, facet == Facet.TOPIC ? "field_unknown_topic" : "field_unknown_region",
                        Map.of("slug", printable(value))));
            } else {
                out.add(value);
            }
        }
        return out;
    }

    /** A field refused with a sentence of the error bundle: in English here, in a page's own language on the page. */
    static FieldError refusal(String field, String key, Map<String, ?> values) {
        return new FieldError(field, Messages.ERRORS.get(key, values), key, values);
    }

    private static String blankToDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    /** A value fit for an error message: control characters shown as escapes, cut at 60 characters. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(60).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static JsonObject detail(Checked checked) {
        return new JsonObject().put("query", checked.query()).put("topics", new JsonArray(checked.topics()))
                .put("regions", new JsonArray(checked.regions())).put("frequency", checked.frequency().value())
                .put("language", checked.language());
    }

    String addressHash(String email) {
        return Tokens.addressHash(addressKey, email);
    }

    /** The keyed hash of the {@linkplain EmailAddress#normalised normalised} address: what the confirmation limits count. */
    String mailboxKey(String email) {
        return Tokens.addressHash(addressKey, EmailAddress.normalised(email));
    }

    /**
     * What a link opens, once its seal, purpose, age and link version are checked.
     *
     * @param alert the alert the token names; empty for a token that names a subscriber
     * @param alerts every alert of the subscriber, oldest first (never empty)
     */
    public record Link(Tokens.Purpose purpose, long subscriberId, Optional<Alert> alert, List<Alert> alerts) {}

    /**
     * Opens a link made for one of {@code purposes}.
     *
     * @return empty when nothing is held for it any more (erased, or a request that lapsed)
     * @throws Tokens.InvalidTokenException when the token is not valid for these purposes, has expired, or was made
     *     before the subscriber's links were last cancelled
     */
    public Optional<Link> open(String token, Tokens.Purpose... purposes) {
        Tokens.Verified verified = tokens.verifyAny(token, clock.instant(), purposes);
        Optional<Alert> alert = verified.purpose().namesSubscriber() ? Optional.empty() : store.find(verified.id());
        long subscriberId = alert.map(Alert::subscriberId).orElse(verified.id());
        List<Alert> alerts = verified.purpose().namesSubscriber() || alert.isPresent() ? store.ofSubscriber(subscriberId)
                : List.of();
        if (alerts.isEmpty()) {
            return Optional.empty();
        }
        if (alerts.get(0).linkVersion() != verified.version()) {
            throw Tokens.cancelled();
        }
        return Optional.of(new Link(verified.purpose(), subscriberId, alert, alerts));
    }

    /** The alert a token names (see {@link #open}). */
    public Optional<Alert> find(Tokens.Purpose purpose, String token) {
        return open(token, purpose).flatMap(Link::alert);
    }

    /**
     * What a confirmation link did.
     *
     * @param alert the alert the link names, as it is now; empty when it no longer exists
     * @param outcome empty when that alert no longer exists
     */
    public record Confirmed(Optional<Alert> alert, Optional<AlertStore.Confirmation> outcome) {}

    public Confirmed confirm(String token, String ip) {
        Optional<Alert> request = find(Tokens.Purpose.CONFIRM, token);
        if (request.isEmpty()) {
            return new Confirmed(Optional.empty(), Optional.empty());
        }
        long id = request.get().id();
        Optional<AlertStore.Confirmation> result = store.confirm(id, clock.instant(), ip);
        Optional<Alert> after = store.find(id);
        if (result.isPresent() && result.get() == AlertStore.Confirmation.CONFIRMED) {
            after.ifPresent(alert -> index.put(indexEntry(alert)));
            tally.add(Metric.CONFIRMED, "");
        }
        return new Confirmed(after, result);
    }

    /**
     * Unsubscribes one alert; when the subscriber has no alert left that is pending, on or paused, every link made for
     * them before is cancelled.
     *
     * @return false when there was nothing to unsubscribe (already done, or erased)
     */
    public boolean unsubscribe(long id, String ip) {
        return unsubscribe(id, ip, BY_PAGE);
    }

    /** @param how {@link #ONE_CLICK} or {@link #BY_PAGE}, as reach counts it */
    public boolean unsubscribe(long id, String ip, String how) {
        Optional<Alert> alert = store.find(id);
        boolean done = withdraw(id, ip, how);
        if (done) {
            alert.ifPresent(a -> cancelLinksIfNoneLeft(a.subscriberId()));
        }
        return done;
    }

    private boolean withdraw(long id, String ip, String how) {
        boolean done = store.changeState(id, Alert.State.UNSUBSCRIBED, clock.instant(), ip);
        index.remove(id);
        if (done) {
            tally.add(Metric.UNSUBSCRIBED, how);
        }
        return done;
    }

    private void cancelLinksIfNoneLeft(long subscriberId) {
        if (store.ofSubscriber(subscriberId).stream().allMatch(s -> s.state() == Alert.State.UNSUBSCRIBED)) {
            store.rotateLinks(subscriberId);
        }
    }

    /**
     * Unsubscribes every alert of a subscriber (the one-click link of a message that lists several), which cancels every
     * link made for them before; returns how many.
     */
    public int unsubscribeAll(long subscriberId, String ip, String how) {
        int done = 0;
        for (Alert each : store.ofSubscriber(subscriberId)) {
            if (each.state() != Alert.State.UNSUBSCRIBED) {
                done += withdraw(each.id(), ip, how) ? 1 : 0;
            }
        }
        if (done > 0) {
            cancelLinksIfNoneLeft(subscriberId);
        }
        return done;
    }

    /**
     * Cancels every link made for the subscriber so far ("Cancel all my links") and emails them fresh ones.
     *
     * @return whether the message of fresh links was queued (not when the address had its share today)
     */
    public boolean cancelLinks(long subscriberId) {
        store.rotateLinks(subscriberId);
        return sendLinks(subscriberId);
    }

    /**
     * Emails the subscriber fresh links: to manage each alert, and to export or erase their data (that one works for
     * {@link Tokens#DATA_LINK_LIFETIME}). At most {@code alerts.confirmations-per-day} such messages a day.
     *
     * @return whether the message was queued
     */
    public boolean sendLinks(long subscriberId) {
        return store.queueLinks(subscriberId, clock.instant(), config.confirmationsPerDay(), messageDomain);
    }

    /**
     * Emails fresh links to the subscriber a link of ours was made for, whether or not that link has expired or been
     * cancelled: they go to the subscriber's own address, never to whoever asks.
     *
     * @return empty when nothing is held for that link any more; else whether the message was queued
     * @throws Tokens.InvalidTokenException when the token is not one of ours
     */
    public Optional<Boolean> sendLinks(String token) {
        Tokens.Verified verified = tokens.verifyAny(token, Instant.EPOCH, Tokens.Purpose.values());
        Optional<Long> subscriberId = verified.purpose().namesSubscriber() ? Optional.of(verified.id())
                : store.find(verified.id()).map(Alert::subscriberId);
        return subscriberId.filter(id -> !store.ofSubscriber(id).isEmpty()).map(this::sendLinks);
    }

    /** Pauses ({@code paused}) or resumes a confirmed alert. */
    public boolean pause(long id, boolean paused, String ip) {
        boolean done = store.changeState(id, paused ? Alert.State.PAUSED : Alert.State.CONFIRMED,
                clock.instant(), ip);
        refresh(id);
        return done;
    }

    /**
     * Changes a confirmed or paused alert.
     *
     * @throws InvalidException listing every problem; nothing changes then
     */
    public boolean edit(long id, Form form, boolean plainText, String ip) {
        Checked checked = check(new Form(null, form.query(), form.topics(), form.regions(), form.frequency(), form.language()));
        boolean done = store.edit(id, new AlertStore.Edit(checked.query(), checked.topics(), checked.regions(),
                checked.frequency(), checked.language(), plainText), detail(checked).put("plain_text", plainText).encode(),
                clock.instant(), ip);
        refresh(id);
        return done;
    }

    private void refresh(long id) {
        Optional<Alert> now = store.find(id);
        if (now.isPresent() && now.get().state() == Alert.State.CONFIRMED) {
            index.put(indexEntry(now.get()));
        } else {
            index.remove(id);
        }
    }

    /** Everything held about the subscriber of this alert, as JSON (the export of the data link). */
    public JsonObject export(Alert alert) {
        JsonArray alerts = new JsonArray();
        for (Alert each : store.ofSubscriber(alert.subscriberId())) {
            alerts.add(new JsonObject().put("id", each.id()).put("query", each.query())
                    .put("topics", new JsonArray(each.topics())).put("regions", new JsonArray(each.regions()))
                    .put("frequency", each.frequency().value()).put("language", each.language())
                    .put("state", each.state().value()).put("created", each.createdAt().toString())
                    .put("confirmed", each.confirmedAt().map(Instant::toString).orElse(null)));
        }
        JsonArray consent = new JsonArray();
        for (AlertStore.ConsentEvent event : store.consent(addressHash(alert.email()))) {
            consent.add(new JsonObject().put("event", event.kind()).put("at", event.at().toString())
                    .put("subscription", event.alertId().orElse(null)).put("ip", event.ip().orElse(null))
                    .put("form_version", event.formVersion().orElse(null)).put("wording", event.wording().orElse(null))
                    .put("detail", event.detail().map(JsonObject::new).orElse(null)));
        }
        return new JsonObject().put("email", alert.email()).put("plain_text", alert.plainText())
                .put("alerts", alerts).put("consent", consent).put("exported", clock.instant().toString());
    }

    /** Erases the subscriber of this alert and every alert of theirs; the consent record keeps only hash and times. */
    public void erase(Alert alert) {
        erase(alert.subscriberId(), store.ofSubscriber(alert.subscriberId()));
    }

    /** Erases the subscriber, as {@link #erase(Alert)} does; nothing happens when there is none. */
    public void erase(long subscriberId) {
        erase(subscriberId, store.ofSubscriber(subscriberId));
    }

    /** @param alerts every alert of the subscriber (their address is the first's) */
    private void erase(long subscriberId, List<Alert> alerts) {
        alerts.forEach(each -> index.remove(each.id()));
        store.erase(subscriberId, clock.instant());
        if (alerts.isEmpty()) {
            return;
        }
        try {
            int copies = mailCopies.applyAsInt(alerts.get(0).email());
            LOG.info("erasure: subscriber {} erased, with {} stored message copies", subscriberId, copies);
        } catch (RuntimeException e) {
            // the address is gone from the database; say loudly that copies of its messages may remain on disk
            LOG.error("erasure: subscriber {} erased, but copies of their messages could not all be deleted: {}",
                    subscriberId, e.getMessage());
        }
    }

    /** Takes alerts ended elsewhere (by a complaint) out of the index at once. */
    void ended(List<Long> alertIds) {
        alertIds.forEach(index::remove);
    }

    /** Lets lapsed requests go; returns how many. */
    public int expire() {
        return store.expire(clock.instant());
    }

    public Map<Alert.State, Integer> counts() {
        return store.counts();
    }

    /** The alerts as reach's figures: by state, and the confirmed ones by frequency, language, topic and region. */
    public Map<String, Long> figures() {
        return store.figures();
    }
}
