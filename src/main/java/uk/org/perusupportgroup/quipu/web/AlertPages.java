package uk.org.perusupportgroup.quipu.web;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import uk.org.perusupportgroup.quipu.alert.AlertService;
import uk.org.perusupportgroup.quipu.alert.Tokens;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.FieldError;
import uk.org.perusupportgroup.quipu.subscriber.Frequency;
import uk.org.perusupportgroup.quipu.subscriber.Alert;
import uk.org.perusupportgroup.quipu.article.Term;
import uk.org.perusupportgroup.quipu.article.Vocabulary;

/**
 * The sign-up form and the subscriber's pages, from {@code templates/pages/} and the bundle ({@link PageTemplates}):
 * plain forms, no JavaScript.
 */
final class AlertPages {

    private AlertPages() {}

    /**
     * The alert fields, filled with {@code form}'s values, each problem shown beside its field (which names it with
     * {@code aria-describedby} and is marked {@code aria-invalid}) and listed in a summary above them all that links to
     * the field and takes the focus, so that it is read out first.
     */
    static String fields(AlertService.Form form, List<FieldError> errors, Vocabulary vocabulary, boolean withEmail) {
        Map<String, Object> values = new HashMap<>();
        values.put("anyErrors", !errors.isEmpty());
        values.put("one", errors.size() == 1);
        values.put("count", errors.size());
        values.put("withEmail", withEmail);
        values.put("email", Objects.requireNonNullElse(form.email(), ""));
        values.put("emailError", message(errors, "email"));
        values.put("query", Objects.requireNonNullElse(form.query(), ""));
        values.put("queryError", message(errors, "query"));
        List<Map<String, Object>> fieldsets = List.of(
                fieldset("topics", "fields_topics", "checkbox", terms(vocabulary.terms(Facet.TOPIC), form.topics()), errors),
                fieldset("regions", "fields_regions", "checkbox", terms(vocabulary.terms(Facet.REGION), form.regions()), errors),
                fieldset("frequency", "fields_frequency", "radio", frequencies(orDefault(form.frequency(), "daily")), errors),
                fieldset("language", "fields_language", "radio", languages(orDefault(form.language(), "en")), errors));
        values.put("fieldsets", fieldsets);
        // where the summary's link of each problem leads: the field, or a group's first box
        Map<String, String> targets = new HashMap<>();
        if (withEmail) {
            targets.put("email", "email");
        }
        targets.put("query", "query");
        for (Map<String, Object> fieldset : fieldsets) {
            List<?> options = (List<?>) fieldset.get("options");
            if (!options.isEmpty()) {
                targets.put((String) fieldset.get("name"), (String) ((Map<?, ?>) options.get(0)).get("id"));
            }
        }
        List<String> order = List.of("email", "query", "topics", "regions", "frequency", "language");
        values.put("summary", errors.stream()
                .sorted(java.util.Comparator.comparingInt(error -> order.contains(error.field()) ? order.indexOf(error.field())
                        : order.size()))
                .map(error -> Map.of("target", targets.getOrDefault(error.field(), ""), "message", error.message())).toList());
        return PageTemplates.body("alert-fields", values);
    }

    /** A page's title, which begins "Error:" while its form shows problems (the first words a screen reader says). */
    static String title(String titleKey, List<FieldError> errors) {
        String title = PageTemplates.message(titleKey);
        return errors.isEmpty() ? title : PageTemplates.message("fields_error") + " " + title;
    }

    /** A frequency as the pages name it. */
    private static String frequencyName(Frequency frequency) {
        return PageTemplates.message("frequency_" + frequency.value());
    }

    private static String orDefault(String given, String otherwise) {
        return given == null || given.isBlank() ? otherwise : given;
    }

    /** A fieldset of checkboxes or radio buttons, its problems first. @param type of its inputs */
    private static Map<String, Object> fieldset(String name, String legendKey, String type, List<Map<String, Object>> options,
            List<FieldError> errors) {
        return Map.of("name", name, "legend", PageTemplates.message(legendKey), "type", type, "options", options.stream()
                .map(option -> {
                    Map<String, Object> withId = new HashMap<>(option);
                    withId.put("id", name + "-" + option.get("value"));
                    return (Map<String, Object>) withId;
                }).toList(), "error", message(errors, name));
    }

