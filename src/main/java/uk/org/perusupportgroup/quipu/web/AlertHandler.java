package uk.org.perusupportgroup.quipu.web;

import uk.org.perusupportgroup.quipu.text.Messages;
import uk.org.perusupportgroup.quipu.article.Language;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import uk.org.perusupportgroup.quipu.alert.Alerts;
import uk.org.perusupportgroup.quipu.alert.AlertService;
import uk.org.perusupportgroup.quipu.alert.Tokens;
import uk.org.perusupportgroup.quipu.article.FieldError;
import uk.org.perusupportgroup.quipu.subscriber.Alert;
import uk.org.perusupportgroup.quipu.article.Vocabulary;
import uk.org.perusupportgroup.quipu.store.AlertStore;

/**
 * Sign-up and the subscriber's pages: {@code POST /subscriptions} (form or JSON), and the confirm, manage and
 * unsubscribe pages reached by signed token links. A GET only shows a page with a button; a POST acts.
 * {@code POST /subscriptions/unsubscribe} acts at once, as RFC 8058 one-click unsubscription requires.
 */
final class AlertHandler {

    private final Alerts alerts;
    private final Vocabulary vocabulary;
    private final String siteTitle;

    AlertHandler(Alerts alerts, Vocabulary vocabulary, String siteTitle) {
        this.alerts = alerts;
        this.vocabulary = vocabulary;
        this.siteTitle = siteTitle;
    }

    void form(RoutingContext ctx) {
        if (disabled(ctx)) {
            return;
        }
        // a topic or region page links here with its filter ticked: /subscribe?topics=environment
        AlertService.Form given = SearchHandler.form(ctx);
        page(ctx, 200, "email_alerts_title", AlertPages.signUp(PageTemplates.of(ctx), new AlertService.Form(
                Objects.requireNonNullElse(given.email(), ""), Objects.requireNonNullElse(given.query(), ""), given.topics(),
                given.regions(), Objects.requireNonNullElse(given.frequency(), "daily"),
                Objects.requireNonNullElse(given.language(), Language.of(ctx.normalizedPath()).code())), List.of(), vocabulary));
    }

    /** {@code POST /subscriptions}: 202 whether or not the address is known; 429 past the hourly allowance. */
    void subscribe(RoutingContext ctx) {
        if (disabled(ctx)) {
            return;
        }
        boolean json = isJson(ctx);
        String ip = client(ctx);
        Optional<Duration> wait = alerts.limiter().acquire(ip);
        if (wait.isPresent()) {
            tooMany(ctx, json, wait.get());
            return;
        }
        // then the allowance every instance counts together, in the database
        Blocking.run(ctx, () -> alerts.limiter().acquireShared(ip), sharedWait -> {
            if (sharedWait.isPresent()) {
                tooMany(ctx, json, sharedWait.get());
            } else {
                request(ctx, json, ip);
            }
        });
    }

    private void tooMany(RoutingContext ctx, boolean json, Duration wait) {
        long seconds = Math.max(1, wait.toSeconds());
        ctx.response().putHeader("Retry-After", Long.toString(seconds));
        refuse(ctx, json, 429, seconds >= 120 ? tryAgain(ctx, "not_now_too_many", seconds / 60, "not_now_minutes")
                : tryAgain(ctx, "not_now_too_many", seconds, "not_now_seconds"), List.of());
    }

    /** A refusal of the bundle that ends "try again in", then when: {@code n} of the bundle's {@code unitKey}. */
    private static String tryAgain(RoutingContext ctx, String key, long n, String unitKey) {
        PageTemplates t = PageTemplates.of(ctx);
        return t.message(key) + " " + n + " " + t.message(unitKey);
    }

    /** What a sign-up came to: its problems, or a pause of every sign-up. */
    private record Requested(List<FieldError> errors, Optional<Duration> paused) {}

