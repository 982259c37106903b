package uk.org.perusupportgroup.quipu.aggregate;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TrustOptions;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.WebClientInternal;
import io.vertx.ext.web.codec.BodyCodec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Fetcher} on the Vert.x Web Client. Every request names Quipu and the operator's contact in its
 * User-Agent, is conditional when validators are known, accepts gzip, and goes through the
 * {@link HostGate}. Redirects are followed here (at most five, http and https only, never from https to
 * http) so that each hop is checked. Each request (each hop, robots.txt too) resolves its host once, has every
 * address checked by the {@link AddressPolicy} and connects to one of exactly those addresses, keeping the host
 * name for the Host header, TLS SNI and certificate verification: a name that answers otherwise a moment later
 * (DNS rebinding) leads nowhere unchecked. The body is counted while it arrives: past the limit, or past the
 * deadline, the connection is reset and nothing more is read.
 */
public final class WebFetcher implements Fetcher {

    private static final Logger LOG = LoggerFactory.getLogger(WebFetcher.class);
    static final int MAX_REDIRECTS = 5;
    private static final String PRODUCT = "Quipu";
    private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,10})");
    private static final Duration ROBOTS_KEPT = Duration.ofHours(24);
    private static final int ROBOTS_LIMIT = 500 * 1024;

    private final Vertx vertx;
    private final WebClientOptions options;
    private WebClient client;
    private final HostGate gate;
    private final Duration timeout;
    private final long maxBody;
    private final HostResolver resolver;
    private final AddressPolicy policy;
    private final Map<HttpRequest<?>, Exchange> exchanges = new ConcurrentHashMap<>();
    private final Map<String, Robots> robots = new ConcurrentHashMap<>();

    /**
     * @param contact the operator's contact URL, named in the User-Agent
     * @param timeout the longest one request (one redirect hop) may take, from connecting to the last byte
     * @param maxBody the largest body read, in bytes
     * @param hostInterval the shortest gap between two requests to one host
     * @param resolver resolves each request's host, once
     * @param policy the addresses requests may connect to
     */
    public WebFetcher(Vertx vertx, String version, String contact, Duration timeout, long maxBody, Duration hostInterval,
            HostResolver resolver, AddressPolicy policy) {
        this.vertx = vertx;
        this.timeout = timeout;
        this.maxBody = maxBody;
        this.resolver = resolver;
        this.policy = policy;
        this.gate = new HostGate(vertx, hostInterval);
        this.options = new WebClientOptions()
                .setUserAgent(PRODUCT + "/" + version + " (+" + contact + ")")
                .setFollowRedirects(false)
                .setDecompressionSupported(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .setKeepAlive(true);
    }

    /** For tests: TLS fixture sites with a certificate of their own. Before the first fetch only. */
    WebFetcher trusting(TrustOptions trust) {
        options.setTrustOptions(trust);
        return this;
    }

    /** The client, made on first use: the server's start does not wait for it. */
    private WebClient client() {
        if (client == null) {
            client = WebClient.create(vertx, options, new PoolOptions().setHttp1MaxSize(1));
            ((WebClientInternal) client).addInterceptor(context -> {
                if (context.phase() == ClientPhase.SEND_REQUEST) {
                    Exchange exchange = exchanges.get(context.request());
                    if (exchange != null) {
                        exchange.attach(context.clientRequest());
                    }
                }
                context.next();
            });
        }
        return client;
    }

    @Override
    public Future<FetchResult> fetch(FetchRequest request) {
        URI url = request.url();
        String refusing = "not fetching " + url;
        Future<Void> allowed = request.obeyRobots() ? checkRobots(url, refusing) : Future.succeededFuture();
        return allowed.compose(ignored -> hop(url, request, 0, maxBody, refusing));
    }

    public void close() {
        if (client != null) {
            client.close();
        }
    }

    /** @param refusing what a refusal of this request's address stops, for staff: "not fetching …" */
    private Future<FetchResult> hop(URI url, FetchRequest request, int redirects, long limit, String refusing) {
        return gate.run(hostKey(url), () -> get(url, request, limit, refusing)).compose(response -> {
            int status = response.status();
            LOG.debug("fetch url={} status={} bytes={}", url, status, response.body().length);
            if (status == 200 || status == 304) {
                return Future.succeededFuture(new FetchResult(status, url, response.header("ETag"),
                        response.header("Last-Modified"), response.header("Content-Type"), maxAge(response.header("Cache-Control")),
                        response.body()));
            }
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                if (redirects >= MAX_REDIRECTS) {
                    return Future.failedFuture(new FetchException("more than " + MAX_REDIRECTS + " redirects (last to "
                            + url + ")", Optional.of(status), Optional.empty()));
                }
                Optional<String> location = response.header("Location");
                if (location.isEmpty()) {
                    return Future.failedFuture(new FetchException("HTTP " + status + " redirect without a Location",
                            Optional.of(status), Optional.empty()));
                }
                URI next;
                try {
                    next = url.resolve(new URI(location.get().strip()));
                } catch (URISyntaxException | IllegalArgumentException e) {
                    return Future.failedFuture(new FetchException("redirect to an invalid address '" + location.get() + "'",
                            Optional.of(status), Optional.empty()));
                }
                String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https") || next.getHost() == null) {
                    return Future.failedFuture(new FetchException("redirect to a non-HTTP address '" + location.get() + "'",
                            Optional.of(status), Optional.empty()));
                }
                if (url.getScheme().equalsIgnoreCase("https") && scheme.equals("http")) {
                    return Future.failedFuture(FetchException.refused("refused: the redirect from " + url + " to " + next
                            + " would leave https for plain http", Optional.of(status)));
                }
                URI target = next;
                String following = "not following the redirect from " + url + " to " + target;
                Future<Void> allowed = request.obeyRobots() ? checkRobots(target, following) : Future.succeededFuture();
                return allowed.compose(ignored -> hop(target, request, redirects + 1, limit, following));
            }
            Optional<Duration> retryAfter = retryAfter(response.header("Retry-After"));
            String reason = switch (status) {
                case 404 -> "not found";
                case 410 -> "gone: the partner says this address will not come back";
                case 429 -> "too many requests";
                case 503 -> "service unavailable";
                default -> status >= 500 ? "server error" : "refused";
            };
            return Future.failedFuture(new FetchException("HTTP " + status + " " + reason + " from " + url,
                    Optional.of(status), retryAfter));
        });
    }

    /**
     * One GET, with this fetch's validators and the body limit; the whole exchange, from connecting to
     * the last byte, must end within the timeout (the clock starts when its turn at the host comes).
     */
    private Future<Response> get(URI url, FetchRequest request, long limit, String refusing) {
        Exchange exchange = new Exchange(limit);
        return destination(url, refusing).compose(address -> exchange(url, address, request, exchange));
    }

    /**
     * The one address a request connects to: its host resolved once, every address it has allowed by the policy
     * (a name with one refused address is refused whole), the first of them taken.
     *
     * @param refusing what a refusal stops, said after its reason
     */
    private Future<InetAddress> destination(URI url, String refusing) {
        String host = url.getHost();
        return resolver.resolve(host).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).transform(resolved -> {
            if (resolved.failed() || resolved.result().isEmpty()) {
                return Future.failedFuture(new FetchException("cannot resolve " + host + ": " + unresolved(resolved)));
            }
            List<InetAddress> addresses = resolved.result();
            for (InetAddress address : addresses) {
                Optional<String> why = policy.refusal(address);
                if (why.isPresent()) {
                    String ip = PublicAddresses.text(address);
                    String what = PublicAddresses.literal(host).isPresent() ? ip + " is " + why.get()
                            : host + " resolves to " + ip + ", " + why.get();
                    return Future.failedFuture(FetchException.refused("refused: " + what + "; " + refusing, Optional.empty()));
                }
            }
            try {
                // the address alone, without the name: nothing below may look the name up again
                return Future.succeededFuture(InetAddress.getByAddress(addresses.get(0).getAddress()));
            } catch (UnknownHostException e) {
                return Future.failedFuture(new FetchException("cannot resolve " + host + ": " + e.getMessage()));
            }
        });
    }

    private String unresolved(AsyncResult<List<InetAddress>> resolved) {
        if (resolved.succeeded()) {
            return "no address";
        }
        if (resolved.cause() instanceof UnknownHostException) {
            return "unknown host";
        }
        if (resolved.cause() instanceof java.util.concurrent.TimeoutException) {
            return "no answer within " + timeout.toSeconds() + " s";
        }
        return String.valueOf(resolved.cause().getMessage());
    }

    private Future<Response> exchange(URI url, InetAddress address, FetchRequest request, Exchange exchange) {
        long left = timeout.toMillis();
        int port = url.getPort() > 0 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        // connects to the checked address; the URL's host still names the server (Host, SNI, certificate)
        HttpRequest<Void> http = client().requestAbs(HttpMethod.GET, SocketAddress.inetSocketAddress(new InetSocketAddress(address, port)),
                url.toString()).as(BodyCodec.pipe(exchange, true));
        if (url.equals(request.url()) || !url.getPath().endsWith("/robots.txt")) {
            request.etag().ifPresent(etag -> http.putHeader(HttpHeaders.IF_NONE_MATCH.toString(), etag));
            request.lastModified().ifPresent(date -> http.putHeader(HttpHeaders.IF_MODIFIED_SINCE.toString(), date));
        }
        http.putHeader(HttpHeaders.ACCEPT.toString(), "application/rss+xml, application/atom+xml, application/rdf+xml,"
                + " application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5");
        http.putHeader(HttpHeaders.ACCEPT_ENCODING.toString(), "gzip, deflate");
        exchanges.put(http, exchange);
        long timer = vertx.setTimer(left, t -> exchange.abort(new FetchException("timed out after " + timeout.toSeconds()
                + " s (the partner did not send the whole response in time)")));
        return http.send()
                .<Response>transform(outcome -> {
                    vertx.cancelTimer(timer);
                    exchanges.remove(http);
                    if (exchange.failure != null) {
                        return Future.failedFuture(exchange.failure);
                    }
                    if (outcome.failed()) {
                        return Future.failedFuture(new FetchException(describe(outcome.cause(), url, address)));
                    }
                    HttpResponse<Void> response = outcome.result();
                    int status = response.statusCode();
                    if (status == 429 || status == 503) {
                        // told to the gate before the host's next request is let through
                        retryAfter(Optional.ofNullable(response.getHeader("Retry-After")).map(String::strip))
                                .ifPresent(wait -> gate.delay(hostKey(url), wait, status));
                    }
                    return Future.succeededFuture(new Response(status, response, exchange.body()));
                });
    }

    private record Response(int status, HttpResponse<Void> http, byte[] body) {
        Optional<String> header(String name) {
            return Optional.ofNullable(http.getHeader(name)).map(String::strip).filter(v -> !v.isEmpty());
        }
    }

    private String describe(Throwable cause, URI url, InetAddress address) {
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof java.net.ConnectException || message.contains("Connection refused")) {
            String ip = PublicAddresses.text(address);
            return "cannot connect to " + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "")
                    + (PublicAddresses.literal(url.getHost()).isPresent() ? "" : " (" + ip + ")") + ": " + message;
        }
        if (cause instanceof java.util.concurrent.TimeoutException || message.toLowerCase(Locale.ROOT).contains("timeout")) {
            return "timed out after " + timeout.toSeconds() + " s: " + message;
        }
        return "fetch of " + url + " failed: " + message;
    }

    // --- robots.txt --------------------------------------------------------------------------------

    private record Robots(RobotsTxt rules, Instant until) {}

    /**
     * RFC 9309: a 4xx robots.txt allows everything; a 5xx or unreachable one allows nothing for now, and so does one
     * at an address Quipu refuses (the page's own host, or where robots.txt redirects).
     *
     * @param refusing what a refusal of the site's address stops: the request robots.txt is read for
     */
    private Future<Void> checkRobots(URI url, String refusing) {
        String origin = url.getScheme().toLowerCase(Locale.ROOT) + "://" + hostKey(url);
        Robots known = robots.get(origin);
        Future<RobotsTxt> rules;
        if (known != null && known.until().isAfter(Instant.now())) {
            rules = Future.succeededFuture(known.rules());
        } else {
            URI robotsUrl = URI.create(origin + "/robots.txt");
            // followed through up to 5 redirects (http to https, www to the bare domain) as RFC 9309 asks
            rules = hop(robotsUrl, new FetchRequest(robotsUrl, Optional.empty(), Optional.empty(), false), 0, ROBOTS_LIMIT, refusing)
                    .<RobotsTxt>transform(outcome -> {
                        if (outcome.succeeded()) {
                            return Future.succeededFuture(RobotsTxt.parse(new String(outcome.result().body(), StandardCharsets.UTF_8)));
                        }
                        if (outcome.cause() instanceof FetchException f && f.refused()) {
                            // told as it is, not as an unreadable robots.txt; not remembered
                            return Future.failedFuture(f);
                        }
                        Optional<Integer> status = outcome.cause() instanceof FetchException f ? f.status() : Optional.empty();
                        if (status.isEmpty() || status.get() == 429 || status.get() >= 500) {
                            // RFC 9309: unreachable means "disallow everything" for now; not remembered
                            return Future.failedFuture(new FetchException("robots.txt of " + origin + " could not be read ("
                                    + outcome.cause().getMessage() + "): not fetching until it can", status, Optional.empty()));
                        }
                        // 4xx, or more than 5 redirects: no robots.txt, everything allowed (RFC 9309 2.3.1.2-3)
                        return Future.succeededFuture(RobotsTxt.forResponse(status.get(), ""));
                    }).onSuccess(parsed -> robots.put(origin, new Robots(parsed, Instant.now().plus(ROBOTS_KEPT))));
        }
        return rules.compose(parsed -> {
            String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
            return parsed.allows(PRODUCT, path) ? Future.succeededFuture()
                    : Future.failedFuture(new FetchException("robots.txt of " + origin + " disallows " + path + " for " + PRODUCT));
        });
    }

    // --- headers -----------------------------------------------------------------------------------

    static String hostKey(URI url) {
        return url.getHost().toLowerCase(Locale.ROOT) + (url.getPort() > 0 ? ":" + url.getPort() : "");
    }

    static Optional<Duration> maxAge(Optional<String> cacheControl) {
        return cacheControl.map(MAX_AGE::matcher).filter(Matcher::find).map(m -> Duration.ofSeconds(Long.parseLong(m.group(1))));
    }

    /** {@code Retry-After} as seconds or an HTTP date in any of RFC 9110's three forms (§5.6.7, §10.2.3). */
    static Optional<Duration> retryAfter(Optional<String> header) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get();
        if (value.matches("\\d{1,10}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        return Optional.ofNullable(io.netty.handler.codec.DateFormatter.parseHttpDate(value)).map(date -> {
            Duration wait = Duration.between(Instant.now(), date.toInstant());
            return wait.isNegative() ? Duration.ZERO : wait;
        });
    }

    // --- the body ----------------------------------------------------------------------------------

    /**
     * Where one response's body goes: kept up to the limit; past it, or when aborted, the request is
     * reset so that nothing more is read.
     */
    private static final class Exchange implements WriteStream<Buffer> {
        private final long limit;
        private final Buffer body = Buffer.buffer();
        private HttpClientRequest request;
        private FetchException failure;

        Exchange(long limit) {
            this.limit = limit;
        }

        void attach(HttpClientRequest request) {
            this.request = request;
            if (failure != null) {
                request.reset();
            }
        }

        void abort(FetchException why) {
            if (failure == null) {
                failure = why;
                if (request != null) {
                    request.reset(0, why);
                }
            }
        }

        byte[] body() {
            return body.getBytes();
        }

        @Override
        public Future<Void> write(Buffer data) {
            if (failure != null) {
                return Future.failedFuture(failure);
            }
            if (body.length() + (long) data.length() > limit) {
                abort(new FetchException("the body is larger than the limit of " + limit / (1024 * 1024) + " MiB"
                        + (limit < 1024 * 1024 ? " (" + limit + " bytes)" : "") + "; stopped reading"));
                return Future.failedFuture(failure);
            }
            body.appendBuffer(data);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> end() {
            return failure == null ? Future.succeededFuture() : Future.failedFuture(failure);
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(io.vertx.core.Handler<Throwable> handler) {
            return this;
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public WriteStream<Buffer> drainHandler(io.vertx.core.Handler<Void> handler) {
            return this;
        }
    }

}
