package uk.org.perusupportgroup.quipu.media;

import java.time.Instant;
import java.util.List;

/**
 * An upload as kept: what staff said of it and its clean files, the widest first (the one a link to it points at).
 *
 * @param alt the text alternative of an image (empty for a document)
 * @param originalName the uploaded file's name, as information only: no served name comes from it
 * @param createdBy who uploaded it: a staff member's name, or who held the admin token
 */
public record Media(long id, Kind kind, String alt, String caption, String credit, String originalName, Instant createdAt,
        String createdBy, List<File> files) {

    public Media {
        files = List.copyOf(files);
    }

    public enum Kind {
        IMAGE, DOCUMENT;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A clean file: width and height are 0 for a document. */
    public record File(String name, int width, int height, String contentType, long length) {}

    /** The file a link to this upload points at: the widest photo, or the document. */
    public File main() {
        return files.get(0);
    }
}
