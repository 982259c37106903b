package uk.org.perusupportgroup.quipu.publish;

import java.util.Optional;

/** The three syndication formats, by URL extension. */
public enum FeedFormat {
    RSS("rss", "application/rss+xml; charset=utf-8", "RSS 2.0"),
    ATOM("atom", "application/atom+xml; charset=utf-8", "Atom"),
    JSON("json", "application/feed+json", "JSON Feed");

    private final String extension;
    private final String contentType;
    private final String label;

    FeedFormat(String extension, String contentType, String label) {
        this.extension = extension;
        this.contentType = contentType;
        this.label = label;
    }

    public static Optional<FeedFormat> byExtension(String extension) {
        for (FeedFormat format : values()) {
            if (format.extension.equals(extension)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    /** The media type without parameters, as used in {@code <link type=…>}. */
    public String mediaType() {
        int semicolon = contentType.indexOf(';');
        return semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    }

    public String label() {
        return label;
    }
}
