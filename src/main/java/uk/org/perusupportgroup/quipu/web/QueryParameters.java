package uk.org.perusupportgroup.quipu.web;

import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import uk.org.perusupportgroup.quipu.article.Language;
import uk.org.perusupportgroup.quipu.article.Origin;

/** The query parameters feeds and listing pages share: {@code origin} and {@code page}; feeds also take {@code language}. */
final class QueryParameters {

    static final int MAX_PAGE = 100_000;

    private QueryParameters() {}

    /** @return the problem with {@code ?origin=} or {@code ?page=}, if any */
    static Optional<Problem> check(RoutingContext ctx) {
        String origin = ctx.request().getParam("origin");
        if (origin != null && Origin.parameter(origin).isEmpty()) {
            return Optional.of(Problem.error(400, "bad_origin", Map.of("origin", origin)));
        }
        String page = ctx.request().getParam("page");
        if (page != null && !(page.matches("[1-9][0-9]{0,5}") && Integer.parseInt(page) <= MAX_PAGE)) {
            return Optional.of(Problem.error(400, "bad_page", Map.of("max", MAX_PAGE, "page", page)));
        }
        return Optional.empty();
    }

    /** @return the problem with a feed's {@code ?language=}, if any (pages and the API do not take it) */
    static Optional<Problem> checkLanguage(RoutingContext ctx) {
        String language = ctx.request().getParam("language");
        if (language != null && !language.equals("en") && !language.equals("es")) {
            return Optional.of(Problem.error(400, "bad_language", Map.of("language", language)));
        }
        return Optional.empty();
    }

    /** {@code ?language=en|es}: only the articles written in it; empty for every article. */
    static Optional<Language> written(RoutingContext ctx) {
        return Optional.ofNullable(ctx.request().getParam("language")).map(Language::ofCode);
    }

    static Origin origin(RoutingContext ctx) {
        String origin = ctx.request().getParam("origin");
        return origin == null ? Origin.ANY : Origin.parameter(origin).orElseThrow();
    }

    static int page(RoutingContext ctx) {
        String page = ctx.request().getParam("page");
        return page == null ? 1 : Integer.parseInt(page);
    }
}
