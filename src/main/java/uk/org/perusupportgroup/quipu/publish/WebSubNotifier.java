package uk.org.perusupportgroup.quipu.publish;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.article.Language;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.store.ArticleChange;

/**
 * Tells the WebSub hub which feeds changed ({@code hub.mode=publish}, one request per feed URL, in
 * each format), so that subscribers are pushed the new version. Failures are logged, never retried
 * in a loop: the feeds themselves are always current.
 */
public final class WebSubNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(WebSubNotifier.class);

    private final URI hub;
    private final SiteLinks links;
    private final HttpClient client;

    public WebSubNotifier(URI hub, SiteLinks links) {
        this.hub = hub;
        this.links = links;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Pings the hub once for every feed the changes touched; completes when all pings are answered. */
    public CompletableFuture<Void> changed(List<ArticleChange> changes) {
        List<CompletableFuture<?>> pings = new ArrayList<>();
        for (Scope scope : ArticleService.affected(changes).stream().sorted(Comparator.comparing(Scope::key)).toList()) {
            for (Language language : Language.values()) {
                for (FeedFormat format : FeedFormat.values()) {
                    pings.add(ping(links.feed(scope, format, language)));
                }
            }
        }
        return CompletableFuture.allOf(pings.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> ping(String feedUrl) {
        String form = "hub.mode=publish&hub.url=" + URLEncoder.encode(feedUrl, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(hub)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", "Quipu (+" + links.base() + "/)")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenAccept(response -> {
                    if (response.statusCode() / 100 != 2) {
                        LOG.warn("websub hub refused a ping: hub={} feed={} status={}", hub, feedUrl, response.statusCode());
                    }
                })
                .exceptionally(e -> {
                    LOG.warn("websub hub unreachable: hub={} feed={} error={}", hub, feedUrl, e.getMessage());
                    return null;
                });
    }
}