    private static List<Map<String, Object>> terms(List<Term> terms, List<String> checked) {
        return terms.stream().map(term -> option(term.slug(), term.nameEn(), checked != null && checked.contains(term.slug())))
                .toList();
    }

    private static List<Map<String, Object>> frequencies(String checked) {
        return Arrays.stream(Frequency.values()).map(each -> option(each.value(), frequencyName(each), each.value().equals(checked)))
                .toList();
    }

    private static List<Map<String, Object>> languages(String checked) {
        return Alert.LANGUAGES.stream().map(each -> option(each, PageTemplates.message("language_" + each),
                each.equals(checked))).toList();
    }

    private static Map<String, Object> option(String value, String label, boolean checked) {
        return Map.of("value", value, "label", label, "checked", checked);
    }

    /** The problems with one field, in one sentence; empty: none. */
    private static String message(List<FieldError> errors, String field) {
        return errors.stream().filter(error -> error.field().equals(field)).map(FieldError::message)
                .collect(Collectors.joining("; "));
    }

    /** The sign-up form. */
    static String signUp(AlertService.Form form, List<FieldError> errors, Vocabulary vocabulary) {
        return PageTemplates.body("signup", Map.of("fields", fields(form, errors, vocabulary, true), "consent",
                AlertService.CONSENT.get("en")));
    }

    /** A short description of an alert. */
    static String describe(Alert alert) {
        String language = alert.language().equals("es") ? "language_es" : "language_en";
        return PageTemplates.body("alert-summary", Map.of("query", alert.query(), "topics",
                String.join(", ", alert.topics()), "regions", String.join(", ", alert.regions()), "frequency",
                frequencyName(alert.frequency()), "language",
                PageTemplates.message(language)));
    }

    /** The page of a confirmation link: a button that posts back to it, unless the alert is no longer pending. */
    static Shown confirm(Alert alert, String self) {
        if (alert.state() != Alert.State.PENDING) {
            return shown(200, "already_confirmed_title", PageTemplates.body("already-confirmed", Map.of()));
        }
        return shown(200, "email_alerts_title", PageTemplates.body("confirm", Map.of("alert", describe(alert),
                "action", self)));
    }

    /**
     * The page of an unsubscribe link: a button that posts back to it, for the alerts still to stop.
     *
     * @param all the link is for every alert of the subscriber
     */
    static Shown unsubscribe(List<Alert> live, boolean all, String self) {
        if (live.isEmpty()) {
            return unsubscribed(all ? "unsubscribed_nothing_all" : "unsubscribed_nothing_one", "", Optional.empty());
        }
        return shown(200, "email_alerts_title", PageTemplates.body("unsubscribe", Map.of("all", all, "alerts",
                live.stream().map(AlertPages::describe).collect(Collectors.joining()), "action", self)));
    }

    /**
     * After a one-click unsubscription.
     *
     * @param token the link's, to email fresh links when the unsubscription cancelled them all (nothing left subscribed)
     * @param manage the manage page to link to, if any
     */
    static Shown unsubscribed(boolean all, boolean cancelled, String token, Optional<String> manage) {
        return unsubscribed(all ? "unsubscribed_all" : "unsubscribed_one", cancelled ? linksForm(token, "offer_new_links") : "",
                manage);
    }

    /** @param offer the button to email fresh links, shown with the word that the old ones are cancelled; empty: none */
    private static Shown unsubscribed(String whatKey, String offer, Optional<String> manage) {
        return shown(200, "unsubscribed_title", PageTemplates.body("unsubscribed", Map.of("what", PageTemplates.message(whatKey),
                "cancelled", !offer.isEmpty(), "offer", offer, "manage", manage.orElse(""))));
    }

    /** A page to show instead: its status, title and body. */
    record Shown(int status, String title, String body) {}

