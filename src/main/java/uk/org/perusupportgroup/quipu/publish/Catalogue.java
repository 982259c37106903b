package uk.org.perusupportgroup.quipu.publish;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.Origin;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.StoredArticle;
import uk.org.perusupportgroup.quipu.article.Translation;
import uk.org.perusupportgroup.quipu.store.ArticleStore;

/** What the pages for people list: the same order and paging as the feeds. Blocking. */
public final class Catalogue {

    private final ArticleStore store;
    private final int pageSize;
    private final ScopeCounts counts;

    /** @param counts the feeds' counts of each scope (a page past the end is known from them) */
    public Catalogue(ArticleStore store, int pageSize, ScopeCounts counts) {
        this.store = store;
        this.pageSize = pageSize;
        this.counts = counts;
    }

    /** Articles per page, as in the feeds. */
    public int pageSize() {
        return pageSize;
    }

    /** One page of a scope's articles, newest first. */
    public record Listing(List<StoredArticle> articles, int page, boolean hasNext, int total) {}

    /** A page past the last has no articles, and costs no reading of any. */
    public Listing listing(Scope scope, Origin origin, int page) {
        int total = counts.count(scope, origin);
        if ((page - 1L) * pageSize >= total) {
            return new Listing(List.of(), page, false, total);
        }
        List<StoredArticle> articles = store.newest(scope, origin, (page - 1) * pageSize, pageSize + 1);
        boolean hasNext = articles.size() > pageSize;
        return new Listing(hasNext ? articles.subList(0, pageSize) : articles, page, hasNext, total);
    }

    public Optional<StoredArticle> article(String slug) {
        return store.find(slug);
    }

    /** The article's translations, one per language, the one it names first (none for a partner item). */
    public List<Translation> translations(StoredArticle article) {
        return store.translations(List.of(article)).getOrDefault(article.article().slug(), List.of());
    }

    /**
     * A removed article that readers could once read, while it is kept: its page says it was withdrawn. One never
     * published (a deleted draft, a partner item still waiting for approval) is simply not found.
     */
    public Optional<ArticleStore.Removed> removed(String slug) {
        return store.removed(slug).filter(ArticleStore.Removed::wasPublic);
    }

    /** How many articles a scope holds. Blocking. */
    public int count(Scope scope) {
        return counts.count(scope, Origin.ANY);
    }

    /** Slug → number of articles, for every topic or region that has any. */
    public Map<String, Integer> counts(Facet facet) {
        return store.counts(facet);
    }
}
