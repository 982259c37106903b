package uk.org.perusupportgroup.quipu.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.store.MediaStore.FileInfo;
import uk.org.perusupportgroup.quipu.store.MediaStore.MediaFile;
import uk.org.perusupportgroup.quipu.store.MediaStore.NewMedia;
import uk.org.perusupportgroup.quipu.store.MediaStore.Saved;
import uk.org.perusupportgroup.quipu.store.MediaStore.StoredMedia;

/**
 * Uploads and their files, on a real database: stored and read back to the byte (a file of several MB too), found by
 * name and by upload, listed newest first; the same file uploaded again stores nothing and returns the first upload.
 */
abstract class MediaStoreContract extends DatabaseContract {

    private static final Instant AT = Instant.parse("2026-03-02T10:15:30.123456Z");

    private JdbcMediaStore store;

    @Override
    void opened(javax.sql.DataSource dataSource) {
        store = new JdbcMediaStore(dataSource);
    }

    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static NewMedia photo(String hash, Instant at, String alt) {
        return new NewMedia("image", alt, "Marcha en Lima", "Foto: PSG", "marcha.jpg", at, "admin API", List.of(
                new MediaFile(hash + "-1600.jpg", 1600, 1200, "image/jpeg", bytes(300_000, 1)),
                new MediaFile(hash + "-960.jpg", 960, 720, "image/jpeg", bytes(100_000, 2)),
                new MediaFile(hash + "-480.jpg", 480, 360, "image/jpeg", bytes(30_000, 3))));
    }

    @Test
    void anUploadAndItsFilesAreReadBackAsStored() {
        NewMedia photo = photo("aaaaaaaaaaaaaaaaaaaa", AT, "Protesters with banners on the Plaza San Martín");
        Saved saved = store.save(photo);
        assertTrue(saved.created());
        StoredMedia stored = saved.media();
        assertEquals("image", stored.kind());
        assertEquals("Protesters with banners on the Plaza San Martín", stored.alt());
        assertEquals("Marcha en Lima", stored.caption());
        assertEquals("Foto: PSG", stored.credit());
        assertEquals("marcha.jpg", stored.originalName());
        assertEquals(AT, stored.createdAt());
        assertEquals("admin API", stored.createdBy());
        assertEquals(photo.files().stream().map(MediaFile::info).toList(), stored.files());
        assertEquals(Optional.of(stored), store.find(stored.id()));
        for (MediaFile file : photo.files()) {
            MediaFile found = store.file(file.name()).orElseThrow();
            assertArrayEquals(file.bytes(), found.bytes(), file.name());
            assertEquals(file.info(), found.info());
            assertEquals(Optional.of(file.info()), store.info(file.name()), "without its bytes");
        }
        assertEquals(Optional.empty(), store.file("bbbbbbbbbbbbbbbbbbbb-480.jpg"));
        assertEquals(Optional.empty(), store.info("bbbbbbbbbbbbbbbbbbbb-480.jpg"));
        assertEquals(Optional.empty(), store.find(stored.id() + 1));
    }

    @Test
    void aDocumentHasNoDimensionsAndALargeFileComesBackWhole() {
        byte[] pdf = bytes(12 * 1024 * 1024, 7);
        Saved saved = store.save(new NewMedia("document", "", "", "", "informe.pdf", AT, "admin API",
                List.of(new MediaFile("cccccccccccccccccccc.pdf", 0, 0, "application/pdf", pdf))));
        assertEquals(List.of(new FileInfo("cccccccccccccccccccc.pdf", 0, 0, "application/pdf", pdf.length)), saved.media().files());
        assertArrayEquals(pdf, store.file("cccccccccccccccccccc.pdf").orElseThrow().bytes());
    }

    @Test
    void theSameFileAgainStoresNothingAndReturnsTheFirstUpload() {
        StoredMedia first = store.save(photo("dddddddddddddddddddd", AT, "first words")).media();
        Saved again = store.save(photo("dddddddddddddddddddd", AT.plusSeconds(60), "other words"));
        assertFalse(again.created());
        assertEquals(first, again.media());
        assertEquals(1, store.recent(10).size());
    }

    @Test
    void recentListsTheNewestFirst() {
        StoredMedia older = store.save(photo("eeeeeeeeeeeeeeeeeeee", AT, "older")).media();
        StoredMedia newer = store.save(photo("ffffffffffffffffffff", AT.plusSeconds(1), "newer")).media();
        assertEquals(List.of(newer, older), store.recent(10));
        assertEquals(List.of(newer), store.recent(1));
    }

    @Test
    void whichFileBecameWhichUploadIsRecordedAndReplacedEvenByManyAtOnce() throws Exception {
        var sources = new JdbcMediaSourceStore(database.dataSource());
        long first = store.save(photo("cccccccccccccccccccc", AT, "A photo")).media().id();
        long second = store.save(photo("dddddddddddddddddddd", AT, "Another photo")).media().id();
        assertEquals(Optional.empty(), sources.find("juliaca.jpg"));
        sources.record("juliaca.jpg", first, "a".repeat(64), AT);
        assertEquals(Optional.of(new MediaSourceStore.Source("juliaca.jpg", first, "a".repeat(64))), sources.find("juliaca.jpg"));
        sources.record("juliaca.jpg", second, "b".repeat(64), AT.plusSeconds(60));
        assertEquals(Optional.of(new MediaSourceStore.Source("juliaca.jpg", second, "b".repeat(64))), sources.find("juliaca.jpg"));

        // several instances recording the same new file at once: none fails, one row stands
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(pool.submit(() -> sources.record("informes/informe.pdf", first, "c".repeat(64), AT)));
            }
            for (var each : all) {
                each.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(first, sources.find("informes/informe.pdf").orElseThrow().mediaId());
    }
}
