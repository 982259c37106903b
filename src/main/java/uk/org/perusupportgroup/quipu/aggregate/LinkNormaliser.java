package uk.org.perusupportgroup.quipu.aggregate;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The canonical form of a partner's link, for storing, comparing and embedding: an absolute
 * {@code http} or {@code https} URI with a host, scheme and host in lower case, no default port, no
 * user-info ({@code https://www.amnesty.org@evil.example/} is {@code https://evil.example/}: what reads as
 * the partner's name is not where such a link goes), an empty path written as {@code /}, dot segments
 * removed, and no tracking parameters ({@code utm_*},
 * {@code fbclid}, {@code gclid}, {@code mc_cid}, {@code mc_eid}, {@code _hsenc}, {@code _hsmi},
 * {@code mkt_tok}, {@code igshid}, {@code ref_src}, names compared without case). The other query
 * parameters keep their order and their escapes; the fragment is kept.
 */
public final class LinkNormaliser {

    private static final Set<String> TRACKING_PARAMETERS = Set.of(
            "fbclid", "gclid", "mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "igshid", "ref_src");

    private LinkNormaliser() {}

    /**
     * @param link an absolute or relative reference, as found in an {@code href}, {@code src} or feed;
     *     surrounding whitespace is ignored
     * @param base what a relative link is resolved against (RFC 3986); {@code null} when there is
     *     none, and then only an absolute link is accepted
     * @return the normalised link, or empty when the link is blank or malformed (spaces, bad escapes),
     *     is not {@code http}/{@code https} ({@code javascript:}, {@code mailto:}, {@code data:}…), has
     *     no host, or is relative with no usable base
     */
    public static Optional<URI> normalise(String link, URI base) {
        if (link == null || link.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(link.strip());
            if (!uri.isAbsolute()) {
                if (base == null) {
                    return Optional.empty();
                }
                Optional<URI> usableBase = normalise(base.toString(), null);
                if (usableBase.isEmpty()) {
                    return Optional.empty();
                }
                uri = resolve(usableBase.get(), uri);
            }
            return canonical(uri);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** RFC 3986 resolution; {@link URI#resolve} follows RFC 2396 for a query-only reference. */
    private static URI resolve(URI base, URI reference) throws URISyntaxException {
        boolean queryOnly = reference.getRawAuthority() == null && reference.getRawPath() != null
                && reference.getRawPath().isEmpty() && reference.getRawQuery() != null;
        if (queryOnly) {
            String fragment = reference.getRawFragment() == null ? "" : "#" + reference.getRawFragment();
            return new URI(base.getScheme() + "://" + base.getRawAuthority() + base.getRawPath()
                    + "?" + reference.getRawQuery() + fragment);
        }
        return base.resolve(reference);
    }

    private static Optional<URI> canonical(URI uri) throws URISyntaxException {
        if (uri.isOpaque() || uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.empty();
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int defaultPort;
        if (scheme.equals("https")) {
            defaultPort = 443;
        } else if (scheme.equals("http")) {
            defaultPort = 80;
        } else {
            return Optional.empty();
        }
        URI normal = uri.normalize();
        StringBuilder out = new StringBuilder(scheme).append("://");
        // user-info is never kept: it only ever names someone other than the host the link goes to
        out.append(normal.getHost().toLowerCase(Locale.ROOT));
        if (normal.getPort() != -1 && normal.getPort() != defaultPort) {
            out.append(':').append(normal.getPort());
        }
        out.append(path(normal.getRawPath()));
        String query = withoutTracking(normal.getRawQuery());
        if (query != null) {
            out.append('?').append(query);
        }
        if (normal.getRawFragment() != null) {
            out.append('#').append(normal.getRawFragment());
        }
        return Optional.of(new URI(out.toString()));
    }

    /** An empty path is {@code /}; dot segments above the root are dropped, as browsers do. */
    private static String path(String rawPath) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        while (path.startsWith("/../")) {
            path = path.substring(3);
        }
        return path.equals("/..") ? "/" : path;
    }

    /** @return the query without tracking parameters or empty pieces, or null when nothing is left */
    private static String withoutTracking(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        StringJoiner kept = new StringJoiner("&");
        for (String parameter : rawQuery.split("&", -1)) {
            if (!parameter.isEmpty() && !isTracking(parameter)) {
                kept.add(parameter);
            }
        }
        return kept.length() == 0 ? null : kept.toString();
    }

    private static boolean isTracking(String parameter) {
        int equals = parameter.indexOf('=');
        String name = (equals < 0 ? parameter : parameter.substring(0, equals)).toLowerCase(Locale.ROOT);
        return name.startsWith("utm_") || TRACKING_PARAMETERS.contains(name);
    }
}
