package uk.org.perusupportgroup.quipu.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import uk.org.perusupportgroup.quipu.article.Language;
import uk.org.perusupportgroup.quipu.text.Messages;

/**
 * The reach dashboard's charts as shapes for an inline SVG ({@code reach-chart.html} draws them): bars per day, stacked
 * or side by side, with the value axis's ticks; or one horizontal bar per label. Each bar carries its figure as a
 * sentence (its {@code <title>}), and each chart its figures as a table. Coordinates are in the chart's own units
 * (its {@code viewBox}), so it scales to any width.
 */
final class ReachCharts {

    static final int WIDTH = 600;
    static final int DAILY_HEIGHT = 240;
    private static final int LEFT = 72;
    private static final int RIGHT = 8;
    private static final int TOP = 12;
    private static final int BOTTOM = 28;
    private static final int ROW = 36;
    private static final int TICKS = 4;

    private ReachCharts() {}

    /** One set of figures, a value per day (or per label), drawn in {@code colour} and named {@code name} in the key. */
    record Series(String name, String colour, long[] values) {}

    record Bar(String x, String y, String width, String height, String colour, String title) {}

    record Line(String x1, String y1, String x2, String y2) {}

    record Text(String x, String y, String anchor, String text) {}

    record Key(String name, String colour) {}

    /** A row of the chart's table: what it is about, then a figure per column. */
    record Row(String label, List<String> cells) {}

    /**
     * A chart: its {@code summary} is the SVG's accessible name; {@code headings} and {@code rows} the same figures as a
     * table.
     */
    record Chart(String id, String summary, int width, int height, List<Bar> bars, List<Line> lines, List<Text> texts,
            List<Key> keys, String first, List<String> headings, List<Row> rows) {

        public boolean any() {
            return !bars.isEmpty();
        }
    }

    /**
     * Bars per day: {@code stacked}, one above the other (parts of one whole); else side by side.
     *
     * @param first the table's first heading (the day)
     */
    static Chart daily(String id, String summary, List<LocalDate> days, List<Series> series, boolean stacked, String first) {
        int n = days.size();
        double plot = WIDTH - LEFT - RIGHT;
        double slot = plot / n;
        long most = 0;
        for (int d = 0; d < n; d++) {
            long sum = 0;
            for (Series s : series) {
                sum = stacked ? sum + s.values()[d] : Math.max(sum, s.values()[d]);
            }
            most = Math.max(most, sum);
        }
        long step = step(most);
        long top = Math.max(step, (most + step - 1) / step * step);
        double base = DAILY_HEIGHT - BOTTOM;
        double scale = (base - TOP) / top;
        List<Line> lines = new ArrayList<>();
        List<Text> texts = new ArrayList<>();
        for (long tick = 0; tick <= top; tick += step) {
            double y = base - tick * scale;
            lines.add(new Line(f(LEFT), f(y), f(WIDTH - RIGHT), f(y)));
            texts.add(new Text(f(LEFT - 6), f(y + 5), "end", figure(tick)));
        }
        texts.add(new Text(f(LEFT), f(DAILY_HEIGHT - 6), "start", days.get(0).toString()));
        if (n > 1) {
            texts.add(new Text(f(WIDTH - RIGHT), f(DAILY_HEIGHT - 6), "end", days.get(n - 1).toString()));
        }
        double gap = slot > 4 ? slot * 0.15 : 0;
        double each = stacked ? slot - gap : (slot - gap) / series.size();
        List<Bar> bars = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            double x = LEFT + d * slot + gap / 2;
            double y = base;
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < series.size(); i++) {
                Series s = series.get(i);
                long value = s.values()[d];
                cells.add(figure(value));
                if (value == 0) {
                    continue;
                }
                double height = value * scale;
                double left = stacked ? x : x + i * each;
                double bottom = stacked ? y : base;
                bars.add(new Bar(f(left), f(bottom - height), f(each), f(height), s.colour(), title(days.get(d).toString(), value, s.name())));
                if (stacked) {
                    y -= height;
                }
            }
            rows.add(new Row(days.get(d).toString(), cells));
        }
        return new Chart(id, summary, WIDTH, DAILY_HEIGHT, bars, lines, texts, keys(series), first,
                series.stream().map(Series::name).toList(), rows);
    }

    /** One horizontal bar per label, largest first as given, each named above its bar and its figure after it. */
    static Chart horizontal(String id, String summary, Map<String, Long> figures, String name, String colour, String first) {
        long most = figures.values().stream().mapToLong(Long::longValue).max().orElse(0);
        double room = WIDTH - 80;
        List<Bar> bars = new ArrayList<>();
        List<Text> texts = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        int i = 0;
        for (var entry : figures.entrySet()) {
            double y = TOP + i * ROW;
            double width = most == 0 ? 0 : Math.max(1, entry.getValue() * room / most);
            texts.add(new Text("0", f(y + 12), "start", entry.getKey()));
            bars.add(new Bar("0", f(y + 17), f(width), "14", colour, title(entry.getKey(), entry.getValue(), name)));
            texts.add(new Text(f(width + 6), f(y + 29), "start", figure(entry.getValue())));
            rows.add(new Row(entry.getKey(), List.of(figure(entry.getValue()))));
            i++;
        }
        return new Chart(id, summary, WIDTH, TOP + i * ROW + 8, bars, List.of(), texts, List.of(new Key(name, colour)), first,
                List.of(name), rows);
    }

    /** A whole number as the staff pages write it: 12,345. */
    static String figure(long n) {
        return String.format(Locale.UK, "%,d", n);
    }

    /** A mean per day with one decimal (0.3 readers a day is not none). */
    static String mean(long sum, int days) {
        return String.format(Locale.UK, "%,.1f", days == 0 ? 0.0 : (double) sum / days);
    }

    /** The step between ticks: 1, 2 or 5 times a power of ten, so that about {@value #TICKS} cover {@code most}. */
    static long step(long most) {
        long rough = Math.max(1, (most + TICKS - 1) / TICKS);
        long power = 1;
        while (power * 10 <= rough) {
            power *= 10;
        }
        for (long m : new long[] {1, 2, 5, 10}) {
            if (m * power >= rough) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static List<Key> keys(List<Series> series) {
        return series.stream().map(s -> new Key(s.name(), s.colour())).toList();
    }

    private static String title(String what, long value, String name) {
        return Messages.PAGES.get(Language.EN, "reach_bar", Map.of("what", what, "figure", figure(value), "name", name));
    }

    private static String f(double n) {
        return String.format(Locale.ROOT, "%.1f", n);
    }
}