    private void request(RoutingContext ctx, boolean json, String ip) {
        AlertService.Form form;
        try {
            form = json ? jsonForm(ctx) : formOf(ctx);
        } catch (IllegalArgumentException e) {
            refuse(ctx, true, 400, e.getMessage(), List.of());
            return;
        }
        Blocking.run(ctx, () -> {
            Optional<Duration> paused = alerts.service().confirmationsPaused();
            return paused.isPresent() ? new Requested(List.of(), paused)
                    : new Requested(errors(() -> alerts.service().request(form, ip, json)), Optional.empty());
        }, requested -> {
            List<FieldError> errors = requested.errors();
            if (requested.paused().isPresent()) {
                long minutes = requested.paused().get().toMinutes();
                ctx.response().putHeader("Retry-After", Long.toString(requested.paused().get().toSeconds()));
                refuse(ctx, json, 503, tryAgain(ctx, "not_now_paused", minutes, "not_now_minutes"), List.of());
                return;
            }
            if (!errors.isEmpty()) {
                if (json) {
                    refuse(ctx, true, 400, errors.size() == 1 ? Messages.ERRORS.get("signup_invalid_one")
                            : Messages.ERRORS.get("signup_invalid", Map.of("count", errors.size())), errors);
                } else {
                    PageTemplates t = PageTemplates.of(ctx);
                    Html.send(ctx, 400, t.frame(siteTitle, AlertPages.title(t, "email_alerts_title", errors), "",
                            AlertPages.signUp(t, form, errors, vocabulary)));
                }
                return;
            }
            PageTemplates t = PageTemplates.of(ctx);
            String message = t.message("signup_sent_if") + " " + form.email().strip() + " " + t.message("signup_sent_on_its_way");
            if (json) {
                ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                        .end(new JsonObject().put("status", "pending confirmation").put("message", message).encodePrettily() + "\n");
            } else {
                templated(ctx, 202, "signup_sent_title", "signup-sent", Map.of("message", message));
            }
        });
    }

    /** The problems of an action that may refuse its input; none when it went through. */
    private static List<FieldError> errors(Runnable action) {
        try {
            action.run();
            return List.of();
        } catch (AlertService.InvalidException e) {
            return e.errors();
        }
    }

    void confirmPage(RoutingContext ctx) {
        withToken(ctx, Tokens.Purpose.CONFIRM, alert -> AlertPages.confirm(PageTemplates.of(ctx), alert, ctx.request().uri(), vocabulary));
    }

    void confirm(RoutingContext ctx) {
        String token = ctx.request().getParam("token");
        String ip = client(ctx);
        Blocking.run(ctx, () -> attempt(() -> alerts.service().confirm(token, ip)), result -> {
            if (result.problem().isPresent()) {
                tokenProblem(ctx, result.problem().get());
                return;
            }
            Optional<AlertStore.Confirmation> confirmation = result.value().outcome();
            if (confirmation.isEmpty() || confirmation.get() == AlertStore.Confirmation.ENDED) {
                templated(ctx, 410, "alert_ended_title", "alert-ended", Map.of());
            } else if (confirmation.get() == AlertStore.Confirmation.EXPIRED) {
                templated(ctx, 410, "confirm_expired_title", "confirm-expired", Map.of());
            } else {
                Alert alert = result.value().alert().orElseThrow();
                templated(ctx, 200, "alert_on_title", "alert-on", Map.of("manage", alerts.composer().manageUrl(alert)));
            }
        });
    }

    /** The page of an unsubscribe link: one alert, or (from a message listing several) every alert of the subscriber. */
    void unsubscribePage(RoutingContext ctx) {
        String token = ctx.request().getParam("token");
        Blocking.run(ctx, () -> attempt(() -> alerts.service().open(token, Tokens.Purpose.UNSUBSCRIBE,
                Tokens.Purpose.UNSUBSCRIBE_ALL)), result -> {
            if (result.problem().isPresent()) {
                tokenProblem(ctx, result.problem().get());
                return;
            }
            boolean all = result.value().map(link -> link.alert().isEmpty()).orElse(false);
            List<Alert> live = result.value().map(link -> link.alert().map(List::of).orElse(link.alerts())).orElse(List.of())
                    .stream().filter(s -> s.state() != Alert.State.UNSUBSCRIBED).toList();
            show(ctx, AlertPages.unsubscribe(PageTemplates.of(ctx), live, all, ctx.request().uri(), vocabulary));
        });
    }

