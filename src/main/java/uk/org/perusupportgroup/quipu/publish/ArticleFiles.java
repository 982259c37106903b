package uk.org.perusupportgroup.quipu.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The article files on disk ({@code feeds/articles/**}{@code /*.md}): lists them and parses the
 * ones whose size or modification time changed since they were last marked as handled. Touches no
 * database, so start-up reads the files while the database opens.
 */
public final class ArticleFiles {

    private static final long MAX_FILE_BYTES = 2L * 1024 * 1024;

    private final Path root;
    private final ArticleFileParser parser;
    private final Map<String, Stamp> handled = new HashMap<>();

    public ArticleFiles(Path root, ArticleFileParser parser) {
        this.root = root;
        this.parser = parser;
    }

    /** A file's size and modification time: when both are unchanged, the file is not read again. */
    record Stamp(long size, long modified) {}

    /**
     * What the directory holds now.
     *
     * @param present every article file, by path relative to the root (with {@code /}), and its stamp
     * @param changed the files not yet handled in their current state, parsed
     */
    public record Listing(boolean rootExists, Map<String, Stamp> present, Map<String, ArticleFileParser.Parsed> changed) {}

    public Path root() {
        return root;
    }

    /**
     * Lists the files and parses the changed ones; those whose lead image is given by file wait for the media files
     * ({@link ArticleFileParser.Parsed#waitsForMedia}). Blocking.
     */
    public Listing read() {
        return read(ArticleFileParser.ImageFiles.NOT_YET);
    }

    /** Lists the files and parses the changed ones, lead images given by file looked up in {@code images}. Blocking. */
    public synchronized Listing read(ArticleFileParser.ImageFiles images) {
        if (!Files.isDirectory(root)) {
            return new Listing(false, Map.of(), Map.of());
        }
        Map<String, Stamp> present = list();
        Map<String, ArticleFileParser.Parsed> changed = new LinkedHashMap<>();
        for (Map.Entry<String, Stamp> file : present.entrySet()) {
            if (!file.getValue().equals(handled.get(file.getKey()))) {
                changed.put(file.getKey(), parse(file.getKey(), file.getValue(), images));
            }
        }
        return new Listing(true, present, changed);
    }

    /** Records that a file was handled in this state; it is read again only when it changes. */
    synchronized void handled(String path, Stamp stamp) {
        handled.put(path, stamp);
    }

    /** Forgets a file's state, so that the next read parses it again (after a failure to store it). */
    synchronized void retry(String path) {
        handled.remove(path);
    }

    /** Forgets files that are gone. */
    synchronized void keepOnly(java.util.Set<String> paths) {
        handled.keySet().retainAll(paths);
    }

    /** Parses one file again, as of {@code stamp} (one that waited for the media files). Blocking. */
    synchronized ArticleFileParser.Parsed parse(String path, Stamp stamp, ArticleFileParser.ImageFiles images) {
        if (stamp.size() > MAX_FILE_BYTES) {
            return failed(path + ": the file is larger than " + MAX_FILE_BYTES / 1024 / 1024 + " MiB");
        }
        String text;
        try {
            byte[] bytes = Files.readAllBytes(root.resolve(path));
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return failed(path + ": the file is not UTF-8 text");
        } catch (IOException e) {
            return failed(path + ": cannot be read: " + e.getMessage());
        }
        return parser.parse(path, text, images);
    }

    private static ArticleFileParser.Parsed failed(String problem) {
        return new ArticleFileParser.Parsed(Optional.empty(), List.of(problem));
    }

    private Map<String, Stamp> list() {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> p.getFileName().toString().endsWith(".md")).forEach(paths::add);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot list article files under " + root + ": " + e.getMessage(), e);
        }
        Map<String, Stamp> files = new TreeMap<>();
        for (Path path : paths) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                if (attributes.isRegularFile()) {
                    files.put(root.relativize(path).toString().replace('\\', '/'),
                            new Stamp(attributes.size(), attributes.lastModifiedTime().toMillis()));
                }
            } catch (IOException e) {
                // removed while listing: it is simply not there
            }
        }
        return files;
    }
}
