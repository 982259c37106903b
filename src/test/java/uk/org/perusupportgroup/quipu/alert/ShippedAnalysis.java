package uk.org.perusupportgroup.quipu.alert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The analysis of alerts with the synonyms shipped in {@code config/synonyms.txt}, for tests and benchmarks. */
final class ShippedAnalysis {

    static final TextAnalysis ANALYSIS = load();

    private ShippedAnalysis() {}

    private static TextAnalysis load() {
        try {
            return new TextAnalysis(Synonyms.parse(Files.readString(Path.of("config/synonyms.txt")), "config/synonyms.txt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
