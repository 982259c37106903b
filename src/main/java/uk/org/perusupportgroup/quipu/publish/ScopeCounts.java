package uk.org.perusupportgroup.quipu.publish;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import uk.org.perusupportgroup.quipu.article.Language;
import uk.org.perusupportgroup.quipu.article.Origin;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.store.ArticleStore;

/**
 * How many articles each scope holds, by origin, as the store last said: so that a page past the end is answered
 * without reading (or skipping) any article. Every change makes all counts read before it stale, including one being
 * read while the change happens. Keys are scopes the caller has checked exist, at most a few hundred. Thread-safe.
 */
public final class ScopeCounts {

    private record Counted(int count, long generation) {}

    private final ArticleStore store;
    private final AtomicLong generation = new AtomicLong();
    private final Cache<String, Counted> counts = Caffeine.newBuilder().maximumSize(2_000).build();

    public ScopeCounts(ArticleStore store) {
        this.store = store;
    }

    /** The count if it is known and no change came since: answers on the event loop. */
    public OptionalInt known(Scope scope, Origin origin) {
        return known(scope, origin, Optional.empty(), Optional.empty());
    }

    /**
     * The count of the articles written in {@code written} (all, when empty), those whose translation stands in for them
     * in {@code preferred} left out, if known: answers on the event loop.
     */
    public OptionalInt known(Scope scope, Origin origin, Optional<Language> written, Optional<Language> preferred) {
        Counted counted = counts.getIfPresent(key(scope, origin, written, preferred));
        return counted != null && counted.generation() == generation.get() ? OptionalInt.of(counted.count()) : OptionalInt.empty();
    }

    /** The count, from the store when it is not known. Blocking. */
    public int count(Scope scope, Origin origin) {
        return count(scope, origin, Optional.empty(), Optional.empty());
    }

    /**
     * The count of the articles written in {@code written} (all, when empty), those whose translation stands in for them
     * in {@code preferred} left out ({@link ArticleStore#count(Scope, Origin, Optional, Optional)}), from the store when
     * not known. Blocking.
     */
    public int count(Scope scope, Origin origin, Optional<Language> written, Optional<Language> preferred) {
        long asked = generation.get();
        String key = key(scope, origin, written, preferred);
        Counted counted = counts.getIfPresent(key);
        if (counted != null && counted.generation() == asked) {
            return counted.count();
        }
        int count = store.count(scope, origin, written, preferred);
        // read under the generation of before the query: a change meanwhile makes it stale at once
        counts.put(key, new Counted(count, asked));
        return count;
    }

    /** After any change to the articles. */
    public void forget() {
        generation.incrementAndGet();
    }

    private static String key(Scope scope, Origin origin, Optional<Language> written, Optional<Language> preferred) {
        return scope.key() + " " + origin + written.map(language -> " " + language.code()).orElse("")
                + preferred.map(language -> " preferring " + language.code()).orElse("");
    }
}
