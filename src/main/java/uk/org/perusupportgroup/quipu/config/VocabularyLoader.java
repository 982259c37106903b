package uk.org.perusupportgroup.quipu.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.Term;
import uk.org.perusupportgroup.quipu.article.Vocabulary;

/** Reads {@code config/topics.yaml} and {@code config/regions.yaml} into a {@link Vocabulary}. */
public final class VocabularyLoader {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Set<String> KEYS = Set.of("slug", "en", "es", "aliases");

    private VocabularyLoader() {}

    /** @throws ConfigException naming the file, line and problem */
    public static Vocabulary load(QuipuConfig.VocabularyFiles files) {
        return new Vocabulary(read(files.topics(), Facet.TOPIC), read(files.regions(), Facet.REGION));
    }

    private static List<Term> read(Optional<Path> file, Facet facet) {
        String source = file.map(Path::toString).orElse("built-in " + facet.plural() + ".yaml");
        String text;
        try {
            if (file.isPresent()) {
                text = Files.readString(file.get(), StandardCharsets.UTF_8);
            } else {
                try (InputStream in = VocabularyLoader.class.getResourceAsStream("/defaults/" + facet.plural() + ".yaml")) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return parse(YamlNode.parse(text, source), facet, source);
        } catch (IOException e) {
            throw new ConfigException("vocabulary." + facet.plural() + ": cannot read " + source + ": " + e.getMessage());
        } catch (YamlNode.YamlException e) {
            throw new ConfigException("vocabulary." + facet.plural() + ": " + e.getMessage());
        }
    }

    static List<Term> parse(YamlNode root, Facet facet, String source) {
        List<String> problems = new ArrayList<>();
        List<Term> terms = new ArrayList<>();
        if (!(root instanceof YamlNode.Mapping mapping) || !(mapping.entries().get(facet.plural()) instanceof YamlNode.Sequence list)) {
            throw new ConfigException("vocabulary." + facet.plural() + ": " + source + " must hold a list '" + facet.plural() + ":'");
        }
        Map<String, String> seenAliases = new HashMap<>();
        Set<String> seenSlugs = new java.util.HashSet<>();
        for (YamlNode item : list.items()) {
            String at = source + ":" + item.line();
            if (!(item instanceof YamlNode.Mapping entry)) {
                problems.add(at + ": each entry needs slug, en, es and aliases");
                continue;
            }
            entry.entries().keySet().stream().filter(k -> !KEYS.contains(k))
                    .forEach(k -> problems.add(at + ": unknown key '" + k + "'"));
            String slug = scalar(entry, "slug");
            String en = scalar(entry, "en");
            String es = scalar(entry, "es");
            if (slug == null || !SLUG.matcher(slug).matches()) {
                problems.add(at + ": slug '" + slug + "' must be lower-case letters, digits and hyphens");
                continue;
            }
            if (!seenSlugs.add(slug)) {
                problems.add(at + ": slug '" + slug + "' appears twice");
            }
            if (en == null || es == null) {
                problems.add(at + ": " + slug + " needs both an English (en) and a Spanish (es) name");
            }
            List<String> aliases = new ArrayList<>();
            YamlNode aliasNode = entry.entries().get("aliases");
            if (aliasNode instanceof YamlNode.Sequence seq) {
                for (YamlNode alias : seq.items()) {
                    if (alias instanceof YamlNode.Scalar s && s.value() != null && !s.value().isBlank()) {
                        String key = s.value().strip().toLowerCase(Locale.ROOT);
                        String previous = seenAliases.putIfAbsent(key, slug);
                        if (previous != null) {
                            problems.add(source + ":" + alias.line() + ": alias '" + s.value() + "' of " + slug
                                    + " is already an alias of " + previous);
                        }
                        aliases.add(s.value().strip());
                    } else {
                        problems.add(source + ":" + alias.line() + ": an alias must be a word or phrase");
                    }
                }
            } else if (aliasNode != null && !(aliasNode instanceof YamlNode.Scalar s && s.value() == null)) {
                problems.add(at + ": aliases of " + slug + " must be a list");
            }
            terms.add(new Term(facet, slug, en, es, aliases));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.stream().map(p -> "vocabulary." + facet.plural() + ": " + p).toList());
        }
        return terms;
    }

    private static String scalar(YamlNode.Mapping entry, String key) {
        return entry.entries().get(key) instanceof YamlNode.Scalar s && s.value() != null && !s.value().isBlank()
                ? s.value().strip() : null;
    }
}
