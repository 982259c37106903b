package uk.org.perusupportgroup.quipu.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import uk.org.perusupportgroup.quipu.reach.Metric;
import uk.org.perusupportgroup.quipu.reach.ReachReport;

/**
 * What the reach dashboard ({@code staff-reach.html}) shows of a {@link ReachReport}: the feeds' figures for the range,
 * over every feed or one, with their charts; the alerts' figures (the latest level of the alerts by state, frequency,
 * language, topic and region; the counts of the range); the partner sources' counts. Every sentence is the bundle's.
 */
final class ReachDashboard {

    static final String BLUE = "#0b57a4";
    static final String ORANGE = "#a34700";
    /** The quick ranges, in days ending today. */
    static final List<Integer> QUICK = List.of(7, 30, 90, 365);
    /** The groups of the alerts' level, by the label's name before its {@code =}, in the order shown. */
    static final List<String> GROUPS = List.of("state", "frequency", "language", "topic", "region");
    /** The alerts' counts, in the order shown. */
    static final List<Metric> ALERT_COUNTS = List.of(Metric.CONFIRMED, Metric.UNSUBSCRIBED, Metric.MAIL_SENT,
            Metric.MAIL_DEFERRED, Metric.MAIL_BOUNCED, Metric.MAIL_COMPLAINED, Metric.MAIL_SUPPRESSED);
    static final List<Metric> PARTNER_COUNTS = List.of(Metric.PARTNER_STORED, Metric.PARTNER_HIDDEN, Metric.PARTNER_POLL_FAILED);

    private ReachDashboard() {}

    /** The form's values, quick links and downloads, shared by the page and its refusal. */
    static Map<String, Object> form(String from, String to, String feed, List<String> feeds, LocalDate today, boolean counting) {
        Map<String, Object> values = new HashMap<>();
        values.put("from", from);
        values.put("to", to);
        values.put("counting", counting);
        String feedQuery = feed.isEmpty() ? "" : "&feed=" + encode(feed);
        values.put("quick", QUICK.stream().map(days -> Map.of("days", days, "href", "/admin/reach?from=" + today.minusDays(days - 1)
                + "&to=" + today + feedQuery)).toList());
        List<Map<String, Object>> options = new ArrayList<>();
        options.add(Map.of("value", "", "label", message("reach_all_feeds"), "selected", feed.isEmpty()));
        List<String> all = new ArrayList<>(feeds);
        if (!feed.isEmpty() && !all.contains(feed)) {
            all.add(0, feed);
        }
        all.forEach(f -> options.add(Map.of("value", f, "label", f, "selected", f.equals(feed))));
        values.put("feeds", options);
        return values;
    }

    /** Every value of the page for {@code report}, its feeds' figures limited to {@code feed} unless it is empty. */
    static Map<String, Object> of(ReachReport report, String feed, LocalDate today, boolean counting) {
        Map<String, Object> values = form(report.from().toString(), report.to().toString(), feed, report.feeds(), today, counting);
        String range = "from=" + report.from() + "&to=" + report.to();
        values.put("csv", "/admin/reach.csv?" + range);
        values.put("json", "/admin/reach.json?" + range);
        values.put("shown", feed.isEmpty() ? message("reach_all_feeds") : feed);
        values.put("oneFeed", !feed.isEmpty());
        values.put("allHref", "/admin/reach?" + range);
        feeds(values, report, feed.isEmpty() ? null : feed, range);
        alerts(values, report);
        partners(values, report);
        return values;
    }

