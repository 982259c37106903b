package uk.org.perusupportgroup.quipu.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.config.YamlNode;
import uk.org.perusupportgroup.quipu.store.MediaSourceStore;
import uk.org.perusupportgroup.quipu.store.MediaStore;

/**
 * Photos and documents kept as files under the media directory ({@code feeds/media/}, beside the articles): each is
 * checked, cleaned and stored exactly as an upload is ({@link MediaImport}), its text (alt, caption, credit) from its
 * sidecar {@code NAME.EXT.yaml}. A file refused, or a photo without its alt text, is a problem and is skipped; what was
 * stored stays. A file is processed again only when it or its sidecar changed (size or modification time) and, across
 * restarts and instances, only when its bytes changed ({@code media_source} keeps their SHA-256). Blocking.
 */
public final class MediaFiles {

    private static final Logger LOG = LoggerFactory.getLogger(MediaFiles.class);

    /** A file's text lives beside it, in a file of the same name with this added ({@code juliaca.jpg.yaml}). */
    static final String SIDECAR = ".yaml";
    private static final long MAX_SIDECAR_BYTES = 64 * 1024;

    private final Path root;
    /** How problems and the record name the directory ({@code feeds/media}). */
    private final String shown;
    private final long maxBytes;
    private final MediaImport library;
    private final MediaSourceStore sources;
    private final MediaStore uploads;
    private final Clock clock;
    /** What each file became, in the state it was handled in. */
    private final Map<String, Handled> handled = new HashMap<>();

    /**
     * @param shown how problems name the directory, such as {@code feeds/media}
     * @param maxBytes {@code media.max-bytes}: no more than this (and one byte) of a file is read
     */
    public MediaFiles(Path root, String shown, long maxBytes, MediaImport library, MediaSourceStore sources, MediaStore uploads,
            Clock clock) {
        this.root = root;
        this.shown = shown;
        this.maxBytes = maxBytes;
        this.library = library;
        this.sources = sources;
        this.uploads = uploads;
        this.clock = clock;
    }

    /** The media directory beside the articles directory: {@code feeds/media} for {@code feeds/articles}. */
    public static Path besideArticles(Path articles) {
        Path parent = articles.toAbsolutePath().normalize().getParent();
        return parent == null ? Path.of("media") : parent.resolve("media");
    }

    /** How problems name the media directory beside {@code articles}: {@code feeds/media}. */
    public static String shownBesideArticles(Path articles) {
        Path parent = articles.toAbsolutePath().normalize().getParent();
        return parent == null || parent.getFileName() == null ? "media" : parent.getFileName() + "/media";
    }

    public Path root() {
        return root;
    }

    /** How problems name the media directory ({@code feeds/media}). */
    public String shown() {
        return shown;
    }

    /** A file's size and modification time, and its sidecar's (null when it has none). */
    private record Stamps(long size, long modified, Long sidecarSize, Long sidecarModified) {}

    private record Handled(Stamps stamps, Outcome outcome) {}

    /**
     * What one file became.
     *
     * @param photo true for a photo, false for a document
     * @param id the upload's id; 0 when not imported (see {@code problems})
     */
    public record Outcome(long id, boolean photo, String alt, String caption, String credit, List<String> problems) {

        public Outcome {
            problems = List.copyOf(problems);
        }

        static Outcome failed(String problem) {
            return new Outcome(0, false, "", "", "", List.of(problem));
        }

        public boolean imported() {
            return problems.isEmpty();
        }
    }

    /** What the directory holds now: each file (by path under the root, with {@code /}) and what it became. */
    public record Scan(Map<String, Outcome> files, List<String> problems) {

        /** No directory, or no import (the media directory is optional). */
        public static final Scan NONE = new Scan(Map.of(), List.of());
    }

