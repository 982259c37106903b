package uk.org.perusupportgroup.quipu.alert;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import uk.org.perusupportgroup.quipu.article.Language;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.subscriber.Frequency;
import uk.org.perusupportgroup.quipu.article.StoredArticle;
import uk.org.perusupportgroup.quipu.subscriber.Alert;
import uk.org.perusupportgroup.quipu.mail.MailMessage;
import uk.org.perusupportgroup.quipu.mail.Template;
import uk.org.perusupportgroup.quipu.publish.SiteLinks;
import uk.org.perusupportgroup.quipu.store.DeliveryStore;

/**
 * Writes the confirmation, alert, digest and links emails from the templates in {@code /templates/mail/}, in the subscriber's
 * language (English or Spanish): text/plain, plus text/html unless the subscriber prefers plain text. Every link is a
 * direct link on base-url (no tracking, no redirects); alert messages carry List-Unsubscribe (one click, RFC 8058),
 * List-Id and Auto-Submitted.
 */
public final class AlertComposer {

    private static final Map<String, Map<Frequency, String>> FREQUENCIES = Map.of(
            "en", Map.of(Frequency.IMMEDIATE, "as it happens", Frequency.DAILY, "daily", Frequency.WEEKLY, "weekly",
                    Frequency.MONTHLY, "monthly"),
            "es", Map.of(Frequency.IMMEDIATE, "al momento", Frequency.DAILY, "diaria", Frequency.WEEKLY, "semanal",
                    Frequency.MONTHLY, "mensual"));
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final SiteLinks links;
    private final Tokens tokens;
    private final String from;
    private final String listId;
    private final Function<String, String> sourceName;
    private final Optional<String> bounceAddress;
    private final Map<String, Template> templates = new HashMap<>();

    /** @param sourceName partner source id → its name, for "via …" */
    public AlertComposer(SiteLinks links, Tokens tokens, String from, Function<String, String> sourceName) {
        this(links, tokens, from, sourceName, Optional.empty());
    }

    /**
     * @param bounceAddress {@code mail.bounces.address}: when present, each message's envelope sender is that address
     *     with the subscriber's {@linkplain Tokens#bounceToken bounce token} after a {@code +} (VERP)
     */
    public AlertComposer(SiteLinks links, Tokens tokens, String from, Function<String, String> sourceName,
            Optional<String> bounceAddress) {
        this.bounceAddress = bounceAddress;
        this.links = links;
        this.tokens = tokens;
        this.from = from;
        this.listId = "Peru Support Group alerts <alerts." + links.tagAuthority() + ">";
        this.sourceName = sourceName;
        for (String kind : List.of("confirm", "alert", "links")) {
            for (String language : Alert.LANGUAGES) {
                for (String type : List.of("txt", "html")) {
                    String name = kind + "." + language + "." + type;
                    templates.put(name, Template.load(name));
                }
            }
        }
    }

    /** The confirmation email of a request. */
    public MailMessage confirmation(DeliveryStore.Envelope envelope, Alert request) {
        String language = request.language();
        Map<String, Object> values = new HashMap<>();
        values.put("query", label(request, language));
        values.put("filters", filters(request));
        values.put("frequency", FREQUENCIES.get(language).get(request.frequency()));
        values.put("confirm_url", pages(language) + "/subscriptions/confirm?token="
                + tokens.sign(Tokens.Purpose.CONFIRM, request.id(), request.linkVersion(), request.expiresAt()));
        values.put("expires", request.expiresAt().map(at -> day(at, language)).orElse(""));
        values.put("site_url", pages(language) + "/");
        // never the query in the subject: it is whatever a stranger typed, and the subject is what an inbox shows
        String subject = language.equals("es") ? "Confirme su alerta del Peru Support Group" : "Confirm your Peru Support Group alert";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Auto-Submitted", "auto-generated");
        return message(envelope, subject, "confirm." + language, values, headers);
    }

