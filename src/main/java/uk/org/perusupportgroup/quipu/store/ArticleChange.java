package uk.org.perusupportgroup.quipu.store;

import java.util.Optional;
import java.util.Set;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.StoredArticle;

/**
 * What one write did: the article before and after as the public saw it (empty when it was not public: created or
 * deleted, a draft or scheduled one) and every feed scope whose content changed. A write that changed nothing is not a
 * change; nor, for the public, is a change to a draft.
 */
public record ArticleChange(Optional<StoredArticle> before, Optional<StoredArticle> after, Set<Scope> affected) {

    public ArticleChange {
        affected = Set.copyOf(affected);
    }
}
