package uk.org.perusupportgroup.quipu.reach;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import uk.org.perusupportgroup.quipu.store.ReachStore;

/**
 * The figures of a range of days as every instance wrote them, as rows of {@code day, metric, feed, label, value}: the
 * stored counts and levels, and two made from them: {@value #READERS} (the estimate of distinct direct readers, per
 * feed, and over all feeds under feed {@code ""}) and {@value #STATED} (the subscriber counts aggregators stated, the
 * latest of the day per aggregator, under its name; summed per feed with label {@code ""}). Readers are counted per
 * day only: each day's hash has its own key, so the same reader on two days cannot be told apart.
 */
public final class ReachReport {

    public static final String READERS = "readers";
    public static final String STATED = "stated_subscribers";

    /** One figure. */
    public record Row(LocalDate day, String metric, String feed, String label, long value) {}

    private final LocalDate from;
    private final LocalDate to;
    private final List<Row> rows;
    /** The rows of each day: a day's totals read only its own. */
    private final Map<LocalDate, List<Row>> byDay = new java.util.HashMap<>();
    /** The rows of each feed, in day order: a feed's figures read only its own. */
    private final Map<String, List<Row>> byFeed = new java.util.HashMap<>();

    private ReachReport(LocalDate from, LocalDate to, List<Row> rows) {
        this.from = from;
        this.to = to;
        this.rows = List.copyOf(rows);
        for (Row row : this.rows) {
            byDay.computeIfAbsent(row.day(), d -> new ArrayList<>()).add(row);
            byFeed.computeIfAbsent(row.feed(), f -> new ArrayList<>()).add(row);
        }
    }

    static ReachReport of(LocalDate from, LocalDate to, List<ReachStore.Count> counts, List<ReachStore.Stated> stated,
            List<ReachStore.Sketch> sketches) {
        List<Row> rows = new ArrayList<>();
        counts.forEach(c -> rows.add(new Row(c.day(), c.metric(), c.feed(), c.label(), c.n())));
        sketches.forEach(s -> rows.add(new Row(s.day(), READERS, s.feed(), "", Readers.estimate(s.bytes()))));
        Map<LocalDate, Map<String, Long>> statedByFeed = new TreeMap<>();
        for (ReachStore.Stated figure : stated) {
            rows.add(new Row(figure.day(), STATED, figure.feed(), figure.aggregator(), figure.subscribers()));
            statedByFeed.computeIfAbsent(figure.day(), d -> new TreeMap<>()).merge(figure.feed(), figure.subscribers(), Long::sum);
        }
        statedByFeed.forEach((day, feeds) -> feeds.forEach((feed, n) -> rows.add(new Row(day, STATED, feed, "", n))));
        rows.sort(Comparator.comparing(Row::day).thenComparing(Row::metric).thenComparing(Row::feed).thenComparing(Row::label));
        return new ReachReport(from, to, rows);
    }

    public LocalDate from() {
        return from;
    }

    public LocalDate to() {
        return to;
    }

    /** Every figure, by day, metric, feed and label. */
    public List<Row> rows() {
        return rows;
    }

    /** Every day of the range, first to last. */
    public List<LocalDate> days() {
        return from.datesUntil(to.plusDays(1)).toList();
    }

    /**
     * The day's figure of {@code metric} over everything: readers over all feeds, stated subscribers summed over feeds,
     * counts summed over feeds and labels. {@code feed} limits it to one feed when not null.
     */
    public long total(LocalDate day, String metric) {
        return total(day, metric, null);
    }

    public long total(LocalDate day, String metric, String feed) {
        long sum = 0;
        for (Row row : byDay.getOrDefault(day, List.of())) {
            if (!row.metric().equals(metric)) {
                continue;
            }
            boolean whole = metric.equals(READERS) || metric.equals(STATED) ? row.label().isEmpty() : true;
            boolean mine = feed == null ? (!metric.equals(READERS) || row.feed().isEmpty()) : row.feed().equals(feed);
            if (whole && mine) {
                sum += row.value();
            }
        }
        return sum;
    }

    /**
     * {@code metric} by label over the range: counts summed; a level ({@link Metric.Kind#LEVEL}) or stated figure as
     * on the last day that has one.
     */
    public Map<String, Long> byLabel(String metric) {
        return byLabel(metric, null);
    }

    /** The same of one feed's rows ({@code feed} null: every feed's). */
    public Map<String, Long> byLabel(String metric, String feed) {
        boolean latest = metric.equals(STATED) || Metric.byId(metric).map(m -> m.kind() == Metric.Kind.LEVEL).orElse(false);
        LocalDate last = latest ? lastDay(metric).orElse(null) : null;
        Map<String, Long> figures = new TreeMap<>();
        for (Row row : feed == null ? rows : byFeed.getOrDefault(feed, List.of())) {
            if (row.metric().equals(metric) && !row.label().isEmpty() && (last == null || row.day().equals(last))) {
                figures.merge(row.label(), row.value(), Long::sum);
            }
        }
        return figures;
    }

    /** Every feed that has a figure in the range. */
    public List<String> feeds() {
        return byFeed.keySet().stream().filter(f -> !f.isEmpty()).sorted().toList();
    }

    /**
     * {@code metric} of one feed over the range: counts and the days' reader estimates summed (a mean per day is that over
     * {@code days().size()}), stated subscribers the last day's.
     */
    public long ofFeed(String feed, String metric) {
        long figure = 0;
        for (Row row : byFeed.getOrDefault(feed, List.of())) {
            if (!row.metric().equals(metric)) {
                continue;
            }
            if (!metric.equals(STATED)) {
                figure += row.value();
            } else if (row.label().isEmpty()) {
                figure = row.value();   // the rows are in day order: the last one stays
            }
        }
        return figure;
    }

    /** The last day of the range that has a figure of {@code metric}. */
    public java.util.Optional<LocalDate> lastDay(String metric) {
        LocalDate last = null;
        for (Row row : rows) {
            if (row.metric().equals(metric)) {
                last = row.day();
            }
        }
        return java.util.Optional.ofNullable(last);
    }
}
