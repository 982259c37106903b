package uk.org.perusupportgroup.quipu.web;

/** Escaping and the shared page frame of the HTML pages. Plain HTML, no JavaScript. */
final class Html {

    private static final String STYLE = """
            body{font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;background:#fff}
            header,main,footer{max-width:46rem;margin:0 auto;padding:0 1rem}
            header{border-bottom:3px solid #b5121b;padding:.75rem 1rem}
            header a{color:#1b1b1b;font-weight:700;text-decoration:none}header a.lang{float:right;font-weight:400;text-decoration:underline}
            a{color:#0b57a4}a:focus{outline:3px solid #fd0}
            h1{line-height:1.2}
            .feeds{background:#f4f4f4;border-left:4px solid #b5121b;padding:.5rem 1rem;margin:1rem 0}
            .feeds a{margin-right:.75rem}.suggest{border:2px solid #0b57a4;padding:.5rem 1rem;margin:1rem 0}
            .meta{color:#555;font-size:.9rem}
            ol.articles{list-style:none;padding:0}ol.articles li{margin:0 0 1.5rem}
            table{border-collapse:collapse}td,th{padding:.25rem .5rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
            label{display:block;font-weight:600;margin-top:1rem}
            input[type=text],input[type=url],textarea{width:100%;box-sizing:border-box;font:inherit;padding:.3rem}
            fieldset{margin-top:1rem}fieldset label{display:inline-block;font-weight:400;margin:0 1rem 0 0}
            .error{color:#b5121b;font-weight:600}
            footer{margin-top:3rem;border-top:1px solid #ddd;color:#555;font-size:.9rem;padding-bottom:2rem}
            """;

    /** Pages run no script, embed nothing, and post forms only to this site. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; connect-src 'self'; img-src https: http: data:; style-src 'unsafe-inline';"
            + " form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private Html() {}

    /**
     * Sends a page that must not be cached or leak its address: never stored, no script, and no Referer to the sites it
     * links to (subscriber pages carry tokens in their URLs; staff pages are private).
     */
    static void send(io.vertx.ext.web.RoutingContext ctx, int status, String page) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store").putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("Referrer-Policy", "no-referrer").end(page);
    }

    /** The pages' style sheet, for the template layout too. */
    static String style() {
        return STYLE;
    }
}
