package uk.org.perusupportgroup.quipu.web;

import uk.org.perusupportgroup.quipu.text.Messages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import uk.org.perusupportgroup.quipu.media.Fixture;
import uk.org.perusupportgroup.quipu.media.MediaLibrary;
import uk.org.perusupportgroup.quipu.media.MediaLimits;
import uk.org.perusupportgroup.quipu.media.MediaRefusedException;
import uk.org.perusupportgroup.quipu.media.MediaRefusedException.Reason;
import uk.org.perusupportgroup.quipu.media.Upload;
import uk.org.perusupportgroup.quipu.store.MediaStore;

/**
 * Every hostile upload, by its fixture, and the answer staff read: the status and the exact sentence of
 * {@code messages/errors.properties}. Nothing is stored for any of them.
 */
class MediaProblemsTest {

    /** A store that fails the test if anything reaches it. */
    private static final MediaStore NOTHING_STORED = new MediaStore() {
        @Override
        public Saved save(NewMedia media) {
            throw new AssertionError("a refused upload reached the store");
        }

        @Override
        public Optional<MediaFile> file(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<FileInfo> info(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<StoredMedia> find(long id) {
            return Optional.empty();
        }

        @Override
        public List<StoredMedia> recent(int limit) {
            return List.of();
        }
    };

    private final MediaLibrary library = new MediaLibrary(NOTHING_STORED, new MediaLimits(200 * 1024, 50_000_000),
            Clock.systemUTC(), com.github.benmanes.caffeine.cache.Ticker.systemTicker());

    private static Supplier<Upload> file(String name, String alt) {
        return () -> new Upload(Fixture.bytes(name), name, alt, "", "", "test");
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("empty file", file("empty.jpg", "x"), 400, "the file is empty: choose the photo or PDF again"),
                Arguments.of("over the limit", (Supplier<Upload>) () -> new Upload(new byte[200 * 1024 + 1], "big.jpg", "x",
                        "", "", "test"), 413,
                        "the file is larger than the limit of 200 KB: make it smaller (a photo 2400 pixels wide is plenty)"),
                Arguments.of("SVG with a script, named .png", file("svg-with-script.png", "x"), 415,
                        "SVG images are not accepted: they can carry scripts; export it as PNG"),
                Arguments.of("HTML page", file("page.html", "x"), 415,
                        "HTML pages are not accepted: send a JPEG, PNG, WebP or GIF image or a PDF document"),
                Arguments.of("plain text", file("notes.txt", "x"), 415, "'notes.txt' is not a JPEG, PNG, WebP, GIF or PDF file"),
                Arguments.of("JPEG and HTML polyglot", file("polyglot.jpg", "x"), 415,
                        "the file holds HTML markup as well as an image: refused"),
                Arguments.of("PNG claiming 100000 × 100000", file("huge-ihdr.png", "x"), 413,
                        "the image claims 100000 × 100000 pixels, more than the limit of 50 megapixels: make it smaller"),
                Arguments.of("truncated JPEG", file("truncated.jpg", "x"), 400,
                        "the JPEG image cannot be read: the file is truncated or damaged; export it again"),
                Arguments.of("truncated PNG", file("truncated.png", "x"), 400,
                        "the PNG image cannot be read: the file is truncated or damaged; export it again"),
                Arguments.of("photo without alt", file("photo.webp", "  "), 400,
                        "alt: required for an image: describe what it shows for people who cannot see it"),
                Arguments.of("alt too long", file("photo.webp", "a".repeat(501)), 400, "alt: at most 500 characters, not 501"),
                Arguments.of("caption too long", (Supplier<Upload>) () -> new Upload(Fixture.bytes("document.pdf"), "a.pdf", "",
                        "c".repeat(1001), "", "test"), 400, "caption: at most 1000 characters, not 1001"),
                Arguments.of("credit too long", (Supplier<Upload>) () -> new Upload(Fixture.bytes("document.pdf"), "a.pdf", "",
                        "", "c".repeat(201), "test"), 400, "credit: at most 200 characters, not 201"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void refused(String what, Supplier<Upload> upload, int status, String message) {
        MediaRefusedException refused = assertThrows(MediaRefusedException.class, () -> library.upload(upload.get()));
        Problem problem = MediaHandler.problem(refused);
        assertEquals(status, problem.status());
        assertEquals(message, problem.message());
    }

    @Test
    void everyReasonHasAStatusAndASentence() {
        for (Reason reason : Reason.values()) {
            Messages.ERRORS.get(reason.key(), Map.of("limit", "1", "width", 1, "height", 1, "type", "PNG", "name", "n",
                    "field", "alt", "max", 1, "length", 2));
            MediaHandler.problem(new MediaRefusedException(reason, Map.of("limit", "1", "width", 1, "height", 1, "type", "PNG",
                    "name", "n", "field", "alt", "max", 1, "length", 2)));
        }
    }
}
