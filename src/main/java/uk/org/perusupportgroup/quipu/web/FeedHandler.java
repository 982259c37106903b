package uk.org.perusupportgroup.quipu.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.Language;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.Vocabulary;
import uk.org.perusupportgroup.quipu.publish.FeedFormat;
import uk.org.perusupportgroup.quipu.publish.FeedRequest;
import uk.org.perusupportgroup.quipu.publish.FeedService;
import uk.org.perusupportgroup.quipu.publish.Snapshot;

/**
 * {@code /feeds/all.{ext}}, {@code /feeds/topics/{slug}.{ext}}, {@code /feeds/regions/{slug}.{ext}},
 * {@code /feeds/partners.{ext}}, {@code /feeds/partners/{source}.{ext}}, with {@code ?origin=} and
 * {@code ?page=} and {@code ?language=en|es} (only the articles written in it), in English and under {@code /es/} in Spanish. A cached document is sent straight from the event loop.
 */
final class FeedHandler {

    private final FeedService feeds;
    private final Vocabulary vocabulary;
    private final SnapshotSender sender;
    private final Counter hits;
    private final Counter misses;

    FeedHandler(FeedService feeds, Vocabulary vocabulary, SnapshotSender sender, MeterRegistry metrics) {
        this.feeds = feeds;
        this.vocabulary = vocabulary;
        this.sender = sender;
        this.hits = Counter.builder("quipu_feed_requests").tag("cache", "hit").description("Feed requests").register(metrics);
        this.misses = Counter.builder("quipu_feed_requests").tag("cache", "miss").description("Feed requests").register(metrics);
    }

    void all(RoutingContext ctx) {
        serve(ctx, Optional.empty(), ctx.pathParam("file"));
    }

    void topic(RoutingContext ctx) {
        serve(ctx, Optional.of(Facet.TOPIC), ctx.pathParam("file"));
    }

    void region(RoutingContext ctx) {
        serve(ctx, Optional.of(Facet.REGION), ctx.pathParam("file"));
    }

    /** {@code /feeds/partners/{source}.{ext}}: one partner source's items. */
    void partner(RoutingContext ctx) {
        String file = ctx.pathParam("file");
        int dot = file.lastIndexOf('.');
        String source = dot < 0 ? file : file.substring(0, dot);
        if (feeds.partner(source).isEmpty()) {
            ErrorResponder.send(ctx, Problem.error(404, "unknown_partner_feed", Map.of("source", source)));
            return;
        }
        serve(ctx, Optional.of(Scope.partner(source)), Optional.empty(), file);
    }

    private void serve(RoutingContext ctx, Optional<Facet> facet, String file) {
        serve(ctx, Optional.empty(), facet, file);
    }

    /** @param fixed the scope, when the caller already knows it */
    private void serve(RoutingContext ctx, Optional<Scope> fixed, Optional<Facet> facet, String file) {
        int dot = file.lastIndexOf('.');
        Optional<FeedFormat> format = dot < 0 ? Optional.empty() : FeedFormat.byExtension(file.substring(dot + 1));
        String slug = dot < 0 ? file : file.substring(0, dot);
        if (format.isEmpty()) {
            ErrorResponder.send(ctx, Problem.error(404, "feed_extension"));
            return;
        }
        Scope scope;
        if (fixed.isPresent()) {
            scope = fixed.get();
        } else if (facet.isEmpty()) {
            if (!slug.equals("all") && !slug.equals("partners")) {
                ErrorResponder.send(ctx, Problem.error(404, "no_such_feed", Map.of("path", ctx.normalizedPath())));
                return;
            }
            scope = slug.equals("all") ? Scope.ALL : Scope.PARTNERS;
        } else if (vocabulary.find(facet.get(), slug).isEmpty()) {
            ErrorResponder.send(ctx, Problem.error(404, facet.get() == Facet.TOPIC ? "unknown_topic_feed" : "unknown_region_feed",
                    Map.of("slug", slug)));
            return;
        } else {
            scope = Scope.of(facet.get(), slug);
        }
        Optional<Problem> bad = QueryParameters.check(ctx).or(() -> QueryParameters.checkLanguage(ctx));
        if (bad.isPresent()) {
            ErrorResponder.send(ctx, bad.get());
            return;
        }
        FeedRequest request = new FeedRequest(scope, QueryParameters.origin(ctx), format.get(), QueryParameters.page(ctx),
                Language.of(ctx.normalizedPath()), QueryParameters.written(ctx));
        FeedService.Cached cached = feeds.cached(request);
        if (cached instanceof FeedService.Cached.Ready ready) {
            hits.increment();
            respond(ctx, Optional.of(ready.snapshot()));
            return;
        }
        if (cached instanceof FeedService.Cached.NoSuchPage) {
            hits.increment();
            respond(ctx, Optional.empty());
            return;
        }
        misses.increment();
        Blocking.answer(ctx, Future.fromCompletionStage(feeds.snapshot(request), ctx.vertx().getOrCreateContext()),
                snapshot -> respond(ctx, snapshot));
    }

    private void respond(RoutingContext ctx, Optional<Snapshot> snapshot) {
        if (snapshot.isEmpty()) {
            ErrorResponder.send(ctx, Problem.error(404, "feed_pages"));
        } else {
            sender.send(ctx, snapshot.get());
        }
    }
}
