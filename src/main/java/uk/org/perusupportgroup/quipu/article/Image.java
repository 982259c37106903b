package uk.org.perusupportgroup.quipu.article;

/**
 * An article's lead image: an uploaded photo ({@code /api/media}, by its id) and what this article says of it.
 *
 * @param alt what it shows, for people who cannot see it (required)
 * @param caption shown under it; may be empty
 * @param credit who took it; may be empty
 */
public record Image(long mediaId, String alt, String caption, String credit) {

    public static final int MAX_ALT = 500;
    public static final int MAX_CAPTION = 1_000;
    public static final int MAX_CREDIT = 200;
}
