package uk.org.perusupportgroup.quipu.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.store.ArticleStore;

/**
 * Keeps the store in step with the article files ({@code feeds/articles/**}{@code /*.md}): a file added
 * or changed is imported, a file removed deletes its article. A bad file is reported by path and line
 * and skipped; its article, if one was stored before, stays as it was. Only files whose size or
 * modification time changed since the last scan are read again.
 */
public final class ArticleFileImporter {

    private static final Logger LOG = LoggerFactory.getLogger(ArticleFileImporter.class);
    private static final long MAX_FILE_BYTES = 2L * 1024 * 1024;

    private final Path root;
    private final ArticleFileParser parser;
    private final ArticleService articles;
    private final ArticleStore store;
    private final Map<String, Stamp> seen = new HashMap<>();
    private final Map<String, List<String>> problems = new TreeMap<>();
    private final AtomicBoolean running = new AtomicBoolean();

    public ArticleFileImporter(Path root, ArticleFileParser parser, ArticleService articles, ArticleStore store) {
        this.root = root;
        this.parser = parser;
        this.articles = articles;
        this.store = store;
    }

    /** What a scan did. */
    public record Report(int imported, int deleted, List<String> problems) {}

    private record Stamp(long size, long modified, Optional<String> slug) {}

    /**
     * Reads what changed since the last scan. Blocking; a scan already running makes this one a no-op.
     */
    public Report scan() {
        if (!running.compareAndSet(false, true)) {
            return new Report(0, 0, currentProblems());
        }
        try {
            return scanOnce();
        } finally {
            running.set(false);
        }
    }

    /** Every problem of every file as it stands now, {@code path:line: what}. */
    public synchronized List<String> currentProblems() {
        return problems.values().stream().flatMap(List::stream).toList();
    }

    private synchronized Report scanOnce() {
        if (!Files.isDirectory(root)) {
            String problem = root + ": the articles directory does not exist: nothing imported, nothing removed";
            LOG.warn(problem);
            return new Report(0, 0, List.of(problem));
        }
        Map<String, BasicFileAttributes> files = list();
        int imported = 0;
        // slugs claimed by files in this scan, to refuse a second file with the same name
        Map<String, String> claimed = new HashMap<>();
        for (Map.Entry<String, BasicFileAttributes> file : files.entrySet()) {
            String path = file.getKey();
            String slug = slugOf(path);
            String owner = claimed.putIfAbsent(slug, path);
            if (owner != null) {
                problems.put(path, List.of(path + ": slug '" + slug + "' is already used by the article file " + owner
                        + ": file names must be unique across folders"));
                seen.put(path, new Stamp(file.getValue().size(), file.getValue().lastModifiedTime().toMillis(), Optional.empty()));
                continue;
            }
            Stamp stamp = new Stamp(file.getValue().size(), file.getValue().lastModifiedTime().toMillis(), Optional.of(slug));
            Stamp before = seen.get(path);
            if (before != null && before.size() == stamp.size() && before.modified() == stamp.modified()) {
                continue;
            }
            seen.put(path, stamp);
            List<String> fileProblems;
            try {
                fileProblems = importFile(path, file.getValue().size());
            } catch (RuntimeException e) {
                seen.remove(path);
                LOG.error("article file not imported, will retry: file={}", path, e);
                fileProblems = List.of(path + ": not imported yet: " + e.getMessage());
            }
            if (fileProblems.isEmpty()) {
                problems.remove(path);
                imported++;
            } else {
                problems.put(path, fileProblems);
                fileProblems.forEach(problem -> LOG.warn("article file skipped: {}", problem));
            }
        }
        seen.keySet().retainAll(files.keySet());
        problems.keySet().retainAll(files.keySet());
        int deleted = 0;
        for (Map.Entry<String, String> stored : store.sourceFiles().entrySet()) {
            if (!files.containsKey(stored.getValue())) {
                LOG.info("article file removed: file={} slug={}", stored.getValue(), stored.getKey());
                articles.deleteFromFile(stored.getKey());
                deleted++;
            }
        }
        return new Report(imported, deleted, currentProblems());
    }

    private List<String> importFile(String path, long size) {
        if (size > MAX_FILE_BYTES) {
            return List.of(path + ": the file is larger than " + MAX_FILE_BYTES / 1024 / 1024 + " MiB");
        }
        String text;
        try {
            byte[] bytes = Files.readAllBytes(root.resolve(path));
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return List.of(path + ": the file is not UTF-8 text");
        } catch (IOException e) {
            return List.of(path + ": cannot be read: " + e.getMessage());
        }
        ArticleFileParser.Parsed parsed = parser.parse(path, text);
        if (parsed.article().isEmpty()) {
            return parsed.problems();
        }
        Article article = parsed.article().get();
        return articles.saveFromFile(article).map(problem -> List.of(path + ": " + problem)).orElse(List.of());
    }

    /** Every {@code *.md} file below the root, by relative path with {@code /} separators. */
    private Map<String, BasicFileAttributes> list() {
        Map<String, BasicFileAttributes> files = new TreeMap<>();
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> p.getFileName().toString().endsWith(".md")).forEach(paths::add);
        } catch (IOException | UncheckedIOException e) {
            LOG.error("cannot list article files under {}: {}", root, e.getMessage());
            throw new IllegalStateException("cannot list article files under " + root, e);
        }
        for (Path path : paths) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                if (attributes.isRegularFile()) {
                    files.put(root.relativize(path).toString().replace('\\', '/'), attributes);
                }
            } catch (IOException e) {
                // removed while listing: it is simply not there
            }
        }
        return files;
    }

    private static String slugOf(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.substring(0, name.length() - 3);
    }
}
