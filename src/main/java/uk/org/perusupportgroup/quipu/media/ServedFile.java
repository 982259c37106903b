package uk.org.perusupportgroup.quipu.media;

import java.nio.ByteBuffer;
import uk.org.perusupportgroup.quipu.store.MediaStore;

/**
 * A stored file as it is served: its name, type and bytes. The bytes are held outside the Java heap and read-only:
 * a socket is written straight from them, without first copying the file into a native buffer for each response,
 * and the file cache takes none of the heap.
 *
 * @param content the file's bytes, position 0 to its limit; never written to, shared by every response
 */
public record ServedFile(String name, String contentType, ByteBuffer content) {

    /** The file read back from the store, its bytes copied out of the heap. */
    static ServedFile of(MediaStore.MediaFile file) {
        ByteBuffer direct = ByteBuffer.allocateDirect(file.bytes().length);
        direct.put(file.bytes()).flip();
        return new ServedFile(file.name(), file.contentType(), direct.asReadOnlyBuffer());
    }

    /** The file's size in bytes. */
    public int length() {
        return content.limit();
    }

    /** A copy of the file's bytes on the heap. */
    public byte[] bytes() {
        byte[] bytes = new byte[length()];
        content.duplicate().get(bytes);
        return bytes;
    }
}
