package uk.org.perusupportgroup.quipu.publish;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.article.ArticleValidator;
import uk.org.perusupportgroup.quipu.article.FieldError;
import uk.org.perusupportgroup.quipu.config.YamlNode;

/**
 * Reads one article file: YAML front matter between two {@code ---} lines, then the Markdown body.
 * The slug is the file name without {@code .md}. Every problem is reported with the file's path and
 * the line it is on.
 */
public final class ArticleFileParser {

    /** Front matter keys: every article field but the slug, which is the file name. */
    static final Set<String> FIELDS = ArticleValidator.FIELDS.stream().filter(f -> !f.equals("slug") && !f.equals("body"))
            .collect(Collectors.toUnmodifiableSet());

    private final ArticleValidator validator;

    public ArticleFileParser(ArticleValidator validator) {
        this.validator = validator;
    }

    /** An article, or the problems that kept the file out, each {@code path:line: what}. */
    public record Parsed(Optional<Article> article, List<String> problems) {}

    /** @param path the file's path relative to the articles directory, with {@code /} separators */
    public Parsed parse(String path, String text) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        String slug = name.endsWith(".md") ? name.substring(0, name.length() - 3) : name;
        Optional<String> badSlug = ArticleValidator.checkSlug(slug);
        if (badSlug.isPresent()) {
            return failed(path + ": the file name is the article's slug: " + badSlug.get());
        }
        String normalised = text.replace("\r\n", "\n").replace('\r', '\n');
        if (normalised.startsWith("\uFEFF")) {
            normalised = normalised.substring(1);
        }
        if (!normalised.startsWith("---\n")) {
            return failed(path + ":1: the file must start with a '---' line, then the front matter (title, published, …)");
        }
        int end = normalised.indexOf("\n---\n", 3);
        boolean endsAtEof = end < 0 && normalised.endsWith("\n---");
        if (end < 0 && !endsAtEof) {
            return failed(path + ":1: the front matter opened on line 1 is not closed by a '---' line");
        }
        int close = end < 0 ? normalised.length() - 4 : end;
        String frontMatter = normalised.substring(4, close + 1);
        String body = end < 0 ? "" : normalised.substring(end + 5);
        YamlNode root;
        try {
            root = YamlNode.parse(frontMatter, path);
        } catch (YamlNode.YamlException e) {
            return failed(path + (e.line() > 0 ? ":" + (e.line() + 1) : "") + ": " + e.problem());
        }
        if (!(root instanceof YamlNode.Mapping mapping)) {
            return failed(path + ":2: the front matter must be 'key: value' lines");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        mapping.entries().forEach((key, value) -> fields.put(key, plain(value)));
        if (!body.isBlank()) {
            fields.put("body", body);
        }
        Set<String> allowed = new java.util.HashSet<>(FIELDS);
        allowed.add("body");
        var result = validator.validate(fields, allowed, Optional.of(slug), Optional.of(path));
        if (result.valid()) {
            return new Parsed(result.article(), List.of());
        }
        List<String> problems = new ArrayList<>();
        for (FieldError error : result.errors()) {
            Integer line = mapping.keyLines().get(error.field());
            String where = error.field().equals("body") ? path + ":" + (frontMatter.split("\n", -1).length + 2)
                    : line == null ? path : path + ":" + (line + 1);
            problems.add(where + ": " + error);
        }
        return new Parsed(Optional.empty(), problems);
    }

    private static Parsed failed(String problem) {
        return new Parsed(Optional.empty(), List.of(problem));
    }

    /** YAML as the validator takes it: text, lists, mappings (the lead image), or something it will refuse. */
    private static Object plain(YamlNode node) {
        if (node instanceof YamlNode.Scalar scalar) {
            return scalar.value();
        }
        if (node instanceof YamlNode.Sequence sequence) {
            return sequence.items().stream().map(ArticleFileParser::plain).toList();
        }
        if (node instanceof YamlNode.Mapping mapping) {
            Map<String, Object> plain = new LinkedHashMap<>();
            mapping.entries().forEach((key, value) -> plain.put(key, plain(value)));
            return plain;
        }
        return Map.of();
    }
}
