package uk.org.perusupportgroup.quipu.publish;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.store.ArticleStore;

/**
 * Keeps the store in step with the article files: a file added or changed is imported, a file
 * removed removes its article (restorable for 30 days). A bad file is reported by path and line and skipped; its
 * article, if one was stored before, stays as it was. A missing or unreadable directory removes nothing, and a scan
 * that would remove more than the removal limit removes nothing either: it holds those removals (in the database,
 * so every instance shows the same) until staff confirm them or the files return.
 *
 * <p>Each scan first imports the photos and documents under the media directory ({@link MediaFiles}), so that an
 * article file may name its lead image by file ({@code image: {file: juliaca.jpg}}); their problems are listed with the
 * article files'. An article whose image file changes, appears or goes is read again.
 */
public final class ArticleFileImporter {

    private static final Logger LOG = LoggerFactory.getLogger(ArticleFileImporter.class);

    private final ArticleFiles files;
    private final ArticleService articles;
    private final ArticleStore store;
    /** The media files; null where there are none (tests of the article files alone). */
    private final MediaFiles media;
    /** Guarded by this importer's lock: the image file each article file names, and what it was when last read. */
    private final Map<String, String> imageOf = new HashMap<>();
    private final Map<String, ArticleFileParser.ImageFile> lookedUp = new HashMap<>();
    /** Guarded by this importer's lock; only scans touch it. */
    private final Map<String, List<String>> problems = new TreeMap<>();
    /** What {@link #currentProblems} answers: replaced whole after each scan, read without the lock. */
    private volatile List<String> published = List.of();
    /** Held by the scan under way: a timer's scan skips its turn, an operator's waits for it. */
    private final ReentrantLock scanning = new ReentrantLock();

    /** Number of file articles → how many one scan may remove without staff confirming. */
    private final IntUnaryOperator removalLimit;

    public ArticleFileImporter(ArticleFiles files, ArticleService articles, ArticleStore store, IntUnaryOperator removalLimit) {
        this(files, null, articles, store, removalLimit);
    }

    /** @param media the photos and documents beside the articles, imported first at each scan; null for none */
    public ArticleFileImporter(ArticleFiles files, MediaFiles media, ArticleService articles, ArticleStore store,
            IntUnaryOperator removalLimit) {
        this.files = files;
        this.media = media;
        this.articles = articles;
        this.store = store;
        this.removalLimit = removalLimit;
    }

    /** What a scan did. */
    public record Report(int imported, int deleted, List<String> problems) {}

    /** Reads what changed since the last scan and applies it. Blocking; a scan already running makes this one a no-op. */
    public Report scan() {
        if (!scanning.tryLock()) {
            return new Report(0, 0, currentProblems());
        }
        try {
            return rescan();
        } finally {
            scanning.unlock();
        }
    }

    /**
     * A scan an operator asked for: waits for a scan already under way to end, then reads the files again, so that
     * files changed just now are seen. Blocking.
     */
    public Report scanNow() {
        scanning.lock();
        try {
            return rescan();
        } finally {
            scanning.unlock();
        }
    }

    /**
     * Every problem of every file as of the last scan, {@code path:line: what}. Never waits for a
     * scan in progress, so event loops may call it.
     */
    public List<String> currentProblems() {
        return published;
    }

    /** Imports the media files, then reads the article files that changed and applies them. */
    private synchronized Report rescan() {
        MediaFiles.Scan scanned = scanMedia();
        ArticleFileParser.ImageFiles images = images(scanned);
        // an article whose image file changed, appeared or went is read again
        imageOf.forEach((path, name) -> {
            if (!images.find(name).equals(lookedUp.get(path))) {
                files.retry(path);
            }
        });
        return applyParsed(files.read(images), scanned, images);
    }

    /**
     * Applies a listing read earlier (start-up reads the files while the database opens), after importing the media
     * files: the article files that name their image by file, which waited for them, are parsed now.
     */
    public synchronized Report apply(ArticleFiles.Listing listing) {
        MediaFiles.Scan scanned = scanMedia();
        ArticleFileParser.ImageFiles images = images(scanned);
        Map<String, ArticleFileParser.Parsed> changed = new java.util.LinkedHashMap<>(listing.changed());
        changed.replaceAll((path, parsed) -> parsed.waitsForMedia() ? files.parse(path, listing.present().get(path), images) : parsed);
        return applyParsed(new ArticleFiles.Listing(listing.rootExists(), listing.present(), changed), scanned, images);
    }

    private MediaFiles.Scan scanMedia() {
        if (media == null) {
            return MediaFiles.Scan.NONE;
        }
        try {
            return media.scan();
        } catch (RuntimeException e) {
            LOG.error("media files not scanned, will retry: dir={}", media.root(), e);
            return new MediaFiles.Scan(Map.of(), List.of(media.root() + ": media files not scanned: " + e.getMessage()));
        }
    }

    /** Finds an image file in what the media scan imported. */
    private ArticleFileParser.ImageFiles images(MediaFiles.Scan scanned) {
        String dir = media == null ? "media" : media.shown();
        return name -> {
            MediaFiles.Outcome outcome = scanned.files().get(name);
            if (outcome == null) {
                return new ArticleFileParser.ImageFile.Missing("there is no file " + dir + "/" + name
                        + " (put the photo there, with its sidecar " + name + MediaFiles.SIDECAR + ")");
            }
            if (!outcome.imported()) {
                return new ArticleFileParser.ImageFile.Missing("the photo is not imported: " + outcome.problems().get(0));
            }
            if (!outcome.photo()) {
                return new ArticleFileParser.ImageFile.Missing(dir + "/" + name + " is a document, not a photo: a lead image"
                        + " must be a photo (link a PDF from the body instead)");
            }
            return new ArticleFileParser.ImageFile.Found(outcome.id(), outcome.alt(), outcome.caption(), outcome.credit());
        };
    }