    /**
     * One click: acts at once (RFC 8058); the body, if any, is not needed. The answer links to the manage page unless
     * the unsubscription cancelled the subscriber's links (nothing left subscribed).
     */
    void unsubscribe(RoutingContext ctx) {
        String token = ctx.request().getParam("token");
        String ip = client(ctx);
        AlertService service = alerts.service();
        Tokens.Purpose[] purposes = {Tokens.Purpose.UNSUBSCRIBE, Tokens.Purpose.UNSUBSCRIBE_ALL};
        // a mail program's one-click POST says so in its body (RFC 8058); the page's button sends nothing
        String how = "One-Click".equals(ctx.request().getFormAttribute("List-Unsubscribe")) ? AlertService.ONE_CLICK
                : AlertService.BY_PAGE;
        Blocking.run(ctx, () -> attempt(() -> {
            Optional<AlertService.Link> link = service.open(token, purposes);
            link.ifPresent(l -> l.alert().ifPresentOrElse(alert -> service.unsubscribe(alert.id(), ip, how),
                    () -> service.unsubscribeAll(l.subscriberId(), ip, how)));
            return new Unsubscribed(link.map(l -> l.alert().isEmpty()).orElse(false), after(service, token, purposes));
        }), result -> {
            if (result.problem().isPresent()) {
                tokenProblem(ctx, result.problem().get());
                return;
            }
            Unsubscribed done = result.value();
            show(ctx, AlertPages.unsubscribed(PageTemplates.of(ctx), done.all(), done.after().cancelled(), token, done.after().link()
                    .flatMap(AlertService.Link::alert).map(alerts.composer()::manageUrl)));
        });
    }

    private record Unsubscribed(boolean all, After after) {}

    /** What a link opens after an action, which may have cancelled it. */
    private record After(Optional<AlertService.Link> link, boolean cancelled) {}

    private static After after(AlertService service, String token, Tokens.Purpose... purposes) {
        try {
            return new After(service.open(token, purposes), false);
        } catch (Tokens.InvalidTokenException e) {
            return new After(Optional.empty(), e.refusal() == Tokens.Refusal.CANCELLED);
        }
    }

    void manage(RoutingContext ctx) {
        String token = ctx.request().getParam("token");
        Blocking.run(ctx, () -> attempt(() -> alerts.service().open(token, Tokens.Purpose.MANAGE)
                .map(link -> new Managed(link.alert().orElseThrow(), link.alerts()))), result -> {
            if (result.problem().isPresent()) {
                tokenProblem(ctx, result.problem().get());
            } else if (result.value().isEmpty()) {
                gone(ctx);
            } else {
                Managed managed = result.value().get();
                page(ctx, 200, "manage_title", managePage(PageTemplates.of(ctx), managed, formOf(managed.alert()), List.of(),
                        ctx.request().getParam("done")));
            }
        });
    }

    private record Managed(Alert alert, List<Alert> all) {}

