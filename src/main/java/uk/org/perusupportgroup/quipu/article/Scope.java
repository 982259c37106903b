package uk.org.perusupportgroup.quipu.article;

import java.util.Optional;

/**
 * Which articles a feed holds: all of them, those tagged with one topic or one region, every
 * partner item, or one partner source's items.
 *
 * @param facet the vocabulary of a topic or region scope; empty for the others
 * @param slug the topic or region slug; {@code all}, {@code partners} or {@code partners/{source}}
 *     for the others
 */
public record Scope(Optional<Facet> facet, String slug) {

    public static final Scope ALL = new Scope(Optional.empty(), "all");
    public static final Scope PARTNERS = new Scope(Optional.empty(), "partners");
    private static final String PARTNER_PREFIX = "partners/";

    public static Scope of(Facet facet, String slug) {
        return new Scope(Optional.of(facet), slug);
    }

    /** The items of one partner source. */
    public static Scope partner(String source) {
        return new Scope(Optional.empty(), PARTNER_PREFIX + source);
    }

    /** The source of a one-partner scope; empty for every other scope. */
    public Optional<String> partnerSource() {
        return facet.isEmpty() && slug.startsWith(PARTNER_PREFIX) ? Optional.of(slug.substring(PARTNER_PREFIX.length()))
                : Optional.empty();
    }

    /** Whether the scope holds partner items only: {@link #PARTNERS} or one source. */
    public boolean partnersOnly() {
        return equals(PARTNERS) || partnerSource().isPresent();
    }

    /**
     * A stable name of the scope: {@code all}, {@code topics/environment}, {@code regions/puno},
     * {@code partners}, {@code partners/amnesty}.
     */
    public String key() {
        return facet.map(f -> f.plural() + "/" + slug).orElse(slug);
    }
}
