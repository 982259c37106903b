package uk.org.perusupportgroup.quipu.publish;

import uk.org.perusupportgroup.quipu.article.Origin;
import uk.org.perusupportgroup.quipu.article.Scope;

/** One feed document: which articles, whose, in which format, which page (1 = newest). */
public record FeedRequest(Scope scope, Origin origin, FeedFormat format, int page) {

    public FeedRequest {
        if (page < 1) {
            throw new IllegalArgumentException("page " + page);
        }
    }
}
