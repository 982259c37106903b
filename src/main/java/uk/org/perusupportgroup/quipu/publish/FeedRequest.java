package uk.org.perusupportgroup.quipu.publish;

import java.util.Optional;
import uk.org.perusupportgroup.quipu.article.Language;
import uk.org.perusupportgroup.quipu.article.Origin;
import uk.org.perusupportgroup.quipu.article.Scope;

/**
 * One feed document: which articles, whose, in which format, which page (1 = newest), in which language, and only the
 * articles written in one language ({@code ?language=}) when {@code written} is given. Of an article and its translation,
 * a feed shows the one in its language ({@link #preferred}).
 */
public record FeedRequest(Scope scope, Origin origin, FeedFormat format, int page, Language language, Optional<Language> written) {

    public FeedRequest {
        if (page < 1) {
            throw new IllegalArgumentException("page " + page);
        }
    }

    /** The English feed. */
    public FeedRequest(Scope scope, Origin origin, FeedFormat format, int page) {
        this(scope, origin, format, page, Language.EN, Optional.empty());
    }

    /** The feed in {@code language}, every article. */
    public FeedRequest(Scope scope, Origin origin, FeedFormat format, int page, Language language) {
        this(scope, origin, format, page, language, Optional.empty());
    }

    /**
     * The language whose version of an article the feed shows when the article has a translation in it (the other is
     * left out, the translation standing in its own right): the feed's, unless only the articles written in one language
     * are asked for, which are all shown.
     */
    public Optional<Language> preferred() {
        return written.isEmpty() ? Optional.of(language) : Optional.empty();
    }
}
