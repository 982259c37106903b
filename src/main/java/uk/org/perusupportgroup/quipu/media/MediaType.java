package uk.org.perusupportgroup.quipu.media;

/** The kinds of file Quipu accepts, each told by its first bytes. */
public enum MediaType {
    JPEG("image/jpeg", "jpg", "JPEG"),
    PNG("image/png", "png", "PNG"),
    WEBP("image/webp", "webp", "WebP"),
    GIF("image/gif", "gif", "GIF"),
    PDF("application/pdf", "pdf", "PDF");

    private final String mime;
    private final String extension;
    private final String label;

    MediaType(String mime, String extension, String label) {
        this.mime = mime;
        this.extension = extension;
        this.label = label;
    }

    /** The Content-Type it is served with. */
    public String mime() {
        return mime;
    }

    /** The extension of its file names, without the dot. */
    public String extension() {
        return extension;
    }

    /** Its name for people: JPEG, PNG, WebP, GIF, PDF. */
    public String label() {
        return label;
    }

    public boolean isImage() {
        return this != PDF;
    }

    /** The type of a served file name's extension ({@code jpg}, {@code png}, {@code pdf}…). */
    public static java.util.Optional<MediaType> ofExtension(String extension) {
        for (MediaType type : values()) {
            if (type.extension.equals(extension)) {
                return java.util.Optional.of(type);
            }
        }
        return java.util.Optional.empty();
    }
}
