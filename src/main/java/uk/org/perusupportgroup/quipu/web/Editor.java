package uk.org.perusupportgroup.quipu.web;

import io.vertx.ext.web.RoutingContext;

/** Who a staff action is recorded as (an article's revisions, why it was deleted). */
final class Editor {

    /** The request's signed-in staff member's name, put there by the staff sign-in. */
    static final String KEY = "quipu.staff";
    /** The admin API's requests: the token names nobody. */
    static final String API = "admin API";
    /** Staff pages opened with the admin token (HTTP Basic) rather than a name of one's own. */
    static final String TOKEN = "admin token";

    private Editor() {}

    static String of(RoutingContext ctx) {
        Object named = ctx.get(KEY);
        if (named instanceof String name) {
            return name;
        }
        return ctx.request().path().startsWith("/api/") ? API : TOKEN;
    }
}
