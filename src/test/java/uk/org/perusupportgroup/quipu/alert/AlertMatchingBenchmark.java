package uk.org.perusupportgroup.quipu.alert;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Matching benchmark of the alerts issue: {@code queries} stored alerts from {@link ZipfCorpus}, plus {@code wordless}
 * alerts with no words (one topic, one region, or all news: {@link ZipfCorpus#nextWordlessAlert}), matched against
 * {@code articles} articles of 800 words; prints the time per article (p50, p90, p99), the matches per article and
 * the heap held by the index after a full GC. Run by {@code src/bench/alerts.sh}.
 * Arguments: queries [articles] [wordless].
 */
public final class AlertMatchingBenchmark {

    public static void main(String[] args) throws IOException {
        int queries = Integer.parseInt(args[0]);
        int articles = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int wordless = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        TextAnalysis analysis = ShippedAnalysis.ANALYSIS;
        ZipfCorpus corpus = new ZipfCorpus(50_000, 2026);
        long heapBefore = heapAfterGc();

        long start = System.nanoTime();
        List<AlertIndex.Alert> alerts = new ArrayList<>(queries + wordless);
        for (long id = 0; id < queries; id++) {
            alerts.add(corpus.nextAlert(id));
        }
        for (long id = queries; id < queries + wordless; id++) {
            alerts.add(corpus.nextWordlessAlert(id));
        }
        long generated = System.nanoTime();
        AlertIndex index = new AlertIndex(analysis);
        index.putAll(alerts);
        long built = System.nanoTime();
        alerts = null;
        long heapIndex = heapAfterGc() - heapBefore;
        System.out.printf(Locale.ROOT, "%,d queries and %,d alerts with no words: generated and parsed in %.1f s, indexed in %.1f s;"
                + " index heap %d MiB%n", queries, wordless, (generated - start) / 1e9, (built - generated) / 1e9, heapIndex >> 20);

        List<AlertIndex.Text> sample = new ArrayList<>();
        for (int i = 0; i < articles; i++) {
            sample.add(corpus.nextArticle(800));
        }
        for (int i = 0; i < Math.min(50, articles); i++) { // warm-up
            index.match(sample.get(i));
        }
        long[] times = new long[articles];
        long matches = 0;
        for (int i = 0; i < articles; i++) {
            long t0 = System.nanoTime();
            matches += index.match(sample.get(i)).size();
            times[i] = System.nanoTime() - t0;
        }
        Arrays.sort(times);
        System.out.printf(Locale.ROOT, "%d articles of 800 words: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms;"
                        + " %,d matches per article on average%n", articles, ms(times, 0.50), ms(times, 0.90), ms(times, 0.99),
                times[articles - 1] / 1e6, matches / articles);
        System.out.printf(Locale.ROOT, "heap in use after GC, index held: %d MiB (max heap %d MiB)%n",
                heapAfterGc() >> 20, Runtime.getRuntime().maxMemory() >> 20);
        if (index.size() != queries + wordless) {
            throw new IllegalStateException("index holds " + index.size());
        }
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)))] / 1e6;
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
