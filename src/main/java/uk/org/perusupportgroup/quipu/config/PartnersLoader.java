package uk.org.perusupportgroup.quipu.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.PartnerSource;
import uk.org.perusupportgroup.quipu.article.Vocabulary;

/**
 * Reads {@code config/partners.yaml} into {@link PartnerSource}s. Every problem is collected and
 * reported with its file and line; topics and regions are checked against the vocabulary.
 */
public final class PartnersLoader {

    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern LANGUAGE = Pattern.compile("[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*");
    private static final Set<String> KEYS = Set.of("id", "name", "home", "kind", "url", "interval", "language", "reuse",
            "filter", "categories", "topics", "regions", "html", "moderation");
    private static final Set<String> FILTER_KEYS = Set.of("categories", "include", "exclude");
    private static final Set<String> HTML_KEYS = Set.of("item", "title", "link", "date", "date-format", "locale", "summary");
    private static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(1);

    private PartnersLoader() {}

    /**
     * @param builtInWhenMissing read the copy in the jar when {@code file} does not exist (the key kept its default)
     * @throws ConfigException naming the file, line and problem
     */
    public static List<PartnerSource> load(Path file, boolean builtInWhenMissing, Vocabulary vocabulary) {
        String source = file.toString();
        String text;
        try {
            if (Files.isRegularFile(file)) {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } else if (builtInWhenMissing) {
                source = "built-in partners.yaml";
                try (InputStream in = PartnersLoader.class.getResourceAsStream("/defaults/partners.yaml")) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } else {
                throw new ConfigException("partners.file: " + file + " does not exist");
            }
            return parse(YamlNode.parse(text, source), source, vocabulary);
        } catch (IOException e) {
            throw new ConfigException("partners.file: cannot read " + source + ": " + e.getMessage());
        } catch (YamlNode.YamlException e) {
            throw new ConfigException("partners.file: " + e.getMessage());
        }
    }

