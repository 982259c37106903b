package uk.org.perusupportgroup.quipu.article;

import java.util.List;

/**
 * One entry of the controlled vocabulary: a topic or a region.
 *
 * @param slug the stable identifier used in URLs and category terms
 * @param aliases words and place names that indicate this term in partner items' text
 */
public record Term(Facet facet, String slug, String nameEn, String nameEs, List<String> aliases) {

    public Term {
        aliases = List.copyOf(aliases);
    }

    /** The name in a language: Spanish for {@code es…}, English otherwise. */
    public String name(String language) {
        return language.toLowerCase(java.util.Locale.ROOT).startsWith("es") ? nameEs : nameEn;
    }
}
