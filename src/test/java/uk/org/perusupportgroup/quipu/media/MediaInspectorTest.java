package uk.org.perusupportgroup.quipu.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import uk.org.perusupportgroup.quipu.media.MediaRefusedException.Reason;

class MediaInspectorTest {

    private final MediaInspector inspector = new MediaInspector(MediaLimits.DEFAULT);

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("gps-exif.jpg", MediaType.JPEG, 1100, 1000),
                Arguments.of("opaque.png", MediaType.PNG, 320, 200),
                Arguments.of("alpha.png", MediaType.PNG, 300, 200),
                Arguments.of("photo.webp", MediaType.WEBP, 240, 180),
                Arguments.of("alpha.webp", MediaType.WEBP, 300, 200),
                Arguments.of("drawing.gif", MediaType.GIF, 200, 150),
                Arguments.of("document.pdf", MediaType.PDF, 0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void accepted(String file, MediaType type, int width, int height) {
        assertEquals(new Inspection(type, width, height), inspector.inspect(Fixture.bytes(file), file));
    }

    @Test
    void theTypeComesFromTheBytesNotTheName() {
        assertEquals(MediaType.WEBP, inspector.inspect(Fixture.bytes("photo.webp"), "report.pdf").type());
        assertEquals(MediaType.PDF, inspector.inspect(Fixture.bytes("document.pdf"), "photo.jpg").type());
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("empty.jpg", Reason.EMPTY, Map.of()),
                Arguments.of("svg-with-script.png", Reason.SVG, Map.of()),
                Arguments.of("page.html", Reason.HTML, Map.of()),
                Arguments.of("notes.txt", Reason.UNKNOWN_TYPE, Map.of("name", "'notes.txt'")),
                Arguments.of("polyglot.jpg", Reason.POLYGLOT, Map.of()),
                Arguments.of("huge-ihdr.png", Reason.TOO_MANY_PIXELS,
                        Map.of("width", 100_000, "height", 100_000, "limit", "50 megapixels")),
                Arguments.of("truncated.png", null, null));   // its header is whole: refused when decoded (ImageProcessorTest)
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void refused(String file, Reason reason, Map<String, Object> values) {
        if (reason == null) {
            assertEquals(MediaType.PNG, inspector.inspect(Fixture.bytes(file), file).type());
            return;
        }
        MediaRefusedException refused = assertThrows(MediaRefusedException.class,
                () -> inspector.inspect(Fixture.bytes(file), file));
        assertEquals(reason, refused.reason());
        assertEquals(values, refused.values());
    }

    @Test
    void aFileOverTheLimitIsRefusedWhateverItHolds() {
        var small = new MediaInspector(new MediaLimits(1024, 50_000_000));
        byte[] jpeg = Fixture.bytes("gps-exif.jpg");
        MediaRefusedException refused = assertThrows(MediaRefusedException.class, () -> small.inspect(jpeg, "big.jpg"));
        assertEquals(Reason.TOO_LARGE, refused.reason());
        assertEquals(Map.of("limit", "1 KB"), refused.values());
        byte[] exactly = Arrays.copyOf(Fixture.bytes("document.pdf"), 1024);
        assertEquals(MediaType.PDF, small.inspect(exactly, "a.pdf").type(), "the limit itself is allowed");
    }

    @Test
    void thePixelLimitIsReadFromTheHeaderWithoutDecoding() {
        // 10^10 pixels would take 40 GB to decode: the answer comes at once, from 74 bytes
        byte[] huge = Fixture.bytes("huge-ihdr.png");
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThrows(MediaRefusedException.class,
                () -> inspector.inspect(huge, "huge.png")));
        var tight = new MediaInspector(new MediaLimits(MediaLimits.DEFAULT.maxBytes(), 1_000_000));
        MediaRefusedException refused = assertThrows(MediaRefusedException.class,
                () -> tight.inspect(Fixture.bytes("gps-exif.jpg"), "photo.jpg"));
        assertEquals(Map.of("width", 1100, "height", 1000, "limit", "1 megapixel"), refused.values());
    }

    @Test
    void markupIsFoundInAnyCaseAnywhere() {
        byte[] gif = Fixture.bytes("drawing.gif");
        for (String markup : new String[] {"<IFRAME src=x>", "<!DocType html>", "<svg onload=alert(1)>", "<bOdY>"}) {
            byte[] polyglot = Arrays.copyOf(gif, gif.length + markup.length());
            System.arraycopy(markup.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, polyglot, gif.length,
                    markup.length());
            assertEquals(Reason.POLYGLOT, assertThrows(MediaRefusedException.class,
                    () -> inspector.inspect(polyglot, "x.gif")).reason(), markup);
        }
    }

    @Test
    void anSvgWithoutAnXmlDeclarationIsStillSvg() {
        byte[] svg = "  <!-- logo -->\n<SVG xmlns=\"http://www.w3.org/2000/svg\"></SVG>".getBytes(
                java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(Reason.SVG, assertThrows(MediaRefusedException.class, () -> inspector.inspect(svg, "logo.jpg")).reason());
    }

    @Test
    void aNamelessFileIsCalledTheFile() {
        MediaRefusedException refused = assertThrows(MediaRefusedException.class,
                () -> inspector.inspect(Fixture.bytes("notes.txt"), ""));
        assertEquals(Map.of("name", "the file"), refused.values());
    }
}
