package uk.org.perusupportgroup.quipu.article;

import java.util.Optional;

/**
 * Which articles a feed holds: all of them, or those tagged with one topic or one region.
 *
 * @param facet empty for the all-articles scope
 */
public record Scope(Optional<Facet> facet, String slug) {

    public static final Scope ALL = new Scope(Optional.empty(), "all");

    public static Scope of(Facet facet, String slug) {
        return new Scope(Optional.of(facet), slug);
    }

    /** A stable name of the scope: {@code all}, {@code topics/environment}, {@code regions/puno}. */
    public String key() {
        return facet.map(f -> f.plural() + "/" + slug).orElse("all");
    }
}
