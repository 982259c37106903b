package uk.org.perusupportgroup.quipu.article;

/** The two controlled vocabularies an article is tagged with. */
public enum Facet {
    TOPIC("topics"),
    REGION("regions");

    private final String plural;

    Facet(String plural) {
        this.plural = plural;
    }

    /** The plural used in URLs and keys: {@code topics}, {@code regions}. */
    public String plural() {
        return plural;
    }
}