    private static void feeds(Map<String, Object> values, ReachReport report, String feed, String range) {
        List<LocalDate> days = report.days();
        int n = days.size();
        long[] full = new long[n];
        long[] notModified = new long[n];
        long[] readers = new long[n];
        long[] stated = new long[n];
        long bytes = 0;
        int peak = 0;
        int statedDay = -1;
        for (int d = 0; d < n; d++) {
            LocalDate day = days.get(d);
            full[d] = report.total(day, Metric.FEED_FULL.id(), feed);
            notModified[d] = report.total(day, Metric.FEED_NOT_MODIFIED.id(), feed);
            readers[d] = report.total(day, ReachReport.READERS, feed);
            stated[d] = report.total(day, ReachReport.STATED, feed);
            bytes += report.total(day, Metric.FEED_BYTES.id(), feed);
            peak = readers[d] > readers[peak] ? d : peak;
            statedDay = stated[d] > 0 ? d : statedDay;
        }
        long fullSum = sum(full);
        long notModifiedSum = sum(notModified);
        long readersSum = sum(readers);
        values.put("full", ReachCharts.figure(fullSum));
        values.put("notModified", ReachCharts.figure(notModifiedSum));
        values.put("megabytes", megabytes(bytes));
        values.put("stated", ReachCharts.figure(statedDay < 0 ? 0 : stated[statedDay]));
        values.put("statedDay", statedDay < 0 ? "" : days.get(statedDay).toString());
        values.put("readersMean", ReachCharts.mean(readersSum, n));
        values.put("readersPeak", ReachCharts.figure(readers[peak]));
        values.put("readersPeakDay", readersSum == 0 ? "" : days.get(peak).toString());
        values.put("anyFeeds", fullSum + notModifiedSum + readersSum + sum(stated) > 0);

        Map<String, Object> summary = Map.of("from", report.from(), "to", report.to(), "full", ReachCharts.figure(fullSum),
                "notModified", ReachCharts.figure(notModifiedSum), "readers", ReachCharts.mean(readersSum, n),
                "stated", values.get("stated"));
        values.put("requestsChart", ReachCharts.daily("requests", message("reach_requests_summary", summary), days,
                List.of(new ReachCharts.Series(message("reach_full"), BLUE, full),
                        new ReachCharts.Series(message("reach_not_modified"), ORANGE, notModified)), true, message("reach_day")));
        values.put("readersChart", ReachCharts.daily("readers", message("reach_readers_summary", summary), days,
                List.of(new ReachCharts.Series(message("reach_readers"), BLUE, readers),
                        new ReachCharts.Series(message("reach_stated"), ORANGE, stated)), false, message("reach_day")));

        Map<String, Long> ranked = largestFirst(report.byLabel(Metric.FEED_CLIENT.id(), feed));
        values.put("familiesChart", ReachCharts.horizontal("families", message("reach_families_summary",
                Map.of("count", ranked.size(), "from", report.from(), "to", report.to())), ranked, message("reach_requests"), BLUE,
                message("reach_family")));

        List<Map<String, Object>> feeds = new ArrayList<>();
        for (String f : report.feeds()) {
            if (feed != null && !f.equals(feed)) {
                continue;
            }
            long ok = report.ofFeed(f, Metric.FEED_FULL.id());
            long same = report.ofFeed(f, Metric.FEED_NOT_MODIFIED.id());
            Map<String, Object> row = new HashMap<>();
            row.put("feed", f);
            row.put("href", "/admin/reach?" + range + "&feed=" + encode(f));
            row.put("requests", ok + same);
            row.put("requestsShown", ReachCharts.figure(ok + same));
            row.put("full", ReachCharts.figure(ok));
            row.put("notModified", ReachCharts.figure(same));
            row.put("megabytes", megabytes(report.ofFeed(f, Metric.FEED_BYTES.id())));
            row.put("stated", ReachCharts.figure(report.ofFeed(f, ReachReport.STATED)));
            row.put("readers", ReachCharts.mean(report.ofFeed(f, ReachReport.READERS), n));
            feeds.add(row);
        }
        feeds.sort((a, b) -> Long.compare((Long) b.get("requests"), (Long) a.get("requests")));
        values.put("feedRows", feeds);
        values.put("anyFeedRows", !feeds.isEmpty());
    }

