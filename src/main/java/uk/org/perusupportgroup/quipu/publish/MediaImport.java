package uk.org.perusupportgroup.quipu.publish;

/**
 * What publishing needs of the media library to import the files under the media directory: a file checked, cleaned
 * and stored exactly as an upload is. Publishing defines it and the composition gives it the media library, so that
 * publishing depends on no package but {@code article}, {@code config} and {@code store}. Blocking.
 */
@FunctionalInterface
public interface MediaImport {

    /**
     * Checks, cleans and stores a file. The same bytes stored before are not stored again: the earlier upload is
     * answered, with {@link Imported#created} false.
     *
     * @param name the file's name, as information only
     * @param createdBy who stored it, for the record
     * @throws Refused saying, in the sentence an upload would be answered with, what is wrong with it
     */
    Imported store(byte[] content, String name, String alt, String caption, String credit, String createdBy);

    /**
     * @param id the upload's id
     * @param photo true for a photo, false for a document
     * @param created false when the same bytes had been stored before and {@code id} is that upload
     */
    record Imported(long id, boolean photo, boolean created) {}

    /** A file refused; the message is the sentence that says why, for the people who put it there. */
    final class Refused extends RuntimeException {

        private final boolean altMissing;

        /** @param altMissing true when the only problem is a photo without its alt text */
        public Refused(String sentence, boolean altMissing) {
            super(sentence, null, false, false);
            this.altMissing = altMissing;
        }

        public boolean altMissing() {
            return altMissing;
        }
    }
}
