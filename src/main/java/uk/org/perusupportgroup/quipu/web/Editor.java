package uk.org.perusupportgroup.quipu.web;

import io.vertx.ext.web.RoutingContext;
import uk.org.perusupportgroup.quipu.staff.StaffMember;

/** Who a staff action is recorded as (an article's revisions, why it was deleted). */
final class Editor {

    /** The admin API's requests: the token names nobody. */
    static final String API = "admin API";
    /** Staff pages opened with the admin token (HTTP Basic) rather than a name of one's own. */
    static final String TOKEN = "admin token";

    private Editor() {}

    /** The signed-in staff member's name; who holds the admin token otherwise, on a staff page or the API. */
    static String of(RoutingContext ctx) {
        Object member = ctx.get(AdminAuth.STAFF);
        if (member instanceof StaffMember staff && !staff.byToken()) {
            return staff.name();
        }
        return ctx.request().path().startsWith("/api/") ? API : TOKEN;
    }
}
