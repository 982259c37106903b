package uk.org.perusupportgroup.quipu.web;

import uk.org.perusupportgroup.quipu.article.Language;
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
import uk.org.perusupportgroup.quipu.text.Messages;
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
    static String fields(PageTemplates t, AlertService.Form form, List<FieldError> errors, Vocabulary vocabulary, boolean withEmail) {
        Map<String, Object> values = new HashMap<>();
        values.put("anyErrors", !errors.isEmpty());
        values.put("one", errors.size() == 1);
        values.put("count", errors.size());
        values.put("withEmail", withEmail);
        values.put("email", Objects.requireNonNullElse(form.email(), ""));
        values.put("emailError", message(t, errors, "email"));
        values.put("query", Objects.requireNonNullElse(form.query(), ""));
        values.put("queryError", message(t, errors, "query"));
        List<Map<String, Object>> fieldsets = List.of(
                fieldset(t, "topics", "fields_topics", "checkbox", terms(t, vocabulary.terms(Facet.TOPIC), form.topics()), errors),
                fieldset(t, "regions", "fields_regions", "checkbox", terms(t, vocabulary.terms(Facet.REGION), form.regions()), errors),
                fieldset(t, "frequency", "fields_frequency", "radio", frequencies(t, orDefault(form.frequency(), "daily")), errors),
                fieldset(t, "language", "fields_language", "radio", languages(t, orDefault(form.language(), t.language().code())), errors));
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
                .map(error -> Map.of("target", targets.getOrDefault(error.field(), ""), "message", t.refusal(error))).toList());
        return t.body("alert-fields", values);
    }

    /** A page's title, which begins "Error:" while its form shows problems (the first words a screen reader says). */
    static String title(PageTemplates t, String titleKey, List<FieldError> errors) {
        String title = t.message(titleKey);
        return errors.isEmpty() ? title : t.message("fields_error") + " " + title;
    }

    /** A frequency as the pages name it. */
    private static String frequencyName(PageTemplates t, Frequency frequency) {
        return t.message("frequency_" + frequency.value());
    }

    private static String orDefault(String given, String otherwise) {
        return given == null || given.isBlank() ? otherwise : given;
    }

    /** A fieldset of checkboxes or radio buttons, its problems first. @param type of its inputs */
    private static Map<String, Object> fieldset(PageTemplates t, String name, String legendKey, String type, List<Map<String, Object>> options,
            List<FieldError> errors) {
        return Map.of("name", name, "legend", t.message(legendKey), "type", type, "options", options.stream()
                .map(option -> {
                    Map<String, Object> withId = new HashMap<>(option);
                    withId.put("id", name + "-" + option.get("value"));
                    return (Map<String, Object>) withId;
                }).toList(), "error", message(t, errors, name));
    }

    private static List<Map<String, Object>> terms(PageTemplates t, List<Term> terms, List<String> checked) {
        return terms.stream().map(term -> option(term.slug(), t.language() == Language.ES ? term.nameEs() : term.nameEn(), checked != null && checked.contains(term.slug())))
                .toList();
    }

    private static List<Map<String, Object>> frequencies(PageTemplates t, String checked) {
        return Arrays.stream(Frequency.values()).map(each -> option(each.value(), frequencyName(t, each), each.value().equals(checked)))
                .toList();
    }

    private static List<Map<String, Object>> languages(PageTemplates t, String checked) {
        return Alert.LANGUAGES.stream().map(each -> option(each, t.message("language_" + each),
                each.equals(checked))).toList();
    }

    private static Map<String, Object> option(String value, String label, boolean checked) {
        return Map.of("value", value, "label", label, "checked", checked);
    }

    /** The problems with one field, in one sentence; empty: none. */
    private static String message(PageTemplates t, List<FieldError> errors, String field) {
        return errors.stream().filter(error -> error.field().equals(field)).map(t::refusal)
                .collect(Collectors.joining("; "));
    }

    /** The sign-up form. */
    static String signUp(PageTemplates t, AlertService.Form form, List<FieldError> errors, Vocabulary vocabulary) {
        return t.body("signup", Map.of("fields", fields(t, form, errors, vocabulary, true), "consent",
                AlertService.CONSENT.get(t.language().code())));
    }

    /** A short description of an alert. */
    static String describe(PageTemplates t, Alert alert, Vocabulary vocabulary) {
        String language = alert.language().equals("es") ? "language_es" : "language_en";
        return t.body("alert-summary", Map.of("query", alert.query(), "everything", everything(t, alert), "topics",
                names(t, vocabulary, Facet.TOPIC, alert.topics()), "regions", names(t, vocabulary, Facet.REGION, alert.regions()),
                "frequency",
                frequencyName(t, alert.frequency()), "language",
                t.message(language)));
    }

    /** Topics' or regions' names in the page's language (a slug no longer in the vocabulary as it is). */
    private static String names(PageTemplates t, Vocabulary vocabulary, Facet facet, List<String> slugs) {
        return slugs.stream().map(slug -> vocabulary.find(facet, slug)
                .map(term -> t.language() == Language.ES ? term.nameEs() : term.nameEn()).orElse(slug))
                .collect(Collectors.joining(", "));
    }

    /** What an alert with no words gets ("All news on its topics and regions"), as its name on the pages. */
    private static String everything(PageTemplates t, Alert alert) {
        return t.message(alert.topics().isEmpty() && alert.regions().isEmpty() ? "summary_everything" : "summary_everything_on");
    }

    /** An alert's name in a list: its words, or what it gets when it has none. */
    private static String name(PageTemplates t, Alert alert) {
        return alert.query().isBlank() ? everything(t, alert) : alert.query();
    }

    /** The page of a confirmation link: a button that posts back to it, unless the alert is no longer pending. */
    static Shown confirm(PageTemplates t, Alert alert, String self, Vocabulary vocabulary) {
        if (alert.state() != Alert.State.PENDING) {
            return shown(t, 200, "already_confirmed_title", t.body("already-confirmed", Map.of()));
        }
        return shown(t, 200, "email_alerts_title", t.body("confirm", Map.of("alert", describe(t, alert, vocabulary),
                "action", self)));
    }

    /**
     * The page of an unsubscribe link: a button that posts back to it, for the alerts still to stop.
     *
     * @param all the link is for every alert of the subscriber
     */
    static Shown unsubscribe(PageTemplates t, List<Alert> live, boolean all, String self, Vocabulary vocabulary) {
        if (live.isEmpty()) {
            return unsubscribed(t, all ? "unsubscribed_nothing_all" : "unsubscribed_nothing_one", "", Optional.empty());
        }
        return shown(t, 200, "email_alerts_title", t.body("unsubscribe", Map.of("all", all, "alerts",
                live.stream().map(alert -> describe(t, alert, vocabulary)).collect(Collectors.joining()), "action", self)));
    }

    /**
     * After a one-click unsubscription.
     *
     * @param token the link's, to email fresh links when the unsubscription cancelled them all (nothing left subscribed)
     * @param manage the manage page to link to, if any
     */
    static Shown unsubscribed(PageTemplates t, boolean all, boolean cancelled, String token, Optional<String> manage) {
        return unsubscribed(t, all ? "unsubscribed_all" : "unsubscribed_one", cancelled ? linksForm(t, token, "offer_new_links") : "",
                manage);
    }

    /** @param offer the button to email fresh links, shown with the word that the old ones are cancelled; empty: none */
    private static Shown unsubscribed(PageTemplates t, String whatKey, String offer, Optional<String> manage) {
        return shown(t, 200, "unsubscribed_title", t.body("unsubscribed", Map.of("what", t.message(whatKey),
                "cancelled", !offer.isEmpty(), "offer", offer, "manage", manage.orElse(""))));
    }

    /** A page to show instead: its status, title and body. */
    record Shown(int status, String title, String body) {}

    /**
     * A button that emails fresh links to whoever the token was made for (any link of ours, even a cancelled one).
     *
     * @param labelKey the bundle key of the button's words
     */
    static String linksForm(PageTemplates t, String token, String labelKey) {
        return t.body("links-form", Map.of("token", token == null ? "" : token, "label",
                t.message(labelKey)));
    }

    /**
     * The page for a link that does not open what it was followed to. A cancelled link, and on the data pages an expired
     * data link or another page's link, offer to email a fresh one.
     *
     * @param dataPage the export or erase page, which needs a data link made in the last 24 hours
     */
    static Shown refusal(PageTemplates t, Tokens.InvalidTokenException problem, String token, boolean dataPage) {
        Map<String, String> offer = Map.of("offer", linksForm(t, token, "offer_new_link"));
        return switch (problem.refusal()) {
            case CANCELLED -> shown(t, 410, "cancelled_title", t.body("link-cancelled", offer));
            case EXPIRED -> dataPage ? shown(t, 410, "expired_title", t.body("data-link-expired", offer))
                    : notValid(t, 410, problem);
            case OTHER_PURPOSE -> dataPage ? dataLinkNeeded(t, token) : notValid(t, 400, problem);
            case NOT_VALID -> notValid(t, 400, problem);
        };
    }

    /** Export and erasure need the emailed data link: what a manage link (or another page's) gets instead. */
    static Shown dataLinkNeeded(PageTemplates t, String token) {
        return shown(t, 403, "needed_title", t.body("data-link-needed",
                Map.of("offer", linksForm(t, token, "offer_data_link"))));
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
    static String manage(PageTemplates t, Alert alert, List<Alert> all, String fields, String done, ManageLinks links) {
        Map<String, Object> values = new HashMap<>();
        values.put("done", done == null || done.isBlank() ? "" : t.message(doneKey(done)));
        values.put("state", t.message("manage_state_" + alert.state().value()));
        values.put("live", alert.state() == Alert.State.CONFIRMED || alert.state() == Alert.State.PAUSED);
        values.put("confirmed", alert.state() == Alert.State.CONFIRMED);
        values.put("plainText", alert.plainText());
        values.put("fields", fields);
        values.put("self", links.self());
        values.put("feed", links.feed());
        values.put("anyOthers", all.size() > 1);
        values.put("others", all.stream().filter(other -> other.id() != alert.id()).map(other -> Map.of("href",
                links.manage().apply(other), "query", name(t, other), "state",
                t.message("manage_other_" + other.state().value()))).toList());
        return t.body("manage", values);
    }

    private static String doneKey(String done) {
        return switch (done) {
            case "save", "pause", "resume", "unsubscribe", "data-link", "links-later" -> "manage_done_" + done.replace('-', '_');
            default -> "manage_done";
        };
    }

    /** After an action that cancelled every link of the subscriber: @param done the action ("links-later": none mailed) */
    static String linksCancelled(PageTemplates t, String done, String token) {
        String why = t.message(switch (done) {
            case "unsubscribe" -> "links_cancelled_unsubscribe";
            case "cancel-links" -> "links_cancelled_mailed";
            default -> "links_cancelled_later";
        });
        return t.body("links-cancelled", Map.of("why", why, "offer",
                done.equals("cancel-links") ? "" : linksForm(t, token, "offer_new_links")));
    }

    private static Shown notValid(PageTemplates t, int status, Tokens.InvalidTokenException problem) {
        return shown(t, status, "not_valid_title", t.body("link-not-valid", Map.of("problem", Messages.ERRORS.get(t.language(), problem.key()))));
    }

    private static Shown shown(PageTemplates t, int status, String titleKey, String body) {
        return new Shown(status, t.message(titleKey), body);
    }
}