    /**
     * An alert (one article) or a digest (several), listing which of the subscriber's alerts each matched; articles
     * withdrawn since they matched are named as such, after the others (at least one item is not withdrawn).
     */
    public MailMessage alert(DeliveryStore.Envelope envelope, List<DeliveryStore.Item> items, List<Alert> alerts) {
        String language = alerts.get(0).language();
        Map<Long, Alert> byId = alerts.stream().collect(Collectors.toMap(Alert::id, s -> s, (a, b) -> a,
                LinkedHashMap::new));
        List<Map<String, Object>> entries = new ArrayList<>();
        List<Map<String, Object>> withdrawn = new ArrayList<>();
        for (DeliveryStore.Item item : items) {
            StoredArticle stored = item.article();
            if (item.withdrawn()) {
                withdrawn.add(Map.of("title", stored.article().title(), "date", day(stored.article().published(), language)));
                continue;
            }
            Article article = stored.article();
            Map<String, Object> entry = new HashMap<>();
            entry.put("title", article.title());
            entry.put("url", article.url().map(URI::toString).orElse(pages(language) + "/articles/" + article.slug()));
            entry.put("date", day(article.published(), language));
            entry.put("via", stored.partner().map(p -> p.sources().stream().map(sourceName).collect(Collectors.joining(", ")))
                    .orElse(""));
            entry.put("summary", cut(article.summary(), 600));
            entry.put("alerts", item.alertIds().stream().filter(byId::containsKey)
                    .map(id -> label(byId.get(id), language)).collect(Collectors.joining(" · ")));
            entries.add(entry);
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (Alert alert : alerts) {
            list.add(Map.of("query", label(alert, language), "frequency", FREQUENCIES.get(language).get(alert.frequency()),
                    "manage_url", manageUrl(alert), "unsubscribe_url", unsubscribeUrl(alert)));
        }
        boolean es = language.equals("es");
        int n = entries.size();
        String subject = envelope.kind() == DeliveryStore.Kind.ALERT && n == 1
                ? (es ? "Alerta: " : "Alert: ") + cut((String) entries.get(0).get("title"), 120)
                : es ? n + (n == 1 ? " artículo nuevo" : " artículos nuevos") + " para sus alertas"
                : n + (n == 1 ? " new article" : " new articles") + " for your alerts";
        String intro = envelope.kind() == DeliveryStore.Kind.ALERT && n == 1
                ? (es ? "Un artículo nuevo coincide con su alerta." : "A new article matches your alert.")
                : es ? (n == 1 ? "Este artículo coincide" : "Estos " + n + " artículos coinciden") + " con sus alertas desde el último correo."
                : (n == 1 ? "This article matches" : "These " + n + " articles match") + " your alerts since the last email.";
        Map<String, Object> values = new HashMap<>();
        values.put("subject", subject);
        values.put("intro", intro);
        values.put("items", entries);
        values.put("withdrawn", withdrawn);
        values.put("alerts_list", list);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("List-Id", listId);
        // one click stops what this message is made of: its one alert, or every alert of the subscriber
        headers.put("List-Unsubscribe", "<" + (alerts.size() == 1 ? unsubscribeUrl(alerts.get(0))
                : pages(language) + "/subscriptions/unsubscribe?token=" + tokens.sign(Tokens.Purpose.UNSUBSCRIBE_ALL,
                        envelope.subscriberId(), alerts.get(0).linkVersion())) + ">");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        headers.put("Auto-Submitted", "auto-generated");
        return message(envelope, subject, "alert." + language, values, headers);
    }

    /**
     * The fresh links a subscriber asked for: to manage each alert that is pending, on or paused, and to export or erase
     * their data (that one expires {@link Tokens#DATA_LINK_LIFETIME} after {@code now}).
     *
     * @param alerts every alert of the subscriber, oldest first
     */
    public MailMessage links(DeliveryStore.Envelope envelope, List<Alert> alerts, Instant now) {
        List<Alert> live = alerts.stream().filter(s -> s.state() != Alert.State.UNSUBSCRIBED).toList();
        String language = (live.isEmpty() ? alerts : live).get(0).language();
        List<Map<String, Object>> list = new ArrayList<>();
        for (Alert alert : live) {
            list.add(Map.of("query", label(alert, language), "manage_url", manageUrl(alert)));
        }
        Instant expires = now.plus(Tokens.DATA_LINK_LIFETIME);
        Map<String, Object> values = new HashMap<>();
        values.put("alerts_list", list);
        values.put("data_url", pages(language) + "/subscriptions/data?token=" + tokens.sign(Tokens.Purpose.DATA,
                envelope.subscriberId(), alerts.get(0).linkVersion(), Optional.of(expires)));
        values.put("expires", moment(expires, language));
        values.put("site_url", pages(language) + "/");
        String subject = language.equals("es") ? "Sus enlaces de alertas del Peru Support Group"
                : "Your Peru Support Group alert links";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Auto-Submitted", "auto-generated");
        return message(envelope, subject, "links." + language, values, headers);
    }

    /** Where the site's pages in {@code language} are: its Spanish pages under {@code /es}. */
    private String pages(String language) {
        return links.base() + Language.ofCode(language).prefix();
    }

    /** The alert's manage page, in the subscriber's language. */
    public String manageUrl(Alert alert) {
        return pages(alert.language()) + "/subscriptions/manage?token=" + tokens.sign(Tokens.Purpose.MANAGE, alert.id(), alert.linkVersion());
    }

    /** The private Atom feed of an alert's matches. */
    public String feedUrl(Alert alert) {
        return links.base() + "/subscriptions/feed?token=" + tokens.sign(Tokens.Purpose.FEED, alert.id(), alert.linkVersion());
    }

    /** The alert's unsubscribe page, in the subscriber's language. */
    public String unsubscribeUrl(Alert alert) {
        return pages(alert.language()) + "/subscriptions/unsubscribe?token=" + tokens.sign(Tokens.Purpose.UNSUBSCRIBE, alert.id(),
                alert.linkVersion());
    }

    private MailMessage message(DeliveryStore.Envelope envelope, String subject, String template, Map<String, Object> values,
            Map<String, String> headers) {
        String text = templates.get(template + ".txt").render(values);
        Optional<String> html = envelope.plainText() ? Optional.empty()
                : Optional.of(templates.get(template + ".html").render(values));
        MailMessage message = new MailMessage(from, List.of(envelope.email()), oneLine(subject), text, html, headers,
                envelope.messageId());
        return bounceAddress.map(address -> message.withEnvelopeFrom(envelopeFrom(address, tokens, envelope.subscriberId())))
                .orElse(message);
    }

    /** {@code local+token@domain}: the bounce address with the subscriber's bounce token (VERP). */
    static String envelopeFrom(String bounceAddress, Tokens tokens, long subscriberId) {
        int at = bounceAddress.lastIndexOf('@');
        return bounceAddress.substring(0, at) + "+" + tokens.bounceToken(subscriberId) + bounceAddress.substring(at);
    }

    /**
     * What an alert is called in its emails: its words; for one with none, "all news", on its topics and regions when it
     * has any.
     */
    static String label(Alert alert, String language) {
        if (!alert.query().isBlank()) {
            return alert.query();
        }
        boolean es = "es".equals(language);
        String filters = filters(alert);
        return (es ? "todas las noticias" : "all news") + (filters.isEmpty() ? "" : (es ? " sobre " : " on ") + filters);
    }

    private static String filters(Alert alert) {
        List<String> all = new ArrayList<>(alert.topics());
        all.addAll(alert.regions());
        return String.join(", ", all);
    }

    private static String day(Instant instant, String language) {
        Locale locale = language.equals("es") ? Locale.forLanguageTag("es") : Locale.UK;
        String pattern = language.equals("es") ? "d 'de' MMMM 'de' yyyy" : "d MMMM yyyy";
        return DateTimeFormatter.ofPattern(pattern, locale).withZone(LONDON).format(instant);
    }

    /** A day and time, London time, for the end of a link's life. */
    private static String moment(Instant instant, String language) {
        Locale locale = language.equals("es") ? Locale.forLanguageTag("es") : Locale.UK;
        String pattern = language.equals("es") ? "d 'de' MMMM 'de' yyyy, HH:mm '(hora de Londres)'" : "d MMMM yyyy, HH:mm '(London time)'";
        return DateTimeFormatter.ofPattern(pattern, locale).withZone(LONDON).format(instant);
    }

    private static String cut(String text, int length) {
        String flat = text.strip();
        return flat.length() <= length ? flat : flat.substring(0, length - 1).stripTrailing() + "…";
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\u0000]+", " ");
    }
}
