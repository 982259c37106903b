package uk.org.perusupportgroup.quipu.media;

/**
 * A file staff sent, with what they said of it. Text fields may be empty, never null.
 *
 * @param originalName the file's name on the sender's machine, kept as information only
 * @param createdBy who sent it, for the record
 */
public record Upload(byte[] content, String originalName, String alt, String caption, String credit, String createdBy) {

    public Upload {
        originalName = originalName == null ? "" : originalName;
        alt = alt == null ? "" : alt;
        caption = caption == null ? "" : caption;
        credit = credit == null ? "" : credit;
        createdBy = createdBy == null ? "" : createdBy;
    }
}
