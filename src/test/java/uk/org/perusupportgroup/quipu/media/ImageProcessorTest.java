package uk.org.perusupportgroup.quipu.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.exif.GpsDirectory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.org.perusupportgroup.quipu.media.MediaRefusedException.Reason;

class ImageProcessorTest {

    private final MediaInspector inspector = new MediaInspector(MediaLimits.DEFAULT);
    private final ImageProcessor processor = new ImageProcessor();

    private Processed process(byte[] content) {
        return processor.process(content, inspector.inspect(content, "upload"));
    }

    @Test
    void theFixtureReallyCarriesGpsAndEveryOtherBlock() throws Exception {
        var metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(Fixture.bytes("gps-exif.jpg")));
        GpsDirectory gps = metadata.getFirstDirectoryOfType(GpsDirectory.class);
        assertEquals(-12.046, gps.getGeoLocation().getLatitude(), 0.001);
        assertEquals(-77.028, gps.getGeoLocation().getLongitude(), 0.001);
        List<String> names = new java.util.ArrayList<>();
        metadata.getDirectories().forEach(d -> names.add(d.getName()));
        assertTrue(names.containsAll(List.of("Exif IFD0", "GPS", "XMP", "ICC Profile", "JpegComment")), names.toString());
    }

    @Test
    void theCleanCheckFindsWhatTheFixtureCarries() {
        AssertionError left = assertThrows(AssertionError.class, () -> CleanFiles.assertClean(Fixture.bytes("gps-exif.jpg"),
                "gps-exif.jpg"));
        assertTrue(left.getMessage().contains("GPS"), left.getMessage());
    }

    @Test
    void aPhotoWithGpsComesOutUprightAtEachWidthWithNoMetadata() throws Exception {
        byte[] original = Fixture.bytes("gps-exif.jpg");
        Processed processed = process(original);
        // orientation 6: the 1100 × 1000 pixels are shown turned a quarter clockwise, 1000 × 1100
        assertEquals(List.of("1000x1100", "960x1056", "480x528"), processed.renditions().stream()
                .map(r -> r.width() + "x" + r.height()).toList());
        String hash = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(original))
                .substring(0, 20);
        assertEquals(hash, processed.hash());
        for (Rendition rendition : processed.renditions()) {
            assertEquals(hash + "-" + rendition.width() + ".jpg", rendition.name());
            assertEquals(MediaType.JPEG, rendition.type());
            CleanFiles.assertClean(rendition.bytes(), rendition.name());
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(rendition.bytes()));
            assertEquals(rendition.width(), image.getWidth());
            assertEquals(rendition.height(), image.getHeight());
            // the red square drawn at the top left of the stored pixels is at the top right once upright
            int topRight = image.getRGB(image.getWidth() - 1 - image.getWidth() / 20, image.getHeight() / 20);
            assertTrue(red(topRight), rendition.name() + " top right " + Integer.toHexString(topRight));
            int topLeft = image.getRGB(image.getWidth() / 20, image.getHeight() / 20);
            assertTrue(!red(topLeft), rendition.name() + " top left " + Integer.toHexString(topLeft));
        }
    }

    private static boolean red(int rgb) {
        return (rgb >> 16 & 0xFF) > 180 && (rgb >> 8 & 0xFF) < 80 && (rgb & 0xFF) < 80;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "opaque.png,   image/jpeg, 320x200",
        "alpha.png,    image/png,  300x200",
        "photo.webp,   image/jpeg, 240x180",
        "alpha.webp,   image/png,  300x200",
        "drawing.gif,  image/png,  200x150",
    })
    void eachTypeIsWrittenAgainAsJpegOrPng(String file, String type, String size) throws IOException {
        Processed processed = process(Fixture.bytes(file));
        assertEquals(1, processed.renditions().size(), "no copy wider than the original");
        Rendition only = processed.renditions().get(0);
        assertEquals(type, only.type().mime());
        assertEquals(size, only.width() + "x" + only.height());
        CleanFiles.assertClean(only.bytes(), file);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(only.bytes()));
        assertEquals(type.equals("image/png"), image.getColorModel().hasAlpha() || file.endsWith(".gif"), file);
        if (file.startsWith("alpha")) {
            assertEquals(0x40, image.getRGB(0, 0) >>> 24, "the transparent edge stays transparent");
        }
    }

    @Test
    void aGifsTransparentColourStaysTransparent() throws IOException {
        var palette = new java.awt.image.IndexColorModel(8, 2, new byte[] {(byte) 255, 0}, new byte[] {0, 0},
                new byte[] {0, (byte) 255}, 0);   // entry 0 (red) transparent, entry 1 blue
        var image = new BufferedImage(60, 40, BufferedImage.TYPE_BYTE_INDEXED, palette);
        for (int y = 0; y < 40; y++) {
            for (int x = 30; x < 60; x++) {
                image.getRaster().setSample(x, y, 0, 1);
            }
        }
        var out = new java.io.ByteArrayOutputStream();
        ImageIO.write(image, "gif", out);
        Rendition only = process(out.toByteArray()).renditions().get(0);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(only.bytes()));
        assertEquals(0, back.getRGB(5, 5) >>> 24, "the left half transparent");
        assertEquals(0xFF0000FF, back.getRGB(45, 5), "the right half opaque blue");
    }

    @Test
    void aLargePhotoIsKeptAt2400WideAndNeverEnlarged() {
        BufferedImage big = MediaFixtures.drawing(3000, 1500, false);
        Processed processed = process(MediaFixtures.jpeg(big));
        assertEquals(List.of(2400, 1600, 960, 480), processed.renditions().stream().map(Rendition::width).toList());
        assertEquals(List.of(1200, 800, 480, 240), processed.renditions().stream().map(Rendition::height).toList());
        Processed small = process(MediaFixtures.jpeg(MediaFixtures.drawing(300, 100, false)));
        assertEquals(List.of(300), small.renditions().stream().map(Rendition::width).toList());
    }

    @Test
    void aPhotoOver16MegapixelsIsReadSubsampledStillWiderThanItsWidestCopy() {
        assertEquals(1, ImageProcessor.subsampling(4000, 4000));
        assertEquals(2, ImageProcessor.subsampling(8660, 5773));   // 50 MP read as 4330 × 2887
        assertEquals(2, ImageProcessor.subsampling(4001, 4000));
        Processed processed = process(MediaFixtures.jpeg(MediaFixtures.drawing(6000, 3000, false)));
        assertEquals(List.of(2400, 1600, 960, 480), processed.renditions().stream().map(Rendition::width).toList());
        assertEquals(1200, processed.renditions().get(0).height());
    }

    @Test
    void aPdfIsKeptByteForByte() {
        byte[] pdf = Fixture.bytes("document.pdf");
        Processed processed = process(pdf);
        assertEquals(1, processed.renditions().size());
        Rendition document = processed.renditions().get(0);
        assertArrayEquals(pdf, document.bytes());
        assertEquals(processed.hash() + ".pdf", document.name());
        assertEquals(MediaType.PDF, document.type());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"truncated.jpg, JPEG", "truncated.png, PNG"})
    void aTruncatedImageIsRefused(String file, String type) {
        MediaRefusedException refused = assertThrows(MediaRefusedException.class, () -> process(Fixture.bytes(file)));
        assertEquals(Reason.UNREADABLE, refused.reason());
        assertEquals(Map.of("type", type), refused.values());
    }

    @Test
    void theSameUploadGetsTheSameNames() {
        byte[] photo = Fixture.bytes("photo.webp");
        assertEquals(process(photo).renditions().get(0).name(), process(photo.clone()).renditions().get(0).name());
    }
}
