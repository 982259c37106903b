package uk.org.perusupportgroup.quipu.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Uploaded photos and documents and their files ({@code media}, {@code media_file}), shared by every instance. A file,
 * once stored, never changes: its name carries the content hash of the upload it was made from.
 */
public interface MediaStore {

    /**
     * Stores an upload and its files in one transaction. When a file of the same name is already stored (the same
     * bytes were uploaded before), nothing is written and the upload stored then is returned.
     *
     * @throws StoreException when the database fails
     */
    Saved save(NewMedia media);

    /** One file with its bytes, by name ({@code 3f9a…-960.jpg}). */
    Optional<MediaFile> file(String name);

    /** What is known of one file without its bytes, by name. */
    Optional<FileInfo> info(String name);

    /** An upload and its files (without their bytes). */
    Optional<StoredMedia> find(long id);

    /** The {@code limit} newest uploads, newest first. */
    List<StoredMedia> recent(int limit);

    /**
     * An upload to store.
     *
     * @param kind {@code image} or {@code document}
     * @param files the first is the one a link to the upload points at
     */
    record NewMedia(String kind, String alt, String caption, String credit, String originalName, Instant createdAt,
            String createdBy, List<MediaFile> files) {

        public NewMedia {
            files = List.copyOf(files);
        }
    }

    /** A stored file: width and height are 0 for a document. */
    record MediaFile(String name, int width, int height, String contentType, byte[] bytes) {

        public FileInfo info() {
            return new FileInfo(name, width, height, contentType, bytes.length);
        }
    }

    /** What is known of a file without reading its bytes. */
    record FileInfo(String name, int width, int height, String contentType, long length) {}

    /** An upload as stored, its files in the order they were given. */
    record StoredMedia(long id, String kind, String alt, String caption, String credit, String originalName,
            Instant createdAt, String createdBy, List<FileInfo> files) {

        public StoredMedia {
            files = List.copyOf(files);
        }
    }

    /** @param created false when the same file had been stored before, and {@code media} is that earlier upload */
    record Saved(StoredMedia media, boolean created) {}
}