    private static void alerts(Map<String, Object> values, ReachReport report) {
        Map<String, Long> level = report.byLabel(Metric.SUBSCRIPTIONS.id());
        Map<String, Map<String, Long>> grouped = new LinkedHashMap<>();
        GROUPS.forEach(group -> grouped.put(group, new TreeMap<>()));
        level.forEach((label, n) -> {
            int equals = label.indexOf('=');
            String group = equals < 0 ? "" : label.substring(0, equals);
            grouped.computeIfAbsent(group, g -> new TreeMap<>()).put(label.substring(equals + 1), n);
        });
        List<Map<String, Object>> groups = new ArrayList<>();
        grouped.forEach((group, figures) -> {
            if (!figures.isEmpty()) {
                String key = "reach_by_" + group;
                groups.add(Map.of("caption", GROUPS.contains(group) ? message(key) : group, "rows", labelled(largestFirst(figures))));
            }
        });
        values.put("levelGroups", groups);
        values.put("levelDay", report.lastDay(Metric.SUBSCRIPTIONS.id()).map(LocalDate::toString).orElse(""));

        List<LocalDate> days = report.days();
        List<Map<String, Object>> counts = new ArrayList<>();
        long[][] perDay = new long[ALERT_COUNTS.size()][days.size()];
        for (int m = 0; m < ALERT_COUNTS.size(); m++) {
            Metric metric = ALERT_COUNTS.get(m);
            long total = 0;
            for (int d = 0; d < days.size(); d++) {
                perDay[m][d] = report.total(days.get(d), metric.id());
                total += perDay[m][d];
            }
            if (total > 0) {
                counts.add(Map.of("name", message("reach_metric_" + metric.id()), "total", ReachCharts.figure(total),
                        "labels", labelled(largestFirst(report.byLabel(metric.id())))));
            }
        }
        values.put("alertCounts", counts);
        values.put("anyAlertCounts", !counts.isEmpty());
        values.put("alertsChart", ReachCharts.daily("alerts", message("reach_alerts_summary", Map.of("from", report.from(),
                "to", report.to(), "confirmed", ReachCharts.figure(sum(perDay[0])), "ended", ReachCharts.figure(sum(perDay[1])))),
                days, List.of(new ReachCharts.Series(message("reach_metric_confirmed"), BLUE, perDay[0]),
                        new ReachCharts.Series(message("reach_metric_unsubscribed"), ORANGE, perDay[1])), false, message("reach_day")));
        List<Map<String, Object>> dayRows = new ArrayList<>();
        for (int d = 0; d < days.size(); d++) {
            List<String> cells = new ArrayList<>();
            boolean any = false;
            for (long[] metric : perDay) {
                cells.add(ReachCharts.figure(metric[d]));
                any |= metric[d] > 0;
            }
            if (any) {
                dayRows.add(Map.of("day", days.get(d).toString(), "cells", cells));
            }
        }
        values.put("alertDays", dayRows);
        values.put("alertHeadings", ALERT_COUNTS.stream().map(m -> message("reach_metric_" + m.id())).toList());
    }

    private static void partners(Map<String, Object> values, ReachReport report) {
        Map<String, long[]> sources = new TreeMap<>();
        for (int m = 0; m < PARTNER_COUNTS.size(); m++) {
            int i = m;
            report.byLabel(PARTNER_COUNTS.get(m).id()).forEach((source, n) -> sources.computeIfAbsent(source, s -> new long[3])[i] += n);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        sources.forEach((source, n) -> rows.add(Map.of("source", source, "stored", ReachCharts.figure(n[0]),
                "hidden", ReachCharts.figure(n[1]), "failed", ReachCharts.figure(n[2]))));
        values.put("partnerRows", rows);
        values.put("anyPartners", !rows.isEmpty());
    }

    private static List<Map<String, Object>> labelled(Map<String, Long> figures) {
        List<Map<String, Object>> rows = new ArrayList<>();
        figures.forEach((label, n) -> rows.add(Map.of("label", label, "figure", ReachCharts.figure(n))));
        return rows;
    }

    /** The figures, largest first, then by label. */
    private static Map<String, Long> largestFirst(Map<String, Long> figures) {
        Map<String, Long> sorted = new LinkedHashMap<>();
        figures.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** Bytes in MB (of 1,048,576 bytes, as the media page counts them): two decimals under 10 MB, one from there. */
    static String megabytes(long bytes) {
        double mb = bytes / (1024.0 * 1024);
        return String.format(Locale.UK, mb < 10 ? "%.2f" : "%,.1f", mb);
    }

    private static long sum(long[] values) {
        long sum = 0;
        for (long v : values) {
            sum += v;
        }
        return sum;
    }

    private static String message(String key) {
        return PageTemplates.STAFF.message(key);
    }

    private static String message(String key, Map<String, ?> values) {
        return uk.org.perusupportgroup.quipu.text.Messages.PAGES.get(PageTemplates.STAFF.language(), key, values);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
