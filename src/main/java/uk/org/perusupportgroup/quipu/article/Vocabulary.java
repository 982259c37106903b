package uk.org.perusupportgroup.quipu.article;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The topics and regions, in their configured order, looked up by slug. */
public final class Vocabulary {

    private final Map<String, Term> topics;
    private final Map<String, Term> regions;

    public Vocabulary(List<Term> topics, List<Term> regions) {
        this.topics = index(topics);
        this.regions = index(regions);
    }

    private static Map<String, Term> index(List<Term> terms) {
        Map<String, Term> map = new LinkedHashMap<>();
        terms.forEach(term -> map.put(term.slug(), term));
        return java.util.Collections.unmodifiableMap(map);
    }

    public List<Term> terms(Facet facet) {
        return List.copyOf((facet == Facet.TOPIC ? topics : regions).values());
    }

    public Optional<Term> find(Facet facet, String slug) {
        return Optional.ofNullable((facet == Facet.TOPIC ? topics : regions).get(slug));
    }

    /** The term, which must exist: used for the tags of stored articles, which were validated. */
    public Term get(Facet facet, String slug) {
        return find(facet, slug).orElseThrow(() -> new IllegalArgumentException("unknown " + facet + " " + slug));
    }
}
