package uk.org.perusupportgroup.quipu.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Proof that a file Quipu made carries no metadata: read back by metadata-extractor, it has no directory but the
 * format's own structure (JPEG and JFIF headers, PNG's IHDR, the file type), and none of the fixture's words or the
 * markers of EXIF, XMP, ICC and comment segments occur in its bytes.
 */
public final class CleanFiles {

    /** What metadata-extractor reports of a file with no metadata at all: the structure of the format itself. */
    private static final Set<String> STRUCTURE = Set.of("JPEG", "JFIF", "Huffman", "File Type", "PNG-IHDR", "PNG-IDAT",
            "PNG-IEND");

    private CleanFiles() {}

    public static void assertClean(byte[] file, String what) {
        try {
            Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(file), file.length);
            List<String> found = new ArrayList<>();
            for (Directory directory : metadata.getDirectories()) {
                if (!STRUCTURE.contains(directory.getName())) {
                    found.add(directory.getName() + " " + directory.getTags());
                }
            }
            assertEquals(List.of(), found, what + ": metadata left");
        } catch (Exception e) {
            throw new AssertionError(what + ": metadata-extractor cannot read it: " + e, e);
        }
        String text = new String(file, StandardCharsets.ISO_8859_1);
        for (String marker : List.of("Exif\0", "http://ns.adobe.com/xap", "ICC_PROFILE", "Photoshop 3.0", MediaFixtures.CAMERA_SERIAL,
                MediaFixtures.XMP_CREATOR, MediaFixtures.COMMENT, "QuipuCam", "eXIf", "tEXt", "iTXt", "zTXt", "iCCP")) {
            assertFalse(text.contains(marker), what + " holds " + marker.replace("\0", "\\0"));
        }
        if (file[0] == (byte) 0xFF) {
            assertFalse(hasSegment(file, 0xFE), what + ": a JPEG comment segment");
            assertFalse(hasSegment(file, 0xE1), what + ": an APP1 segment (EXIF, XMP)");
            assertFalse(hasSegment(file, 0xE2), what + ": an APP2 segment (ICC)");
        }
        assertTrue(file.length > 0);
    }

    /** Whether a JPEG has a segment with {@code marker} before its image data. */
    static boolean hasSegment(byte[] jpeg, int marker) {
        int at = 2;
        while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF) {
            int found = jpeg[at + 1] & 0xFF;
            if (found == marker) {
                return true;
            }
            if (found == 0xDA) {
                return false;
            }
            at += 2 + ((jpeg[at + 2] & 0xFF) << 8 | jpeg[at + 3] & 0xFF);
        }
        return false;
    }
}