    /**
     * A button that emails fresh links to whoever the token was made for (any link of ours, even a cancelled one).
     *
     * @param labelKey the bundle key of the button's words
     */
    static String linksForm(String token, String labelKey) {
        return PageTemplates.body("links-form", Map.of("token", token == null ? "" : token, "label",
                PageTemplates.message(labelKey)));
    }

    /**
     * The page for a link that does not open what it was followed to. A cancelled link, and on the data pages an expired
     * data link or another page's link, offer to email a fresh one.
     *
     * @param dataPage the export or erase page, which needs a data link made in the last 24 hours
     */
    static Shown refusal(Tokens.InvalidTokenException problem, String token, boolean dataPage) {
        Map<String, String> offer = Map.of("offer", linksForm(token, "offer_new_link"));
        return switch (problem.refusal()) {
            case CANCELLED -> shown(410, "cancelled_title", PageTemplates.body("link-cancelled", offer));
            case EXPIRED -> dataPage ? shown(410, "expired_title", PageTemplates.body("data-link-expired", offer))
                    : notValid(410, problem);
            case OTHER_PURPOSE -> dataPage ? dataLinkNeeded(token) : notValid(400, problem);
            case NOT_VALID -> notValid(400, problem);
        };
    }

    /** Export and erasure need the emailed data link: what a manage link (or another page's) gets instead. */
    static Shown dataLinkNeeded(String token) {
        return shown(403, "needed_title", PageTemplates.body("data-link-needed",
                Map.of("offer", linksForm(token, "offer_data_link"))));
    }

    /**
     * Where the manage page links to.
     *
     * @param self the page's own address, which its forms post to
     * @param feed the alert's private feed of matches
     * @param manage the manage page of any alert of the subscriber
     */
    record ManageLinks(String self, String feed, Function<Alert, String> manage) {}

    /**
     * The manage page of one alert: what was just done, its state, the form to change it (while it is on or paused),
     * its feed, the subscriber's other alerts, and the data and links buttons.
     *
     * @param all every alert of the subscriber, this one too
     * @param fields the alert fields ({@link #fields}), without the address
     * @param done the action just done, if any
     */
    static String manage(Alert alert, List<Alert> all, String fields, String done, ManageLinks links) {
        Map<String, Object> values = new HashMap<>();
        values.put("done", done == null || done.isBlank() ? "" : PageTemplates.message(doneKey(done)));
        values.put("state", PageTemplates.message("manage_state_" + alert.state().value()));
        values.put("live", alert.state() == Alert.State.CONFIRMED || alert.state() == Alert.State.PAUSED);
        values.put("confirmed", alert.state() == Alert.State.CONFIRMED);
        values.put("plainText", alert.plainText());
        values.put("fields", fields);
        values.put("self", links.self());
        values.put("feed", links.feed());
        values.put("anyOthers", all.size() > 1);
        values.put("others", all.stream().filter(other -> other.id() != alert.id()).map(other -> Map.of("href",
                links.manage().apply(other), "query", other.query(), "state",
                PageTemplates.message("manage_other_" + other.state().value()))).toList());
        return PageTemplates.body("manage", values);
    }

    private static String doneKey(String done) {
        return switch (done) {
            case "save", "pause", "resume", "unsubscribe", "data-link", "links-later" -> "manage_done_" + done.replace('-', '_');
            default -> "manage_done";
        };
    }

    /** After an action that cancelled every link of the subscriber: @param done the action ("links-later": none mailed) */
    static String linksCancelled(String done, String token) {
        String why = PageTemplates.message(switch (done) {
            case "unsubscribe" -> "links_cancelled_unsubscribe";
            case "cancel-links" -> "links_cancelled_mailed";
            default -> "links_cancelled_later";
        });
        return PageTemplates.body("links-cancelled", Map.of("why", why, "offer",
                done.equals("cancel-links") ? "" : linksForm(token, "offer_new_links")));
    }

    private static Shown notValid(int status, Tokens.InvalidTokenException problem) {
        return shown(status, "not_valid_title", PageTemplates.body("link-not-valid", Map.of("problem", problem.getMessage())));
    }

    private static Shown shown(int status, String titleKey, String body) {
        return new Shown(status, PageTemplates.message(titleKey), body);
    }
}
