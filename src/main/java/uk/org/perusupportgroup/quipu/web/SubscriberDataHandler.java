package uk.org.perusupportgroup.quipu.web;

import static uk.org.perusupportgroup.quipu.web.AlertHandler.attempt;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import uk.org.perusupportgroup.quipu.alert.AlertService;
import uk.org.perusupportgroup.quipu.alert.Tokens;
import uk.org.perusupportgroup.quipu.article.FieldError;

/**
 * What the emailed data link opens: {@code /subscriptions/data} (the page), {@code /subscriptions/export} (the JSON) and
 * erasure; and {@code POST /subscriptions/links}, which emails fresh links to whoever any link of ours was made for. A
 * data link works for 24 hours and until the subscriber's links are cancelled; an older one, or a manage link, is
 * refused with an offer to email a new one.
 */
final class SubscriberDataHandler {

    private final AlertService service;
    private final String siteTitle;

    SubscriberDataHandler(AlertService service, String siteTitle) {
        this.service = service;
        this.siteTitle = siteTitle;
    }

    /** {@code GET /subscriptions/data?token=}: download, or erase with a ticked box. */
    void page(RoutingContext ctx) {
        withData(ctx, link -> link.alerts().get(0).email(), email -> page(ctx, 200, "data_title", dataPage(ctx, email, false)));
    }

    /** {@code GET /subscriptions/export?token=}: everything held about the subscriber, as a JSON download. */
    void export(RoutingContext ctx) {
        withData(ctx, link -> service.export(link.alerts().get(0)), json -> ctx.response()
                .putHeader("Content-Type", "application/json; charset=utf-8").putHeader("Cache-Control", "no-store")
                .putHeader("Content-Disposition", "attachment; filename=\"peru-support-group-alerts.json\"")
                .end(json.encodePrettily() + "\n"));
    }

    /** {@code POST /subscriptions/data?token=}: erases the subscriber once the box is ticked. */
    void erase(RoutingContext ctx) {
        if (!"yes".equals(ctx.request().getFormAttribute("sure"))) {
            withData(ctx, link -> link.alerts().get(0).email(), email -> show(ctx, 400, AlertPages.title(PageTemplates.of(ctx), "data_title",
                    List.of(new FieldError("sure", PageTemplates.of(ctx).message("data_unsure")))), dataPage(ctx, email, true)));
            return;
        }
        withData(ctx, link -> {
            service.erase(link.alerts().get(0));
            return true;
        }, erased -> page(ctx, 200, "erased_title", PageTemplates.of(ctx).body("erased", Map.of())));
    }

    private static String dataPage(RoutingContext ctx, String email, boolean unsure) {
        PageTemplates t = PageTemplates.of(ctx);
        return t.body("data", Map.of("email", email, "export", "/subscriptions/export?token="
                + ctx.request().getParam("token"), "self", ctx.request().uri(), "unsure", unsure));
    }

    /** {@code POST /subscriptions/links?token=}: any link of ours, even expired or cancelled; the mail goes to its owner. */
    void sendLinks(RoutingContext ctx) {
        String token = ctx.request().getParam("token");
        Blocking.run(ctx, () -> attempt(() -> service.sendLinks(token)), result -> {
            if (result.problem().isPresent()) {
                refuse(ctx, result.problem().get());
            } else if (result.value().isEmpty()) {
                gone(ctx);
            } else {
                page(ctx, 202, "inbox_title", PageTemplates.of(ctx).body("links-sent", Map.of("queued", result.value().get())));
            }
        });
    }

    /** Does {@code work} with what a current data link opens and answers with {@code respond}, or answers why not. */
    private <T> void withData(RoutingContext ctx, Function<AlertService.Link, T> work, Consumer<T> respond) {
        String token = ctx.request().getParam("token");
        Blocking.run(ctx, () -> attempt(() -> service.open(token, Tokens.Purpose.DATA).map(work)), result -> {
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
        AlertPages.Shown shown = AlertPages.refusal(PageTemplates.of(ctx), problem, ctx.request().getParam("token"), true);
        show(ctx, shown.status(), shown.title(), shown.body());
    }

    private void gone(RoutingContext ctx) {
        page(ctx, 410, "gone_title", PageTemplates.of(ctx).body("nothing-held", Map.of()));
    }

    /** A page from the templates: its status, the bundle key of its title, and its body. */
    private void page(RoutingContext ctx, int status, String titleKey, String body) {
        Html.send(ctx, status, PageTemplates.of(ctx).page(siteTitle, titleKey, body));
    }

    private void show(RoutingContext ctx, int status, String title, String body) {
        Html.send(ctx, status, PageTemplates.of(ctx).frame(siteTitle, title, "", body));
    }
}
