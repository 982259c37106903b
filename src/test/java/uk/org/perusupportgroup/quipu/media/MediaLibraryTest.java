package uk.org.perusupportgroup.quipu.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.store.MediaStore;

/** The library over a store in memory: what it stores of an upload, and its cache of files read back. */
class MediaLibraryTest {

    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    /** A store in memory that counts the files it is asked for. */
    private static final class MemoryStore implements MediaStore {
        final Map<String, MediaFile> files = new LinkedHashMap<>();
        final List<StoredMedia> uploads = new ArrayList<>();
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public Saved save(NewMedia media) {
            MediaFile first = media.files().get(0);
            if (files.containsKey(first.name())) {
                return new Saved(uploads.stream().filter(u -> u.files().get(0).name().equals(first.name())).findFirst()
                        .orElseThrow(), false);
            }
            media.files().forEach(file -> files.put(file.name(), file));
            var stored = new StoredMedia(uploads.size() + 1, media.kind(), media.alt(), media.caption(), media.credit(),
                    media.originalName(), media.createdAt(), media.createdBy(),
                    media.files().stream().map(MediaFile::info).toList());
            uploads.add(stored);
            return new Saved(stored, true);
        }

        @Override
        public Optional<MediaFile> file(String name) {
            reads.incrementAndGet();
            return Optional.ofNullable(files.get(name));
        }

        @Override
        public Optional<FileInfo> info(String name) {
            return file(name).map(MediaFile::info);
        }

        @Override
        public Optional<StoredMedia> find(long id) {
            return uploads.stream().filter(u -> u.id() == id).findFirst();
        }

        @Override
        public List<StoredMedia> recent(int limit) {
            List<StoredMedia> newestFirst = new ArrayList<>(uploads);
            java.util.Collections.reverse(newestFirst);
            return newestFirst.stream().limit(limit).toList();
        }
    }

    private final MemoryStore store = new MemoryStore();
    private final AtomicLong nanos = new AtomicLong();
    private final MediaLibrary library = new MediaLibrary(store, MediaLimits.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC),
            nanos::get);

    @Test
    void anUploadIsStoredWithItsTextTrimmedAndItsNameWithoutAPath() {
        MediaLibrary.Stored stored = library.upload(new Upload(Fixture.bytes("gps-exif.jpg"), "C:\\Users\\ana\\IMG_2041.JPG",
                "  A march in Lima \n", " Marcha ", "", "admin API"));
        assertTrue(stored.created());
        Media media = stored.media();
        assertEquals(Media.Kind.IMAGE, media.kind());
        assertEquals("A march in Lima", media.alt());
        assertEquals("Marcha", media.caption());
        assertEquals("IMG_2041.JPG", media.originalName());
        assertEquals(NOW, media.createdAt());
        assertEquals(List.of(1000, 960, 480), media.files().stream().map(Media.File::width).toList());
        assertEquals(media.files().get(0), media.main());
        assertEquals("image/jpeg", media.main().contentType());

        MediaLibrary.Stored again = library.upload(new Upload(Fixture.bytes("gps-exif.jpg"), "copy.jpg", "other", "", "", ""));
        assertFalse(again.created());
        assertEquals(media.id(), again.media().id());
        assertEquals(List.of(media), library.recent(10));
    }

    @Test
    void aFileIsReadFromTheStoreOnceThenFromTheCacheUntilLeftIdleAnHour() {
        Media media = library.upload(new Upload(Fixture.bytes("document.pdf"), "a.pdf", "", "", "", "")).media();
        String name = media.main().name();
        assertEquals(Optional.empty(), library.cachedFile(name));
        ServedFile file = library.file(name).orElseThrow();
        assertArrayEquals(Fixture.bytes("document.pdf"), file.bytes());
        assertEquals("application/pdf", file.contentType());
        assertTrue(file.content().isDirect(), "held outside the heap");
        assertTrue(file.content().isReadOnly(), "shared by every response, so never written to");
        assertEquals(1, store.reads.get());
        assertTrue(library.cachedFile(name).isPresent());
        library.file(name);
        assertEquals(1, store.reads.get(), "the second read came from the cache");
        nanos.addAndGet(MediaLibrary.CACHE_IDLE.toNanos() + 1);
        assertEquals(Optional.empty(), library.cachedFile(name), "left idle an hour: gone from the cache");
        library.file(name);
        assertEquals(2, store.reads.get());
        assertEquals(Optional.empty(), library.file("00000000000000000000.pdf"));
        assertEquals(Optional.empty(), library.cachedFile("00000000000000000000.pdf"), "a miss is not cached");
    }
}
