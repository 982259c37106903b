package uk.org.perusupportgroup.quipu.store;

/** An insert found the slug already stored. */
public final class SlugTakenException extends RuntimeException {

    private final String slug;

    public SlugTakenException(String slug) {
        super("slug '" + slug + "' is already used by another article");
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }
}
