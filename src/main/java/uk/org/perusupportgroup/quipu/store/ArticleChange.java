package uk.org.perusupportgroup.quipu.store;

import java.util.Optional;
import java.util.Set;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.StoredArticle;

/**
 * What one write did: the article before and after (empty when created or deleted) and every feed
 * scope whose content changed. A write that changed nothing is not a change.
 */
public record ArticleChange(Optional<StoredArticle> before, Optional<StoredArticle> after, Set<Scope> affected) {

    public ArticleChange {
        affected = Set.copyOf(affected);
    }
}