    private Report applyParsed(ArticleFiles.Listing listing, MediaFiles.Scan scanned, ArticleFileParser.ImageFiles images) {
        if (!listing.rootExists()) {
            String problem = files.root() + ": the articles directory does not exist: nothing imported, nothing removed";
            LOG.warn(problem);
            published = concat(List.of(problem), scanned.problems());
            return new Report(0, 0, published);
        }
        listing.changed().forEach((path, parsed) -> {
            if (parsed.imageFile().isPresent()) {
                imageOf.put(path, parsed.imageFile().get());
                lookedUp.put(path, images.find(parsed.imageFile().get()));
            } else {
                imageOf.remove(path);
                lookedUp.remove(path);
            }
        });
        imageOf.keySet().retainAll(listing.present().keySet());
        lookedUp.keySet().retainAll(listing.present().keySet());
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
        int deleted = removeMissing(listing);
        mediaProblems = scanned.problems();
        published = concat(problems.values().stream().flatMap(List::stream).toList(), mediaProblems);
        return new Report(imported, deleted, published);
    }

    /**
     * Removes the articles whose files are gone, when they are few enough; otherwise holds every one of them.
     *
     * @return how many were removed
     */
    private int removeMissing(ArticleFiles.Listing listing) {
        Map<String, String> stored = store.sourceFiles();
        Map<String, String> missing = new java.util.LinkedHashMap<>();
        stored.forEach((slug, file) -> {
            if (!listing.present().containsKey(file)) {
                missing.put(slug, file);
            }
        });
        int limit = removalLimit.applyAsInt(stored.size());
        List<ArticleStore.HeldRemoval> held = store.heldRemovals();
        problems.remove(HOLD);
        if (missing.size() > limit) {
            if (!held.stream().map(ArticleStore.HeldRemoval::slug).collect(java.util.stream.Collectors.toSet()).equals(missing.keySet())) {
                articles.holdRemovals(missing);
                LOG.warn("article files: {} of {} file articles have lost their files, more than the {} one scan may remove:"
                        + " none removed; confirm on /admin/articles, or put the files back: dir={} first={}", missing.size(),
                        stored.size(), limit, files.root(), missing.values().iterator().next());
            }
            problems.put(HOLD, List.of(holdWarning(missing.size(), stored.size(), limit)));
            return 0;
        }
        if (!held.isEmpty()) {
            articles.holdRemovals(Map.of());
            LOG.info("article files: the held removals are over ({} files missing now, within the limit of {})", missing.size(), limit);
        }
        for (Map.Entry<String, String> gone : missing.entrySet()) {
            LOG.info("article file removed: file={} slug={}", gone.getValue(), gone.getKey());
            articles.removeForFile(gone.getKey(), "its file " + gone.getValue() + " is gone");
        }
        return missing.size();
    }

    /** The key under which the hold's warning is listed with the files' problems (sorted first). */
    private static final String HOLD = "";

    private static final String HOLD_WARNING = "removals held: ";

    /** True for the problem line that says removals are held (pages show the held removals themselves instead). */
    public static boolean isHoldWarning(String problem) {
        return problem.startsWith(HOLD_WARNING);
    }

    static String holdWarning(int missing, int fileArticles, int limit) {
        return HOLD_WARNING + missing + " of " + fileArticles + " file articles have lost their files, more than the "
                + limit + " one scan may remove; none was removed: confirm on /admin/articles, or put the files back";
    }

    /**
     * Staff confirm the held removals they were shown: each of those whose file is still gone is removed (restorable
     * for 30 days); the others stay. Blocking.
     *
     * @return how many were removed
     */
    public synchronized int confirmRemovals(java.util.Set<String> slugs) {
        int removed = 0;
        Map<String, String> stillHeld = new java.util.LinkedHashMap<>();
        for (ArticleStore.HeldRemoval held : store.heldRemovals()) {
            boolean gone = !java.nio.file.Files.exists(files.root().resolve(held.sourceFile()));
            if (slugs.contains(held.slug()) && gone) {
                LOG.info("article file removed, confirmed by staff: file={} slug={}", held.sourceFile(), held.slug());
                articles.removeForFile(held.slug(), "its file " + held.sourceFile() + " is gone (removal confirmed by staff)");
                removed++;
            } else if (gone) {
                stillHeld.put(held.slug(), held.sourceFile());
            }
        }
        articles.holdRemovals(stillHeld);
        if (stillHeld.isEmpty()) {
            problems.remove(HOLD);
            published = concat(problems.values().stream().flatMap(List::stream).toList(), mediaProblems);
        }
        return removed;
    }

    /** The removals held back now, as the database has them (every instance's scans agree on them). Blocking. */
    public List<ArticleStore.HeldRemoval> heldRemovals() {
        return store.heldRemovals();
    }

    /** The media files' problems as of the last scan. Guarded by this importer's lock. */
    private List<String> mediaProblems = List.of();

    private static List<String> concat(List<String> first, List<String> second) {
        return second.isEmpty() ? List.copyOf(first) : java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
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
