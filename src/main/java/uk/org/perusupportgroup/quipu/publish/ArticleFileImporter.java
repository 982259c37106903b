package uk.org.perusupportgroup.quipu.publish;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.store.ArticleStore;

/**
 * Keeps the store in step with the article files: a file added or changed is imported, a file
 * removed deletes its article. A bad file is reported by path and line and skipped; its article, if
 * one was stored before, stays as it was. A missing directory removes nothing.
 */
public final class ArticleFileImporter {

    private static final Logger LOG = LoggerFactory.getLogger(ArticleFileImporter.class);

    private final ArticleFiles files;
    private final ArticleService articles;
    private final ArticleStore store;
    /** Guarded by this importer's lock; only scans touch it. */
    private final Map<String, List<String>> problems = new TreeMap<>();
    /** What {@link #currentProblems} answers: replaced whole after each scan, read without the lock. */
    private volatile List<String> published = List.of();
    private final AtomicBoolean running = new AtomicBoolean();

    public ArticleFileImporter(ArticleFiles files, ArticleService articles, ArticleStore store) {
        this.files = files;
        this.articles = articles;
        this.store = store;
    }

    /** What a scan did. */
    public record Report(int imported, int deleted, List<String> problems) {}

    /** Reads what changed since the last scan and applies it. Blocking; a scan already running makes this one a no-op. */
    public Report scan() {
        if (!running.compareAndSet(false, true)) {
            return new Report(0, 0, currentProblems());
        }
        try {
            return apply(files.read());
        } finally {
            running.set(false);
        }
    }

    /**
     * Every problem of every file as of the last scan, {@code path:line: what}. Never waits for a
     * scan in progress, so event loops may call it.
     */
    public List<String> currentProblems() {
        return published;
    }

    /** Applies a listing read earlier (start-up reads the files while the database opens). */
    public synchronized Report apply(ArticleFiles.Listing listing) {
        if (!listing.rootExists()) {
            String problem = files.root() + ": the articles directory does not exist: nothing imported, nothing removed";
            LOG.warn(problem);
            published = List.of(problem);
            return new Report(0, 0, published);
        }
        Map<String, String> claimed = new HashMap<>();
        Map<String, String> toStore = new java.util.LinkedHashMap<>();   // slug -> path
        List<uk.org.perusupportgroup.quipu.article.Article> batch = new java.util.ArrayList<>();
        for (String path : listing.present().keySet()) {
            String slug = slugOf(path);
            String owner = claimed.putIfAbsent(slug, path);
            if (owner != null) {
                report(path, List.of(path + ": slug '" + slug + "' is already used by the article file " + owner
                        + ": file names must be unique across folders"));
                continue;
            }
            ArticleFileParser.Parsed parsed = listing.changed().get(path);
            if (parsed == null) {
                continue;
            }
            if (parsed.article().isEmpty()) {
                report(path, parsed.problems());
                files.handled(path, listing.present().get(path));
            } else {
                toStore.put(slug, path);
                batch.add(parsed.article().get());
            }
        }
        int imported = 0;
        if (!batch.isEmpty()) {
            try {
                Map<String, String> refused = articles.saveFromFiles(batch, listing.present().keySet());
                for (Map.Entry<String, String> file : toStore.entrySet()) {
                    String path = file.getValue();
                    String problem = refused.get(file.getKey());
                    if (problem == null) {
                        files.handled(path, listing.present().get(path));
                        problems.remove(path);
                        imported++;
                    } else {
                        files.retry(path);   // read again next scan: whatever holds the slug may go
                        report(path, List.of(path + ": " + problem));
                    }
                }
            } catch (RuntimeException e) {
                LOG.error("article files not imported, will retry: files={}", toStore.values(), e);
                for (String path : toStore.values()) {
                    files.retry(path);
                    problems.put(path, List.of(path + ": not imported yet: " + e.getMessage()));
                }
            }
        }
        files.keepOnly(listing.present().keySet());
        problems.keySet().retainAll(listing.present().keySet());
        int deleted = 0;
        for (Map.Entry<String, String> stored : store.sourceFiles().entrySet()) {
            if (!listing.present().containsKey(stored.getValue())) {
                LOG.info("article file removed: file={} slug={}", stored.getValue(), stored.getKey());
                articles.deleteFromFile(stored.getKey());
                deleted++;
            }
        }
        published = problems.values().stream().flatMap(List::stream).toList();
        return new Report(imported, deleted, published);
    }

    /** Records a file's problems, logging them when they are new (not at every scan). */
    private void report(String path, List<String> fileProblems) {
        if (!fileProblems.equals(problems.put(path, fileProblems))) {
            fileProblems.forEach(problem -> LOG.warn("article file skipped: {}", problem));
        }
    }

    private static String slugOf(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.substring(0, name.length() - 3);
    }
}
