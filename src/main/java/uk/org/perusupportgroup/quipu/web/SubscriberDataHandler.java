package uk.org.perusupportgroup.quipu.web;

import static uk.org.perusupportgroup.quipu.web.Html.escape;
import static uk.org.perusupportgroup.quipu.web.SubscriptionHandler.attempt;

import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;
import java.util.function.Function;
import uk.org.perusupportgroup.quipu.alert.SubscriptionService;
import uk.org.perusupportgroup.quipu.alert.Tokens;

/**
 * What the emailed data link opens: {@code /subscriptions/data} (the page), {@code /subscriptions/export} (the JSON) and
 * erasure; and {@code POST /subscriptions/links}, which emails fresh links to whoever any link of ours was made for. A
 * data link works for 24 hours and until the subscriber's links are cancelled; an older one, or a manage link, is
 * refused with an offer to email a new one.
 */
final class SubscriberDataHandler {

    private final SubscriptionService subscriptions;
    private final String siteTitle;

    SubscriberDataHandler(SubscriptionService subscriptions, String siteTitle) {
        this.subscriptions = subscriptions;
        this.siteTitle = siteTitle;
    }

    /** {@code GET /subscriptions/data?token=}: download, or erase with a ticked box. */
    void page(RoutingContext ctx) {
        withData(ctx, link -> link.alerts().get(0).email(), email -> show(ctx, 200, "Your data", dataPage(ctx, email, false)));
    }

    /** {@code GET /subscriptions/export?token=}: everything held about the subscriber, as a JSON download. */
    void export(RoutingContext ctx) {
        withData(ctx, link -> subscriptions.export(link.alerts().get(0)), json -> ctx.response()
                .putHeader("Content-Type", "application/json; charset=utf-8").putHeader("Cache-Control", "no-store")
                .putHeader("Content-Disposition", "attachment; filename=\"peru-support-group-alerts.json\"")
                .end(json.encodePrettily() + "\n"));
    }

    /** {@code POST /subscriptions/data?token=}: erases the subscriber once the box is ticked. */
    void erase(RoutingContext ctx) {
        if (!"yes".equals(ctx.request().getFormAttribute("sure"))) {
            withData(ctx, link -> link.alerts().get(0).email(), email -> show(ctx, 400, "Your data", dataPage(ctx, email, true)));
            return;
        }
        withData(ctx, link -> {
            subscriptions.erase(link.alerts().get(0));
            return true;
        }, erased -> show(ctx, 200, "Erased", "<h1>Everything is erased</h1>\n<p>Your address and alerts are gone. We keep"
                + " only a one-way code of the address with the dates you consented, withdrew and were erased, as the law"
                + " asks, and nothing that names you.</p>"));
    }

    private static String dataPage(RoutingContext ctx, String email, boolean unsure) {
        return SubscriptionPages.data(email, "/subscriptions/export?token=" + ctx.request().getParam("token"),
                ctx.request().uri(), unsure);
    }

    /** {@code POST /subscriptions/links?token=}: any link of ours, even expired or cancelled; the mail goes to its owner. */
    void sendLinks(RoutingContext ctx) {
        String token = ctx.request().getParam("token");
        Blocking.run(ctx, () -> attempt(() -> subscriptions.sendLinks(token)), result -> {
            if (result.problem().isPresent()) {
                refuse(ctx, result.problem().get());
            } else if (result.value().isEmpty()) {
                gone(ctx);
            } else {
                show(ctx, 202, "Check your inbox", "<h1>Check your inbox</h1>\n<p>" + escape(result.value().get()
                        ? "A message with new links is on its way to the address this link was sent to. The link to your"
                        + " data in it works for 24 hours."
                        : "That address has had today's share of messages with links; the last one still works for 24 hours"
                        + " after it was sent. Please ask again tomorrow.") + "</p>");
            }
        });
    }

    /** Does {@code work} with what a current data link opens and answers with {@code respond}, or answers why not. */
    private <T> void withData(RoutingContext ctx, Function<SubscriptionService.Link, T> work, Consumer<T> respond) {
        String token = ctx.request().getParam("token");
        Blocking.run(ctx, () -> attempt(() -> subscriptions.open(token, Tokens.Purpose.DATA).map(work)), result -> {
            if (result.problem().isPresent()) {
                refuse(ctx, result.problem().get());
            } else if (result.value().isEmpty()) {
                gone(ctx);
            } else {
                respond.accept(result.value().get());
            }
        });
    }

    private void refuse(RoutingContext ctx, Tokens.InvalidTokenException problem) {
        SubscriptionPages.Shown shown = SubscriptionPages.refusal(problem, ctx.request().getParam("token"), true);
        show(ctx, shown.status(), shown.title(), shown.body());
    }

    private void gone(RoutingContext ctx) {
        show(ctx, 410, "Nothing held", "<h1>We hold nothing for this link</h1>\n<p>Its address and alerts were erased, or"
                + " the request lapsed unconfirmed. You can <a href=\"/subscribe\">sign up again</a>.</p>");
    }

    private void show(RoutingContext ctx, int status, String title, String body) {
        Html.send(ctx, status, Html.page(siteTitle, title, "", body));
    }
}