    /** Imports what changed since the last scan; answers every file's outcome. Blocking. */
    public synchronized Scan scan() {
        if (!Files.isDirectory(root)) {
            handled.clear();
            return Scan.NONE;
        }
        Map<String, Stamps> present = list();
        Map<String, Outcome> files = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Stamps> file : present.entrySet()) {
            String path = file.getKey();
            Handled before = handled.get(path);
            Outcome outcome;
            if (before != null && before.stamps().equals(file.getValue())) {
                outcome = before.outcome();
            } else {
                Optional<Outcome> now = process(path, file.getValue());
                if (now.isEmpty()) {
                    // not finished (the database failed): the next scan tries again; what it was stays meanwhile
                    handled.remove(path);
                    outcome = Outcome.failed(shown(path) + ": not imported yet: the database did not answer");
                } else {
                    outcome = now.get();
                    handled.put(path, new Handled(file.getValue(), outcome));
                    outcome.problems().forEach(problem -> LOG.warn("media file skipped: {}", problem));
                }
            }
            files.put(path, outcome);
            problems.addAll(outcome.problems());
        }
        handled.keySet().retainAll(present.keySet());
        for (String sidecar : sidecarsAlone()) {
            problems.add(shown(sidecar) + ": no file " + sidecar.substring(sidecar.lastIndexOf('/') + 1,
                    sidecar.length() - SIDECAR.length()) + " beside it: a sidecar holds the text of the file of its name");
        }
        return new Scan(files, List.copyOf(problems));
    }

    /** @return the outcome, or empty when the store failed and the file should be tried again */
    private Optional<Outcome> process(String path, Stamps stamps) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        Sidecar sidecar = sidecar(path, stamps.sidecarSize() != null);
        if (!sidecar.problems().isEmpty()) {
            return Optional.of(new Outcome(0, false, "", "", "", sidecar.problems()));
        }
        byte[] content;
        try (InputStream in = Files.newInputStream(root.resolve(path))) {
            // never more than the limit and a byte: the check says the file is too large
            content = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 16));
        } catch (IOException e) {
            return Optional.of(Outcome.failed(shown(path) + ": cannot be read: " + e.getMessage()));
        }
        String sha256 = sha256(content);
        try {
            Optional<MediaStore.StoredMedia> known = sources.find(path).filter(source -> source.sha256().equals(sha256))
                    .flatMap(source -> uploads.find(source.mediaId()));
            long id;
            boolean photo;
            if (known.isPresent()) {
                id = known.get().id();
                photo = known.get().kind().equals("image");
                if (photo && sidecar.alt().isEmpty()) {
                    return Optional.of(Outcome.failed(altMissing(path, sidecar)));
                }
            } else {
                MediaImport.Imported imported;
                try {
                    imported = library.store(content, name, sidecar.alt(), sidecar.caption(), sidecar.credit(),
                            createdBy(path));
                } catch (MediaImport.Refused refused) {
                    return Optional.of(Outcome.failed(refused.altMissing() ? altMissing(path, sidecar)
                            : shown(path) + ": " + refused.getMessage()));
                }
                id = imported.id();
                photo = imported.photo();
                sources.record(path, id, sha256, clock.instant());
                LOG.info("media file imported: file={} media={} {}", shown(path), id, imported.created() ? "stored" : "already stored");
            }
            return Optional.of(new Outcome(id, photo, sidecar.alt(), sidecar.caption(), sidecar.credit(), List.of()));
        } catch (RuntimeException e) {
            LOG.error("media file not imported, will retry: file={}", shown(path), e);
            return Optional.empty();
        }
    }

    private String altMissing(String path, Sidecar sidecar) {
        return sidecar.exists()
                ? shown(path + SIDECAR) + ": alt: required for a photo: describe what it shows for people who cannot see it"
                : shown(path) + ": a photo needs its alt text: put it in " + shown(path + SIDECAR)
                        + " beside it (alt: what it shows; caption and credit if you like)";
    }

    private String createdBy(String path) {
        String by = "media file " + shown(path);
        return by.length() > 200 ? by.substring(0, 200) : by;
    }

    private String shown(String path) {
        return shown + "/" + path;
    }

    /** A file's text, from its sidecar; empty text when it has none. */
    private record Sidecar(boolean exists, String alt, String caption, String credit, List<String> problems) {}

    private Sidecar sidecar(String path, boolean exists) {
        if (!exists) {
            return new Sidecar(false, "", "", "", List.of());
        }
        String where = shown(path + SIDECAR);
        String text;
        try {
            Path file = root.resolve(path + SIDECAR);
            if (Files.size(file) > MAX_SIDECAR_BYTES) {
                return new Sidecar(true, "", "", "", List.of(where + ": larger than 64 KiB: it holds alt, caption and credit"));
            }
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            return new Sidecar(true, "", "", "", List.of(where + ": the file is not UTF-8 text"));
        } catch (IOException e) {
            return new Sidecar(true, "", "", "", List.of(where + ": cannot be read: " + e.getMessage()));
        }
        YamlNode root;
        try {
            root = YamlNode.parse(text, where);
        } catch (YamlNode.YamlException e) {
            return new Sidecar(true, "", "", "", List.of(where + (e.line() > 0 ? ":" + e.line() : "") + ": " + e.problem()));
        }
        if (!(root instanceof YamlNode.Mapping mapping)) {
            return new Sidecar(true, "", "", "", List.of(where + ":1: must be 'key: value' lines: alt, caption, credit"));
        }
        List<String> problems = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        mapping.entries().forEach((key, value) -> {
            String at = where + ":" + mapping.keyLines().getOrDefault(key, 1) + ": " + key;
            if (!List.of("alt", "caption", "credit").contains(key)) {
                problems.add(at + ": unknown field (allowed: alt, caption, credit)");
            } else if (!(value instanceof YamlNode.Scalar scalar)) {
                problems.add(at + ": must be text");
            } else if (scalar.value() != null) {
                values.put(key, scalar.value().strip());
            }
        });
        return new Sidecar(true, values.getOrDefault("alt", ""), values.getOrDefault("caption", ""),
                values.getOrDefault("credit", ""), problems);
    }

    /** Every file but the sidecars and hidden files, with its stamps. */
    private Map<String, Stamps> list() {
        Map<String, Stamps> files = new TreeMap<>();
        for (Path path : walk()) {
            String relative = root.relativize(path).toString().replace('\\', '/');
            if (relative.endsWith(SIDECAR)) {
                continue;
            }
            Optional<BasicFileAttributes> file = attributes(path);
            if (file.isEmpty() || !file.get().isRegularFile()) {
                continue;
            }
            Optional<BasicFileAttributes> sidecar = attributes(root.resolve(relative + SIDECAR))
                    .filter(BasicFileAttributes::isRegularFile);
            files.put(relative, new Stamps(file.get().size(), file.get().lastModifiedTime().toMillis(),
                    sidecar.map(BasicFileAttributes::size).orElse(null),
                    sidecar.map(a -> a.lastModifiedTime().toMillis()).orElse(null)));
        }
        return files;
    }

    /** The sidecars whose file is not there. */
    private List<String> sidecarsAlone() {
        List<String> alone = new ArrayList<>();
        for (Path path : walk()) {
            String relative = root.relativize(path).toString().replace('\\', '/');
            if (relative.endsWith(SIDECAR) && !Files.exists(root.resolve(relative.substring(0, relative.length() - SIDECAR.length())))) {
                alone.add(relative);
            }
        }
        return alone;
    }

    private List<Path> walk() {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !p.equals(root) && !hidden(root.relativize(p))).forEach(paths::add);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot list media files under " + root + ": " + e.getMessage(), e);
        }
        return paths;
    }

    /** A path with a part whose name starts with a dot ({@code .git}, {@code .DS_Store}). */
    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<BasicFileAttributes> attributes(Path path) {
        try {
            return Optional.of(Files.readAttributes(path, BasicFileAttributes.class));
        } catch (IOException e) {
            return Optional.empty();   // not there, or removed while listing
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
