package uk.org.perusupportgroup.quipu.alert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.FieldError;
import uk.org.perusupportgroup.quipu.article.Frequency;
import uk.org.perusupportgroup.quipu.article.Subscription;
import uk.org.perusupportgroup.quipu.article.SubscriptionRequest;
import uk.org.perusupportgroup.quipu.article.Vocabulary;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.store.SubscriptionStore;

/**
 * Subscriptions from request to erasure: validates what people send, records it with its consent, resolves link
 * tokens, keeps the {@link AlertIndex} in step with what is confirmed. Blocking (the store): call it off the event loop.
 */
public final class SubscriptionService {

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

    private final SubscriptionStore store;
    private final AlertIndex index;
    private final Vocabulary vocabulary;
    private final QuipuConfig.Alerts config;
    private final Tokens tokens;
    private final String addressKey;
    private final String messageDomain;
    private final Clock clock;

    public SubscriptionService(SubscriptionStore store, AlertIndex index, Vocabulary vocabulary, QuipuConfig.Alerts config,
            String messageDomain, Clock clock) {
        this.store = store;
        this.index = index;
        this.vocabulary = vocabulary;
        this.config = config;
        this.messageDomain = messageDomain;
        this.clock = clock;
        this.tokens = new Tokens(config.secret().orElseGet(() -> store.secret("links", SubscriptionService::newSecret)));
        this.addressKey = store.secret("addresses", SubscriptionService::newSecret);
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
        for (Subscription subscription : store.confirmed()) {
            alerts.add(alert(subscription));
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
        List<Subscription> changed = store.changedSince(since);
        for (Subscription subscription : changed) {
            if (subscription.state() == Subscription.State.CONFIRMED) {
                confirmed.add(alert(subscription));
            } else {
                index.remove(subscription.id());
            }
        }
        index.putAll(confirmed);
        return changed.size();
    }

    static AlertIndex.Alert alert(Subscription subscription) {
        return new AlertIndex.Alert(subscription.id(), QueryParser.parse(subscription.query()),
                new LinkedHashSet<>(subscription.topics()), new LinkedHashSet<>(subscription.regions()));
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
        SubscriptionRequest request = new SubscriptionRequest(form.email().strip(), checked.query(), checked.topics(),
                checked.regions(), checked.frequency(), language, ip, fromApi ? "api-" + FORM_VERSION : "form-" + FORM_VERSION,
                CONSENT.get(language));
        Instant now = clock.instant();
        store.request(request, addressHash(request.email()), detail(checked).encode(), now, now.plus(config.confirmWithin()),
                config.confirmationsPerDay(), messageDomain);
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
            EmailAddress.problem(form.email() == null ? null : form.email().strip())
                    .ifPresent(problem -> errors.add(new FieldError("email", "the address " + problem)));
        }
        String query = form.query() == null ? "" : form.query().strip();
        try {
            QueryParser.parse(query);
        } catch (QueryException e) {
            errors.add(new FieldError("query", e.getMessage()));
        }
        List<String> topics = tags(Facet.TOPIC, "topics", form.topics(), errors);
        List<String> regions = tags(Facet.REGION, "regions", form.regions(), errors);
        String frequencyText = blankToDefault(form.frequency(), "daily");
        Optional<Frequency> frequency = Frequency.parse(frequencyText);
        if (frequency.isEmpty()) {
            errors.add(new FieldError("frequency", "'" + printable(frequencyText) + "' is not one of immediate, daily, weekly, monthly"));
        }
        String language = blankToDefault(form.language(), "en");
        if (!Subscription.LANGUAGES.contains(language)) {
            errors.add(new FieldError("language", "'" + printable(language) + "' is not one of en, es"));
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
            errors.add(new FieldError(field, given.size() + " given; at most " + MAX_TAGS));
            return out;
        }
        for (String slug : given) {
            String value = slug == null ? "" : slug.strip();
            if (value.isEmpty() || out.contains(value)) {
                continue;
            }
            if (vocabulary.find(facet, value).isEmpty()) {
                errors.add(new FieldError(field, "unknown " + facet.name().toLowerCase(java.util.Locale.ROOT) + " '"
                        + printable(value) + "'"));
            } else {
                out.add(value);
            }
        }
        return out;
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

    /** The subscription a token names. */
    public Optional<Subscription> find(Tokens.Purpose purpose, String token) {
        return store.find(tokens.verify(purpose, token, clock.instant()));
    }

    /**
     * What a confirmation link did.
     *
     * @param id the subscription the link names
     * @param outcome empty when that subscription no longer exists
     */
    public record Confirmed(long id, Optional<SubscriptionStore.Confirmation> outcome) {}

    public Confirmed confirm(String token, String ip) {
        long id = tokens.verify(Tokens.Purpose.CONFIRM, token, clock.instant());
        Optional<SubscriptionStore.Confirmation> result = store.confirm(id, clock.instant(), ip);
        if (result.isPresent() && result.get() == SubscriptionStore.Confirmation.CONFIRMED) {
            store.find(id).ifPresent(subscription -> index.put(alert(subscription)));
        }
        return new Confirmed(id, result);
    }

    /** @return false when there was nothing to unsubscribe (already done, or erased) */
    public boolean unsubscribe(long id, String ip) {
        boolean done = store.changeState(id, Subscription.State.UNSUBSCRIBED, clock.instant(), ip);
        index.remove(id);
        return done;
    }

    /** Unsubscribes every alert of a subscriber (the one-click link of a message that lists several); returns how many. */
    public int unsubscribeAll(long subscriberId, String ip) {
        int done = 0;
        for (Subscription each : store.ofSubscriber(subscriberId)) {
            if (each.state() != Subscription.State.UNSUBSCRIBED) {
                done += unsubscribe(each.id(), ip) ? 1 : 0;
            }
        }
        return done;
    }

    /** Every alert of a subscriber, oldest first. */
    public List<Subscription> alertsOf(long subscriberId) {
        return store.ofSubscriber(subscriberId);
    }

    /** Pauses ({@code paused}) or resumes a confirmed alert. */
    public boolean pause(long id, boolean paused, String ip) {
        boolean done = store.changeState(id, paused ? Subscription.State.PAUSED : Subscription.State.CONFIRMED,
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
        boolean done = store.edit(id, new SubscriptionStore.Edit(checked.query(), checked.topics(), checked.regions(),
                checked.frequency(), checked.language(), plainText), detail(checked).put("plain_text", plainText).encode(),
                clock.instant(), ip);
        refresh(id);
        return done;
    }

    private void refresh(long id) {
        Optional<Subscription> now = store.find(id);
        if (now.isPresent() && now.get().state() == Subscription.State.CONFIRMED) {
            index.put(alert(now.get()));
        } else {
            index.remove(id);
        }
    }

    /** Everything held about the subscriber, as JSON (the manage page's export). */
    public JsonObject export(Subscription subscription) {
        JsonArray alerts = new JsonArray();
        for (Subscription each : store.ofSubscriber(subscription.subscriberId())) {
            alerts.add(new JsonObject().put("id", each.id()).put("query", each.query())
                    .put("topics", new JsonArray(each.topics())).put("regions", new JsonArray(each.regions()))
                    .put("frequency", each.frequency().value()).put("language", each.language())
                    .put("state", each.state().value()).put("created", each.createdAt().toString())
                    .put("confirmed", each.confirmedAt().map(Instant::toString).orElse(null)));
        }
        JsonArray consent = new JsonArray();
        for (SubscriptionStore.ConsentEvent event : store.consent(addressHash(subscription.email()))) {
            consent.add(new JsonObject().put("event", event.kind()).put("at", event.at().toString())
                    .put("subscription", event.subscriptionId().orElse(null)).put("ip", event.ip().orElse(null))
                    .put("form_version", event.formVersion().orElse(null)).put("wording", event.wording().orElse(null))
                    .put("detail", event.detail().map(JsonObject::new).orElse(null)));
        }
        return new JsonObject().put("email", subscription.email()).put("plain_text", subscription.plainText())
                .put("alerts", alerts).put("consent", consent).put("exported", clock.instant().toString());
    }

    /** Erases the subscriber of this alert and every alert of theirs; the consent record keeps only hash and times. */
    public void erase(Subscription subscription) {
        for (Subscription each : store.ofSubscriber(subscription.subscriberId())) {
            index.remove(each.id());
        }
        store.erase(subscription.subscriberId(), clock.instant());
    }

    /** Lets lapsed requests go; returns how many. */
    public int expire() {
        return store.expire(clock.instant());
    }

    public Map<Subscription.State, Integer> counts() {
        return store.counts();
    }
}
