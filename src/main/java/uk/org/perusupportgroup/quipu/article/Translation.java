package uk.org.perusupportgroup.quipu.article;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * An article's version in another language, as its page and its feed entries link it. Two of PSG's articles are a pair
 * when either names the other ({@link Article#translation()}: naming is enough on one side, so the second can be written
 * later); each is the other's translation only while that other is public and written in another language (a draft, a
 * scheduled or removed article, or one in the same language, is no translation). Partner items are never one.
 *
 * @param slug the translation's slug: its page is {@code /articles/{slug}} (under {@code /es} on a Spanish page)
 * @param language its language tag, as written ({@code es}, {@code es-PE}): its {@code hreflang}
 * @param url where it is read when it lives elsewhere (its page redirects there); feeds link there
 */
public record Translation(String slug, String language, Optional<URI> url) {

    /** Whether two language tags are of different languages: {@code en} and {@code es} are, {@code es} and {@code es-PE} not. */
    public static boolean differ(String one, String other) {
        return !primary(one).equals(primary(other));
    }

    /** A tag's language, without its region or script: {@code es} of {@code es-PE}. */
    public static String primary(String tag) {
        int dash = tag.indexOf('-');
        return (dash < 0 ? tag : tag.substring(0, dash)).toLowerCase(Locale.ROOT);
    }
}