    static List<PartnerSource> parse(YamlNode root, String source, Vocabulary vocabulary) {
        if (!(root instanceof YamlNode.Mapping mapping) || !(mapping.entries().get("sources") instanceof YamlNode.Sequence list)) {
            if (root instanceof YamlNode.Mapping m && m.entries().get("sources") instanceof YamlNode.Scalar s && s.value() == null) {
                return List.of();
            }
            throw new ConfigException("partners.file: " + source + " must hold a list 'sources:'");
        }
        List<String> problems = new ArrayList<>();
        List<PartnerSource> sources = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (YamlNode item : list.items()) {
            Entry entry = new Entry(item, source, problems, vocabulary);
            entry.read().ifPresent(partner -> {
                if (!ids.add(partner.id())) {
                    problems.add(source + ":" + item.line() + ": id '" + partner.id() + "' appears twice");
                } else {
                    sources.add(partner);
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.stream().map(p -> "partners.file: " + p).toList());
        }
        return sources;
    }

    /** One source's mapping, read key by key; problems are collected, not thrown. */
    private static final class Entry {
        private final YamlNode node;
        private final String source;
        private final List<String> problems;
        private final Vocabulary vocabulary;
        private String at;

        Entry(YamlNode node, String source, List<String> problems, Vocabulary vocabulary) {
            this.node = node;
            this.source = source;
            this.problems = problems;
            this.vocabulary = vocabulary;
            this.at = source + ":" + node.line();
        }

        Optional<PartnerSource> read() {
            if (!(node instanceof YamlNode.Mapping map)) {
                problems.add(at + ": each source needs id, name, home, kind and url");
                return Optional.empty();
            }
            int before = problems.size();
            unknownKeys(map, KEYS, "");
            String id = required(map, "id");
            if (id != null && !ID.matcher(id).matches()) {
                problem("id '" + id + "' must be lower-case letters, digits and hyphens");
            }
            if (id != null) {
                at = at + " (" + id + ")";
            }
            String name = required(map, "name");
            URI home = url(map, "home");
            PartnerSource.Kind kind = choice(map, "kind", PartnerSource.Kind.class, null);
            URI url = url(map, "url");
            Duration interval = Optional.ofNullable(scalar(map, "interval")).map(text -> {
                Optional<Duration> d = ConfigLoader.parseDuration(text);
                if (d.isEmpty() || d.get().compareTo(SHORTEST_INTERVAL) < 0) {
                    problem("interval '" + text + "' must be a duration of at least 1s such as 30m, 2h or 1d");
                }
                return d.orElse(Duration.ofHours(1));
            }).orElse(Duration.ofHours(1));
            String language = Optional.ofNullable(scalar(map, "language")).orElse("en");
            if (!LANGUAGE.matcher(language).matches()) {
                problem("language '" + language + "' is not a language tag such as en or es-PE");
            }
            PartnerSource.Reuse reuse = choice(map, "reuse", PartnerSource.Reuse.class, PartnerSource.Reuse.EXCERPT);
            PartnerSource.Moderation moderation = choice(map, "moderation", PartnerSource.Moderation.class,
                    PartnerSource.Moderation.POST);
            PartnerSource.Filter filter = filter(map.entries().get("filter"));
            Map<String, PartnerSource.Tags> categories = categories(map.entries().get("categories"));
            PartnerSource.Tags tags = new PartnerSource.Tags(terms(map.entries().get("topics"), Facet.TOPIC),
                    terms(map.entries().get("regions"), Facet.REGION));
            Optional<PartnerSource.HtmlRules> html = html(map.entries().get("html"), kind);
            if (problems.size() > before) {
                return Optional.empty();
            }
            return Optional.of(new PartnerSource(id, name, home, kind, url, interval, language, reuse, filter, categories,
                    tags, html, moderation));
        }

        private PartnerSource.Filter filter(YamlNode node) {
            if (node == null || node instanceof YamlNode.Scalar s && s.value() == null) {
                return PartnerSource.Filter.NONE;
            }
            if (!(node instanceof YamlNode.Mapping map)) {
                problem("filter must be a mapping of categories, include and exclude");
                return PartnerSource.Filter.NONE;
            }
            unknownKeys(map, FILTER_KEYS, "filter.");
            return new PartnerSource.Filter(words(map.entries().get("categories"), "filter.categories"),
                    words(map.entries().get("include"), "filter.include"), words(map.entries().get("exclude"), "filter.exclude"));
        }

        private Map<String, PartnerSource.Tags> categories(YamlNode node) {
            Map<String, PartnerSource.Tags> categories = new LinkedHashMap<>();
            if (node == null || node instanceof YamlNode.Scalar s && s.value() == null) {
                return categories;
            }
            if (!(node instanceof YamlNode.Mapping map)) {
                problem("categories must map a partner's category name to topics and regions");
                return categories;
            }
            for (Map.Entry<String, YamlNode> category : map.entries().entrySet()) {
                if (!(category.getValue() instanceof YamlNode.Mapping tags)) {
                    problem("category '" + category.getKey() + "' must have topics and/or regions");
                    continue;
                }
                unknownKeys(tags, Set.of("topics", "regions"), "categories." + category.getKey() + ".");
                categories.put(category.getKey().strip().toLowerCase(Locale.ROOT), new PartnerSource.Tags(
                        terms(tags.entries().get("topics"), Facet.TOPIC), terms(tags.entries().get("regions"), Facet.REGION)));
            }
            return categories;
        }

        private Optional<PartnerSource.HtmlRules> html(YamlNode node, PartnerSource.Kind kind) {
            if (kind != PartnerSource.Kind.HTML) {
                if (node != null) {
                    problem("html rules belong only to a source of kind html");
                }
                return Optional.empty();
            }
            if (!(node instanceof YamlNode.Mapping map)) {
                problem("a source of kind html needs html: with at least item and date-format");
                return Optional.empty();
            }
            unknownKeys(map, HTML_KEYS, "html.");
            String item = selector(map, "item", true);
            Optional<String> title = Optional.ofNullable(selector(map, "title", false));
            Optional<String> link = Optional.ofNullable(selector(map, "link", false));
            Optional<String> date = Optional.ofNullable(selector(map, "date", false));
            Optional<String> summary = Optional.ofNullable(selector(map, "summary", false));
            String format = Optional.ofNullable(scalar(map, "date-format")).orElse("d MMMM yyyy");
            try {
                DateTimeFormatter.ofPattern(format);
            } catch (IllegalArgumentException e) {
                problem("html.date-format '" + format + "' is not a date pattern: " + e.getMessage());
            }
            String localeTag = Optional.ofNullable(scalar(map, "locale")).orElse("en-GB");
            Locale locale = Locale.forLanguageTag(localeTag);
            if (locale.getLanguage().isEmpty()) {
                problem("html.locale '" + localeTag + "' is not a locale such as en-GB or es-PE");
            }
            if (title.isEmpty() && summary.isEmpty()) {
                problem("html needs a title selector, or a summary selector to take the title's first sentence from");
            }
            return Optional.of(new PartnerSource.HtmlRules(item, title, link, date, format, locale, summary));
        }

        private String selector(YamlNode.Mapping map, String key, boolean required) {
            String value = required ? required(map, key) : scalar(map, key);
            if (value != null) {
                try {
                    Evaluator ignored = QueryParser.parse(value);
                } catch (RuntimeException e) {
                    problem("html." + key + " '" + value + "' is not a CSS selector: " + e.getMessage());
                }
            }
            return value;
        }

        private List<String> terms(YamlNode node, Facet facet) {
            List<String> slugs = words(node, facet.plural());
            for (String slug : slugs) {
                if (vocabulary.find(facet, slug).isEmpty()) {
                    problem("unknown " + facet.name().toLowerCase(Locale.ROOT) + " '" + slug + "' (see config/"
                            + facet.plural() + ".yaml)");
                }
            }
            return slugs;
        }

        private List<String> words(YamlNode node, String key) {
            if (node == null || node instanceof YamlNode.Scalar s && s.value() == null) {
                return List.of();
            }
            if (!(node instanceof YamlNode.Sequence seq)) {
                problem(key + " must be a list, e.g. [Peru]");
                return List.of();
            }
            List<String> words = new ArrayList<>();
            for (YamlNode item : seq.items()) {
                if (item instanceof YamlNode.Scalar s && s.value() != null && !s.value().isBlank()) {
                    words.add(s.value().strip());
                } else {
                    problem(key + " holds an empty or nested value at line " + item.line());
                }
            }
            return words;
        }

        private <E extends Enum<E>> E choice(YamlNode.Mapping map, String key, Class<E> type, E fallback) {
            String value = fallback == null ? required(map, key) : scalar(map, key);
            if (value == null) {
                return fallback == null ? type.getEnumConstants()[0] : fallback;
            }
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(value)) {
                    return constant;
                }
            }
            problem(key + " '" + value + "' must be one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
            return type.getEnumConstants()[0];
        }

        private URI url(YamlNode.Mapping map, String key) {
            String value = required(map, key);
            if (value == null) {
                return URI.create("https://invalid.example/");
            }
            try {
                URI uri = new URI(value);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            problem(key + " '" + value + "' is not an absolute http or https URL");
            return URI.create("https://invalid.example/");
        }

        private String required(YamlNode.Mapping map, String key) {
            String value = scalar(map, key);
            if (value == null) {
                problem(key + " is missing");
            }
            return value;
        }

        private static String scalar(YamlNode.Mapping map, String key) {
            return map.entries().get(key) instanceof YamlNode.Scalar s && s.value() != null && !s.value().isBlank()
                    ? s.value().strip() : null;
        }

        private void unknownKeys(YamlNode.Mapping map, Set<String> known, String prefix) {
            map.entries().keySet().stream().filter(k -> !known.contains(k)).forEach(k -> problems.add(source + ":"
                    + map.keyLines().get(k) + ": unknown key '" + prefix + k + "'"));
        }

        private void problem(String what) {
            problems.add(at + ": " + what);
        }
    }
}
