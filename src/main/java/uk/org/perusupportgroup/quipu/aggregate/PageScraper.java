package uk.org.perusupportgroup.quipu.aggregate;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import uk.org.perusupportgroup.quipu.article.PartnerSource;

/**
 * Finds items in a partner's HTML page with the source's CSS selectors (jsoup), and feeds named by a
 * page's {@code <link rel="alternate">}. A date is searched for in its element's text, so that
 * "Updated: 9 April 2026" or "Amnesty’s 2024 report on Peru (published April 2025)" still yield one;
 * a date without a day is the 1st of its month, at midnight in London.
 */
final class PageScraper {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final int TITLE_LENGTH = 200;

    private PageScraper() {}

    static ParsedSource scrape(String html, URI page, PartnerSource.HtmlRules rules) {
        Document document = Jsoup.parse(html, page.toString());
        DatePattern dates = new DatePattern(rules.dateFormat(), rules.locale());
        List<RawItem> items = new ArrayList<>();
        for (Element element : document.select(rules.item())) {
            Optional<String> summaryHtml = rules.summary().map(selector -> {
                StringBuilder out = new StringBuilder();
                element.select(selector).forEach(part -> out.append(part.outerHtml()).append('\n'));
                return out.toString();
            }).filter(s -> !s.isBlank());
            Optional<String> title = rules.title()
                    .map(selector -> element.select(selector).text().strip())
                    .or(() -> summaryHtml.map(s -> PlainText.firstSentence(PlainText.of(s), TITLE_LENGTH)))
                    .filter(t -> !t.isEmpty());
            Optional<String> link = rules.link()
                    .map(selector -> element.selectFirst(selector))
                    .map(a -> a.attr("href").strip())
                    .filter(href -> !href.isEmpty())
                    .or(() -> element.id().isEmpty() ? Optional.empty() : Optional.of("#" + element.id()));
            Optional<Instant> published = rules.date().flatMap(selector -> {
                for (Element candidate : element.select(selector)) {
                    Optional<Instant> found = dates.find(candidate.text());
                    if (found.isPresent()) {
                        return found;
                    }
                }
                return Optional.empty();
            });
            List<String> categories = new ArrayList<>();
            if (title.isEmpty() && summaryHtml.isEmpty()) {
                continue;
            }
            items.add(new RawItem(Optional.empty(), link, page, title, summaryHtml, Optional.empty(), published,
                    Optional.empty(), categories, Optional.empty()));
        }
        return new ParsedSource(items, Optional.empty());
    }

    /** The first feed a page advertises with {@code <link rel="alternate">}, RSS or Atom, made absolute. */
    static Optional<URI> discover(String html, URI page) {
        Document document = Jsoup.parse(html, page.toString());
        for (Element link : document.select("link[rel~=(?i)^alternate$][href]")) {
            String type = link.attr("type").toLowerCase(Locale.ROOT);
            if (type.contains("rss") || type.contains("atom") || type.contains("rdf")) {
                Optional<URI> url = LinkNormaliser.normalise(link.attr("href"), page);
                if (url.isPresent()) {
                    return url;
                }
            }
        }
        return Optional.empty();
    }

    /** Finds a date written in a pattern such as {@code d MMMM yyyy} inside longer text. */
    static final class DatePattern {
        private final DateTimeFormatter formatter;
        private final Pattern pattern;
        private final boolean hasDay;

        DatePattern(String format, Locale locale) {
            this.formatter = new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(format)
                    .parseDefaulting(ChronoField.DAY_OF_MONTH, 1).toFormatter(locale);
            this.hasDay = format.contains("d");
            this.pattern = Pattern.compile(regex(format, locale), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        }

        Optional<Instant> find(String text) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                try {
                    TemporalAccessor parsed = formatter.parse(m.group().replaceAll("\\s+", " "));
                    LocalDate date = LocalDate.of(parsed.get(ChronoField.YEAR), parsed.get(ChronoField.MONTH_OF_YEAR),
                            hasDay ? parsed.get(ChronoField.DAY_OF_MONTH) : 1);
                    return Optional.of(date.atStartOfDay(LONDON).toInstant());
                } catch (java.time.DateTimeException e) {
                    // not a date after all: look further
                }
            }
            return Optional.empty();
        }

        /** A regular expression for the pattern's letters: numbers, and month and day names of the locale. */
        private static String regex(String format, Locale locale) {
            StringBuilder regex = new StringBuilder();
            int i = 0;
            while (i < format.length()) {
                char c = format.charAt(i);
                int run = 1;
                while (i + run < format.length() && format.charAt(i + run) == c) {
                    run++;
                }
                if (c == '\'') {
                    int end = format.indexOf('\'', i + 1);
                    end = end < 0 ? format.length() : end;
                    regex.append(Pattern.quote(format.substring(i + 1, end)));
                    i = end + 1;
                    continue;
                }
                switch (c) {
                    case 'd' -> regex.append("\\d{1,2}");
                    case 'y', 'u' -> regex.append(run == 2 ? "\\d{2}" : "\\d{4}");
                    case 'M', 'L' -> regex.append(run >= 3 ? names(locale, run == 3 ? TextStyle.SHORT : TextStyle.FULL, true)
                            : "\\d{1,2}");
                    case 'E' -> regex.append(names(locale, run >= 4 ? TextStyle.FULL : TextStyle.SHORT, false));
                    case ' ' -> regex.append("\\s+");
                    default -> regex.append(Pattern.quote(format.substring(i, i + run)));
                }
                i += run;
            }
            return regex.toString();
        }

        private static String names(Locale locale, TextStyle style, boolean months) {
            List<String> names = new ArrayList<>();
            if (months) {
                for (java.time.Month month : java.time.Month.values()) {
                    names.add(Pattern.quote(month.getDisplayName(style, locale)));
                }
            } else {
                for (java.time.DayOfWeek day : java.time.DayOfWeek.values()) {
                    names.add(Pattern.quote(day.getDisplayName(style, locale)));
                }
            }
            names.sort((a, b) -> b.length() - a.length());
            return "(?:" + String.join("|", names) + ")";
        }
    }
}
