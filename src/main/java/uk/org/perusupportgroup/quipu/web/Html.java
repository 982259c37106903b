package uk.org.perusupportgroup.quipu.web;

/** Escaping and the shared page frame of the HTML pages. Plain HTML, no JavaScript. */
final class Html {

    /**
     * The one style sheet, in the page: plain, readable from 320 pixels wide up, every text at least 4.5:1 against its
     * background, a focus ring on whatever has the focus, and a print style without the site's chrome.
     */
    private static final String STYLE = """
            body{font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;background:#fff}
            header,main,footer{max-width:46rem;margin:0 auto;padding:0 1rem}
            header{border-bottom:3px solid #b5121b;padding:.75rem 1rem}
            header a{color:#1b1b1b;font-weight:700;text-decoration:none}header a.lang{float:right;font-weight:400;text-decoration:underline}
            main{overflow-wrap:break-word}
            a{color:#0b57a4}
            :focus{outline:3px solid #1b1b1b;outline-offset:2px}a:focus{background:#fd0;color:#1b1b1b}
            h1{line-height:1.2}
            img{max-width:100%;height:auto}figure{margin:1rem 0}figcaption{color:#555;font-size:.9rem}
            .feeds{background:#f4f4f4;border-left:4px solid #b5121b;padding:.5rem 1rem;margin:1rem 0}
            .feeds a{margin-right:.75rem}a[type]{white-space:nowrap}.suggest{border:2px solid #0b57a4;padding:.5rem 1rem;margin:1rem 0}
            .meta{color:#555;font-size:.9rem}
            ol.articles{list-style:none;padding:0}ol.articles li{margin:0 0 1.5rem}
            table{border-collapse:collapse}td,th{padding:.25rem .5rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
            label{display:block;font-weight:600;margin-top:1rem}
            input[type=text],input[type=email],input[type=url],textarea{width:100%;box-sizing:border-box;font:inherit;padding:.3rem}
            button{font:inherit;padding:.2rem .6rem}
            fieldset{margin-top:1rem}fieldset label{display:inline-block;font-weight:400;margin:0 1rem 0 0}
            .error{color:#b5121b;font-weight:600}[aria-invalid=true]{border:2px solid #b5121b}
            .error-summary{border:4px solid #b5121b;padding:0 1rem;margin:1rem 0}.error-summary h2{margin:.75rem 0 .5rem;font-size:1.2rem}
            .visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
            footer{margin-top:3rem;border-top:1px solid #ddd;color:#555;font-size:.9rem;padding-bottom:2rem}
            @media (max-width:30rem){h1{font-size:1.6rem}table{font-size:.9rem}td,th{padding:.25rem}td .meta{overflow-wrap:anywhere}}
            @media print{body{font:11pt/1.4 Georgia,"Times New Roman",serif;color:#000;background:#fff}
            header,footer,nav,form,.feeds,.error-summary{display:none}main{max-width:none;padding:0}
            a,.meta,figcaption{color:#000}a:focus{background:none}
            article a[href^="http"]::after{content:" (" attr(href) ")";font-size:90%}
            h1,h2,h3{break-after:avoid}figure,img,tr{break-inside:avoid}}
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