    void change(RoutingContext ctx) {
        String token = ctx.request().getParam("token");
        String action = Optional.ofNullable(ctx.request().getFormAttribute("action")).orElse("");
        if (action.equals("erase")) {
            // erasure needs the emailed data link, not a manage link that may sit in an old or forwarded email
            show(ctx, AlertPages.dataLinkNeeded(PageTemplates.of(ctx), token));
            return;
        }
        AlertService.Form form = formOf(ctx);
        PageTemplates t = PageTemplates.of(ctx);
        boolean plain = "on".equals(ctx.request().getFormAttribute("plain_text"));
        String ip = client(ctx);
        AlertService service = alerts.service();
        Blocking.run(ctx, () -> attempt(() -> service.open(token, Tokens.Purpose.MANAGE).map(link -> {
            long id = link.alert().orElseThrow().id();
            List<FieldError> errors = List.of();
            String done = action;
            switch (action) {
                case "save" -> errors = errors(() -> service.edit(id, form, plain, ip));
                case "pause" -> errors = errors(() -> service.pause(id, true, ip));
                case "resume" -> errors = errors(() -> service.pause(id, false, ip));
                case "unsubscribe" -> errors = errors(() -> service.unsubscribe(id, ip));
                case "data-link" -> done = service.sendLinks(link.subscriberId()) ? done : "links-later";
                case "cancel-links" -> done = service.cancelLinks(link.subscriberId()) ? done : "links-later";
                default -> errors = List.of(new FieldError("action", t.message("manage_unknown_action") + " '"
                        + action + "'"));
            }
            return new Change(after(service, token, Tokens.Purpose.MANAGE), errors, done);
        })), result -> {
            if (result.problem().isPresent()) {
                tokenProblem(ctx, result.problem().get());
            } else if (result.value().isEmpty()) {
                gone(ctx);
            } else if (result.value().get().after().cancelled()) {
                page(ctx, 200, "links_cancelled_title", AlertPages.linksCancelled(t, result.value().get().done(), token));
            } else if (result.value().get().after().link().isEmpty()) {
                gone(ctx);
            } else {
                Change change = result.value().get();
                AlertService.Link link = change.after().link().get();
                Managed managed = new Managed(link.alert().orElseThrow(), link.alerts());
                if (change.errors().isEmpty()) {
                    ctx.response().setStatusCode(303).putHeader("Location", t.path("/subscriptions/manage") + "?token=" + token + "&done="
                            + change.done()).end();
                } else {
                    Html.send(ctx, 400, t.frame(siteTitle, AlertPages.title(t, "manage_title", change.errors()), "",
                            managePage(t, managed, "save".equals(action) ? form : formOf(managed.alert()), change.errors(), null)));
                }
            }
        });
    }

    /** @param done what was done, for the page that follows */
    private record Change(After after, List<FieldError> errors, String done) {}

    /** {@code GET /api/subscriptions}: counts by state and of the outbox; never an address. */
    void counts(RoutingContext ctx) {
        Blocking.run(ctx, () -> {
            JsonObject states = new JsonObject();
            alerts.service().counts().forEach((state, n) -> states.put(state.value(), n));
            JsonObject outbox = new JsonObject();
            alerts.deliveries().outboxCounts().forEach(outbox::put);
            return new JsonObject().put("enabled", alerts.enabled()).put("subscriptions", states).put("outbox", outbox);
        }, body -> ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                .end(body.encodePrettily() + "\n"));
    }

    // --- pages ---------------------------------------------------------------------------------------

    private String managePage(PageTemplates t, Managed managed, AlertService.Form form, List<FieldError> errors, String done) {
        Alert s = managed.alert();
        String self = t.path("/subscriptions/manage") + "?token=" + alerts.service().tokens().sign(Tokens.Purpose.MANAGE, s.id(),
                s.linkVersion());
        return AlertPages.manage(t, s, managed.all(), AlertPages.fields(t, form, errors, vocabulary, false), done,
                new AlertPages.ManageLinks(self, alerts.composer().feedUrl(s), alerts.composer()::manageUrl));
    }

    private static AlertService.Form formOf(Alert s) {
        return new AlertService.Form(s.email(), s.query(), s.topics(), s.regions(), s.frequency().value(), s.language());
    }

    private static AlertService.Form formOf(RoutingContext ctx) {
        var attributes = ctx.request().formAttributes();
        return new AlertService.Form(attributes.get("email"), attributes.get("query"), attributes.getAll("topics"),
                attributes.getAll("regions"), attributes.get("frequency"), attributes.get("language"));
    }

