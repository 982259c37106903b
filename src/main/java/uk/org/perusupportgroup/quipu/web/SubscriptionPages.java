package uk.org.perusupportgroup.quipu.web;

import static uk.org.perusupportgroup.quipu.web.Html.escape;

import java.util.List;
import java.util.Map;
import uk.org.perusupportgroup.quipu.alert.SubscriptionService;
import uk.org.perusupportgroup.quipu.alert.Tokens;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.FieldError;
import uk.org.perusupportgroup.quipu.article.Frequency;
import uk.org.perusupportgroup.quipu.article.Subscription;
import uk.org.perusupportgroup.quipu.article.Term;
import uk.org.perusupportgroup.quipu.article.Vocabulary;

/** The HTML of the sign-up form and the subscriber's pages: plain forms, no JavaScript. */
final class SubscriptionPages {

    static final Map<Frequency, String> FREQUENCY_NAMES = Map.of(Frequency.IMMEDIATE, "As it happens (at most a few a day)",
            Frequency.DAILY, "Daily digest", Frequency.WEEKLY, "Weekly digest", Frequency.MONTHLY, "Monthly digest");

    private SubscriptionPages() {}

    /** The alert fields, filled with {@code form}'s values, each problem shown beside its field. */
    static String fields(SubscriptionService.Form form, List<FieldError> errors, Vocabulary vocabulary, boolean withEmail) {
        StringBuilder out = new StringBuilder();
        if (!errors.isEmpty()) {
            out.append("<p class=\"error\" role=\"alert\">Please correct ").append(errors.size() == 1 ? "the problem" : "the "
                    + errors.size() + " problems").append(" below.</p>\n");
        }
        if (withEmail) {
            out.append("<label for=\"email\">Your email address</label>\n").append(error(errors, "email"))
                    .append("<input type=\"email\" id=\"email\" name=\"email\" required maxlength=\"254\" autocomplete=\"email\" value=\"")
                    .append(escape(form.email())).append("\">\n");
        }
        out.append("<label for=\"query\">Alert me about</label>\n").append(error(errors, "query"))
                .append("<input type=\"text\" id=\"query\" name=\"query\" required maxlength=\"500\" value=\"")
                .append(escape(form.query())).append("\" aria-describedby=\"query-help\">\n")
                .append("<p id=\"query-help\" class=\"meta\">Words must all appear; <code>\"exact phrase\"</code>; <code>OR</code>"
                        + " between alternatives; <code>-word</code> to exclude; parentheses to group. Accents and case do not"
                        + " matter: <code>\"las bambas\" OR apurímac</code>.</p>\n");
        out.append(checkboxes("topics", "Only these topics (none ticked: any topic)", vocabulary.terms(Facet.TOPIC), form.topics(), errors));
        out.append(checkboxes("regions", "Only these regions (none ticked: anywhere)", vocabulary.terms(Facet.REGION), form.regions(), errors));
        out.append("<fieldset><legend>How often</legend>").append(error(errors, "frequency"));
        String frequency = form.frequency() == null || form.frequency().isBlank() ? "daily" : form.frequency();
        for (Frequency each : Frequency.values()) {
            out.append("<label><input type=\"radio\" name=\"frequency\" value=\"").append(each.value()).append('"')
                    .append(each.value().equals(frequency) ? " checked" : "").append("> ").append(FREQUENCY_NAMES.get(each))
                    .append("</label>\n");
        }
        out.append("</fieldset>\n<fieldset><legend>Language of the emails</legend>").append(error(errors, "language"));
        String language = form.language() == null || form.language().isBlank() ? "en" : form.language();
        out.append(radio("language", "en", "English", language)).append(radio("language", "es", "Español", language))
                .append("</fieldset>\n");
        return out.toString();
    }

    private static String radio(String name, String value, String label, String current) {
        return "<label><input type=\"radio\" name=\"" + name + "\" value=\"" + value + "\"" + (value.equals(current) ? " checked" : "")
                + "> " + label + "</label>\n";
    }

    private static String checkboxes(String name, String legend, List<Term> terms, List<String> checked, List<FieldError> errors) {
        StringBuilder out = new StringBuilder("<fieldset><legend>").append(escape(legend)).append("</legend>")
                .append(error(errors, name));
        for (Term term : terms) {
            out.append("<label><input type=\"checkbox\" name=\"").append(name).append("\" value=\"").append(term.slug()).append('"')
                    .append(checked != null && checked.contains(term.slug()) ? " checked" : "").append("> ")
                    .append(escape(term.nameEn())).append("</label>\n");
        }
        return out.append("</fieldset>\n").toString();
    }

    static String error(List<FieldError> errors, String field) {
        StringBuilder out = new StringBuilder();
        for (FieldError error : errors) {
            if (error.field().equals(field)) {
                out.append("<p class=\"error\" id=\"").append(field).append("-error\">").append(escape(error.message())).append("</p>\n");
            }
        }
        return out.toString();
    }

    /** The sign-up form. */
    static String signUp(SubscriptionService.Form form, List<FieldError> errors, Vocabulary vocabulary) {
        return "<h1>Email alerts</h1>\n<p>Get an email when the Peru Support Group or its partners publish news that"
                + " matches your words. You will be asked to confirm by email first.</p>\n"
                + "<form method=\"post\" action=\"/subscriptions\">\n" + fields(form, errors, vocabulary, true)
                + "<p class=\"meta\" id=\"consent\">" + escape(SubscriptionService.CONSENT.get("en")) + "</p>\n"
                + "<p><button type=\"submit\">Subscribe</button> "
                + "<button type=\"submit\" formaction=\"/subscriptions/preview\" formnovalidate>"
                + "Preview matching articles</button></p>\n</form>\n";
    }

    /** A short description of an alert. */
    static String describe(Subscription subscription) {
        StringBuilder out = new StringBuilder("<p><strong>").append(escape(subscription.query())).append("</strong>");
        if (!subscription.topics().isEmpty()) {
            out.append("<br>Topics: ").append(escape(String.join(", ", subscription.topics())));
        }
        if (!subscription.regions().isEmpty()) {
            out.append("<br>Regions: ").append(escape(String.join(", ", subscription.regions())));
        }
        return out.append("<br>").append(escape(FREQUENCY_NAMES.get(subscription.frequency()))).append(" · ")
                .append(subscription.language().equals("es") ? "Español" : "English").append("</p>\n").toString();
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

    /** The manage page's end: a data link by email, and "Cancel all my links". @param self the manage page's address */
    static String dataAndLinks(String self) {
        return PageTemplates.body("data-and-links", Map.of("self", self));
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

    /** A page with one button that posts back to the same URL. */
    static String button(String heading, String text, String action, String label) {
        return "<h1>" + escape(heading) + "</h1>\n" + text + "<form method=\"post\" action=\"" + escape(action) + "\">"
                + "<p><button type=\"submit\">" + escape(label) + "</button></p></form>\n";
    }
}
