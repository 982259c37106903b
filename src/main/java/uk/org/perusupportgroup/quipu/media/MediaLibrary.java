package uk.org.perusupportgroup.quipu.media;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.media.MediaRefusedException.Reason;
import uk.org.perusupportgroup.quipu.store.Database;
import uk.org.perusupportgroup.quipu.store.JdbcMediaStore;
import uk.org.perusupportgroup.quipu.store.MediaStore;

/**
 * Media, assembled: uploads checked ({@link MediaInspector}), cleaned and resized ({@link ImageProcessor}), stored in
 * the database every instance shares, and their files read back through a bounded cache (a file never changes once
 * stored, so a cached one is never stale). Blocking: call it off the event loops, and one upload at a time is best,
 * since decoding a large photo takes a few hundred MB at the pixel limit.
 */
public final class MediaLibrary {

    private static final Logger LOG = LoggerFactory.getLogger(MediaLibrary.class);

    /** Memory for files read back, in bytes (outside the heap: see {@link ServedFile}). */
    static final long CACHE_BYTES = 64L * 1024 * 1024;
    /** A file not asked for in this long leaves the cache. */
    static final Duration CACHE_IDLE = Duration.ofHours(1);
    static final int MAX_ALT = 500;
    static final int MAX_CAPTION = 1000;
    static final int MAX_CREDIT = 200;
    private static final int MAX_ORIGINAL_NAME = 255;

    private final MediaStore store;
    private final MediaInspector inspector;
    private final ImageProcessor processor;
    private final Clock clock;
    private final Cache<String, ServedFile> files;

    public MediaLibrary(MediaStore store, MediaLimits limits, Clock clock, Ticker ticker) {
        this.store = store;
        this.inspector = new MediaInspector(limits);
        this.processor = new ImageProcessor();
        this.clock = clock;
        this.files = Caffeine.newBuilder().maximumWeight(CACHE_BYTES)
                .weigher((String name, ServedFile file) -> file.length() + name.length())
                .expireAfterAccess(CACHE_IDLE).ticker(ticker).build();
    }

    /** The library on the database, with the limits of {@code media.*}. */
    public static MediaLibrary assemble(QuipuConfig config, Database database, Clock clock, Ticker ticker) {
        return new MediaLibrary(new JdbcMediaStore(database.dataSource()),
                new MediaLimits(config.media().maxBytes(), config.media().maxPixels()), clock, ticker);
    }

    public MediaLimits limits() {
        return inspector.limits();
    }

    /**
     * Checks, cleans and stores an upload. The same bytes uploaded again are not stored twice: the upload stored then
     * is returned, with {@link Stored#created} false.
     *
     * @throws MediaRefusedException saying what is wrong with the file or the text sent with it
     */
    public Stored upload(Upload upload) {
        try {
            return store(upload);
        } catch (MediaRefusedException e) {
            LOG.info("media: refused reason={} bytes={} name={}", e.reason().key(), upload.content().length,
                    originalName(upload.originalName()));
            throw e;
        }
    }

    private Stored store(Upload upload) {
        long start = System.nanoTime();
        Inspection inspection = inspector.inspect(upload.content(), upload.originalName());
        Media.Kind kind = inspection.type().isImage() ? Media.Kind.IMAGE : Media.Kind.DOCUMENT;
        String alt = text("alt", upload.alt(), MAX_ALT);
        if (kind == Media.Kind.IMAGE && alt.isEmpty()) {
            throw new MediaRefusedException(Reason.ALT_MISSING);
        }
        String caption = text("caption", upload.caption(), MAX_CAPTION);
        String credit = text("credit", upload.credit(), MAX_CREDIT);
        Processed processed = processor.process(upload.content(), inspection);
        List<MediaStore.MediaFile> made = processed.renditions().stream().map(r -> new MediaStore.MediaFile(r.name(),
                r.width(), r.height(), r.type().mime(), r.bytes())).toList();
        MediaStore.Saved saved = store.save(new MediaStore.NewMedia(kind.key(), alt, caption, credit,
                originalName(upload.originalName()), clock.instant(), upload.createdBy(), made));
        LOG.info("media: {} id={} type={} {}x{} bytes={} files={} in {} ms", saved.created() ? "stored" : "already stored",
                saved.media().id(), inspection.type().label(), inspection.width(), inspection.height(), upload.content().length,
                made.size(), (System.nanoTime() - start) / 1_000_000);
        return new Stored(media(saved.media()), saved.created());
    }

    /** @param created false when the same file had been uploaded before and {@code media} is that upload */
    public record Stored(Media media, boolean created) {}

    /** A file with its bytes, from the cache or the database; empty for a name never stored. */
    public Optional<ServedFile> file(String name) {
        ServedFile cached = files.getIfPresent(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<ServedFile> found = store.file(name).map(ServedFile::of);
        found.ifPresent(file -> files.put(name, file));
        return found;
    }

    /** A file with its bytes when the cache holds it: no database, so fit for an event loop. */
    public Optional<ServedFile> cachedFile(String name) {
        return Optional.ofNullable(files.getIfPresent(name));
    }

    public Optional<Media> find(long id) {
        return store.find(id).map(MediaLibrary::media);
    }

    /** The newest uploads, newest first. */
    public List<Media> recent(int limit) {
        return store.recent(limit).stream().map(MediaLibrary::media).toList();
    }

    /** A text field: trimmed, and refused past its length. */
    private static String text(String field, String value, int max) {
        String text = value.strip();
        if (text.length() > max) {
            throw new MediaRefusedException(Reason.TEXT_TOO_LONG, Map.of("field", field, "max", max, "length", text.length()));
        }
        return text;
    }

    /** The last part of the name the browser sent (never a path), without control characters, at most 255 characters. */
    static String originalName(String name) {
        String plain = name.replaceAll("\\p{Cntrl}", "");
        plain = plain.substring(Math.max(plain.lastIndexOf('/'), plain.lastIndexOf('\\')) + 1).strip();
        return plain.length() > MAX_ORIGINAL_NAME ? plain.substring(0, MAX_ORIGINAL_NAME) : plain;
    }

    private static Media media(MediaStore.StoredMedia stored) {
        return new Media(stored.id(), Media.Kind.valueOf(stored.kind().toUpperCase(java.util.Locale.ROOT)), stored.alt(),
                stored.caption(), stored.credit(), stored.originalName(), stored.createdAt(), stored.createdBy(), stored.files().stream()
                        .map(f -> new Media.File(f.name(), f.width(), f.height(), f.contentType(), f.length())).toList());
    }
}