    private static AlertService.Form jsonForm(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException(Messages.ERRORS.get("signup_not_object", Map.of("detail", e.getMessage())));
        }
        if (body == null) {
            throw new IllegalArgumentException(Messages.ERRORS.get("signup_empty"));
        }
        return new AlertService.Form(string(body, "email"), string(body, "query"), strings(body, "topics"),
                strings(body, "regions"), string(body, "frequency"), string(body, "language"));
    }

    private static String string(JsonObject body, String key) {
        Object value = body.getValue(key);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException(Messages.ERRORS.get("signup_not_string", Map.of("field", key)));
        }
        return (String) value;
    }

    private static List<String> strings(JsonObject body, String key) {
        Object value = body.getValue(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array) || array.stream().anyMatch(item -> !(item instanceof String))) {
            throw new IllegalArgumentException(Messages.ERRORS.get("signup_not_slugs", Map.of("field", key)));
        }
        List<String> out = new ArrayList<>();
        array.forEach(item -> out.add((String) item));
        return out;
    }

    private static boolean isJson(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
    }

    /** The client's address as the server saw it. */
    private static String client(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
    }

    private boolean disabled(RoutingContext ctx) {
        if (alerts.enabled()) {
            return false;
        }
        refuse(ctx, isJson(ctx), 503, PageTemplates.of(ctx).message("not_now_switched_off"), List.of());
        return true;
    }

    private void refuse(RoutingContext ctx, boolean json, int status, String message, List<FieldError> errors) {
        if (json) {
            ErrorResponder.send(ctx, new Problem(status, message, errors));
        } else {
            templated(ctx, status, "email_alerts_title", "not-now", Map.of("message", message));
        }
    }

    /** A value, or the problem with the token that was to lead to it. */
    record Attempt<T>(T value, Optional<Tokens.InvalidTokenException> problem) {}

    static <T> Attempt<T> attempt(Callable<T> work) throws Exception {
        try {
            return new Attempt<>(work.call(), Optional.empty());
        } catch (Tokens.InvalidTokenException e) {
            return new Attempt<>(null, Optional.of(e));
        }
    }

    /** Shows the page {@code render} makes of the token's alert. */
    private void withToken(RoutingContext ctx, Tokens.Purpose purpose, Function<Alert, AlertPages.Shown> render) {
        String token = ctx.request().getParam("token");
        Blocking.run(ctx, () -> attempt(() -> alerts.service().find(purpose, token)), result -> {
            if (result.problem().isPresent()) {
                tokenProblem(ctx, result.problem().get());
            } else if (result.value().isEmpty()) {
                gone(ctx);
            } else if (!ctx.response().ended()) {
                show(ctx, render.apply(result.value().get()));
            }
        });
    }

    private void tokenProblem(RoutingContext ctx, Tokens.InvalidTokenException problem) {
        show(ctx, AlertPages.refusal(PageTemplates.of(ctx), problem, ctx.request().getParam("token"), false));
    }

    private void show(RoutingContext ctx, AlertPages.Shown shown) {
        Html.send(ctx, shown.status(), PageTemplates.of(ctx).frame(siteTitle, shown.title(), "", shown.body()));
    }

    private void gone(RoutingContext ctx) {
        templated(ctx, 410, "alert_gone_title", "alert-gone", Map.of());
    }

    /** A page whose body is the template {@code name}, titled with the bundle's {@code titleKey}. */
    private void templated(RoutingContext ctx, int status, String titleKey, String name, Map<String, ?> values) {
        page(ctx, status, titleKey, PageTemplates.of(ctx).body(name, values));
    }

    /** A page titled with the bundle's {@code titleKey}. */
    private void page(RoutingContext ctx, int status, String titleKey, String body) {
        Html.send(ctx, status, PageTemplates.of(ctx).page(siteTitle, titleKey, body));
    }
}
