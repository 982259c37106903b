package uk.org.perusupportgroup.quipu.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files of {@code src/test/resources/media/}. */
public final class Fixture {

    public static final Path DIR = Path.of("src/test/resources/media");

    private Fixture() {}

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(DIR.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
