package uk.org.perusupportgroup.quipu.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.List;
import uk.org.perusupportgroup.quipu.media.ImageProcessor;
import uk.org.perusupportgroup.quipu.media.Inspection;
import uk.org.perusupportgroup.quipu.media.MediaFixtures;
import uk.org.perusupportgroup.quipu.media.MediaInspector;
import uk.org.perusupportgroup.quipu.media.MediaLimits;
import uk.org.perusupportgroup.quipu.media.Processed;
import uk.org.perusupportgroup.quipu.media.Rendition;

/**
 * Benchmark: one uploaded 12-megapixel photo (4000 × 3000 JPEG, drawn here) checked and turned into its clean copies
 * (decode, re-encode from pixels at 2400, 1600, 960 and 480 wide): the time per photo (median and slowest of the runs
 * after a warm-up) and the most heap it took; then the largest photo the default limit accepts (50 megapixels), once, in
 * the same heap. Run with {@code src/bench/media.sh}: {@code make DIR} draws the two photos into DIR (in a JVM with room
 * for that), then {@code [DIR] [runs] [warm-up]} measures.
 */
public final class MediaBenchmark {

    private MediaBenchmark() {}

    /**
     * A photo-like JPEG: a gradient under fine grain (a camera's sensor noise, which makes a 12-megapixel file some MB
     * as a phone's is), written at {@code quality} (0.92 as cameras do).
     */
    static byte[] photo(int width, int height, float quality) throws java.io.IOException {
        var image = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        var paint = image.createGraphics();
        paint.drawImage(MediaFixtures.drawing(400, 300, false), 0, 0, width, height, null);   // gradient, red corner
        paint.dispose();
        var random = new java.util.Random(12);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int grain = random.nextInt(49) - 24;
                int r = Math.max(0, Math.min(255, (row[x] >> 16 & 0xFF) + grain));
                int g = Math.max(0, Math.min(255, (row[x] >> 8 & 0xFF) + grain));
                int b = Math.max(0, Math.min(255, (row[x] & 0xFF) + grain));
                row[x] = r << 16 | g << 8 | b;
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        var writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
        var out = new java.io.ByteArrayOutputStream();
        try (var stream = javax.imageio.ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            var param = writer.getDefaultWriteParam();
            param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("make")) {
            // drawing the photos takes more memory than processing them: a JVM of its own does it first
            java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of(args[1]));
            java.nio.file.Files.write(dir.resolve("12mp.jpg"), photo(4000, 3000, 0.92f));
            java.nio.file.Files.write(dir.resolve("50mp.jpg"), photo(8660, 5773, 0.75f));   // under the 20 MB limit
            return;
        }
        java.nio.file.Path dir = java.nio.file.Path.of(args.length > 0 ? args[0] : "target/bench-media");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        byte[] photo = java.nio.file.Files.readAllBytes(dir.resolve("12mp.jpg"));
        System.out.printf("photo: 4000 x 3000 JPEG, %,d bytes%n", photo.length);
        var inspector = new MediaInspector(MediaLimits.DEFAULT);
        var processor = new ImageProcessor();
        for (int i = 0; i < warmUp; i++) {
            processor.process(photo, inspector.inspect(photo, "photo.jpg"));
        }
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long before = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long[] took = new long[runs];
        Processed processed = null;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            Inspection inspection = inspector.inspect(photo, "photo.jpg");
            processed = processor.process(photo, inspection);
            took[i] = System.nanoTime() - start;
        }
        long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        Arrays.sort(took);
        System.out.printf("%d runs after %d warm-up: median %.0f ms, fastest %.0f ms, slowest %.0f ms per photo%n", runs, warmUp,
                took[runs / 2] / 1e6, took[0] / 1e6, took[runs - 1] / 1e6);
        System.out.printf("heap: %.0f MiB in use before the runs; peak %.0f MiB (the heap pools' peaks added up,"
                + " an upper bound); max heap %.0f MiB%n", before / 1048576.0, peak / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0);
        for (Rendition rendition : processed.renditions()) {
            System.out.printf("  %-32s %4d x %4d  %,9d bytes%n", rendition.name(), rendition.width(), rendition.height(),
                    rendition.bytes().length);
        }
        // the largest photo the default limit lets in (50 megapixels) must fit the same heap
        photo = null;
        processed = null;
        byte[] largest = java.nio.file.Files.readAllBytes(dir.resolve("50mp.jpg"));
        System.gc();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        Processed made = processor.process(largest, inspector.inspect(largest, "largest.jpg"));
        System.out.printf("largest accepted: 8660 x 5773 JPEG (50 megapixels, %,d bytes) in %.0f ms, peak %.0f MiB;"
                + " widest copy %d x %d%n", largest.length, (System.nanoTime() - start) / 1e6,
                heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() / 1048576.0,
                made.renditions().get(0).width(), made.renditions().get(0).height());
    }
}
