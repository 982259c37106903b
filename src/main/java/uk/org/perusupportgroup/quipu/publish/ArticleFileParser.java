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

    /**
     * An article, or the problems that kept the file out, each {@code path:line: what}.
     *
     * @param imageFile the file under the media directory its lead image names ({@code image: {file: …}}), if any
     * @param waitsForMedia true when it names one and was read before the media files were imported: it is parsed
     *     again once they are (neither an article nor problems yet)
     */
    public record Parsed(Optional<Article> article, List<String> problems, Optional<String> imageFile, boolean waitsForMedia) {

        public Parsed(Optional<Article> article, List<String> problems) {
            this(article, problems, Optional.empty(), false);
        }
    }

    /** What a lead image given by file ({@code image: {file: juliaca.jpg}}) is, when the article is read. */
    public sealed interface ImageFile permits ImageFile.Found, ImageFile.Missing, ImageFile.NotYet {

        /** An imported photo: its upload's id, and its sidecar's text, which the article's own text overrides. */
        record Found(long id, String alt, String caption, String credit) implements ImageFile {}

        /** Not an imported photo: why, as a sentence. */
        record Missing(String why) implements ImageFile {}

        /** The media files are not imported yet (start-up reads the article files while the database opens). */
        record NotYet() implements ImageFile {}
    }

    /** Finds the lead images that article files name by file. */
    @FunctionalInterface
    public interface ImageFiles {

        /** Before the media files are imported: every article that names one waits. */
        ImageFiles NOT_YET = name -> new ImageFile.NotYet();

        /** @param name a path under the media directory, with {@code /} */
        ImageFile find(String name);
    }

    /** @param path the file's path relative to the articles directory, with {@code /} separators */
    public Parsed parse(String path, String text) {
        return parse(path, text, ImageFiles.NOT_YET);
    }

    /**
     * @param path the file's path relative to the articles directory, with {@code /} separators
     * @param images where a lead image given by file is looked up
     */
    public Parsed parse(String path, String text, ImageFiles images) {
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
        // a lead image given by file becomes the id of the upload that file became, its sidecar's text the defaults
        Optional<String> imageFile = Optional.empty();
        String imageProblem = null;
        if (fields.get("image") instanceof Map<?, ?> given && given.containsKey("file")) {
            Map<String, Object> image = new LinkedHashMap<>();
            given.forEach((key, value) -> image.put(String.valueOf(key), value));
            Object file = image.remove("file");
            Integer line = mapping.entries().get("image") instanceof YamlNode.Mapping nested ? nested.keyLines().get("file")
                    : mapping.keyLines().get("image");
            String where = line == null ? path : path + ":" + (line + 1);
            if (!(file instanceof String named) || named.isBlank()) {
                imageProblem = where + ": image.file: must be the name of a photo under the media folder, such as juliaca.jpg";
            } else if (image.get("id") != null) {
                imageProblem = where + ": image.file: give the photo by file or by id, not both";
            } else {
                imageFile = Optional.of(((String) file).strip());
                ImageFile found = images.find(imageFile.get());
                if (found instanceof ImageFile.NotYet) {
                    return new Parsed(Optional.empty(), List.of(), imageFile, true);
                } else if (found instanceof ImageFile.Missing missing) {
                    imageProblem = where + ": image.file: " + missing.why();
                } else if (found instanceof ImageFile.Found photo) {
                    image.put("id", photo.id());
                    defaultText(image, "alt", photo.alt());
                    defaultText(image, "caption", photo.caption());
                    defaultText(image, "credit", photo.credit());
                }
            }
            if (imageProblem == null) {
                fields.put("image", image);
            } else {
                fields.remove("image");
            }
        }
        Set<String> allowed = new java.util.HashSet<>(FIELDS);
        allowed.add("body");
        var result = validator.validate(fields, allowed, Optional.of(slug), Optional.of(path));
        if (result.valid() && imageProblem == null) {
            return new Parsed(result.article(), List.of(), imageFile, false);
        }
        List<String> problems = new ArrayList<>();
        if (imageProblem != null) {
            problems.add(imageProblem);
        }
        for (FieldError error : result.errors()) {
            Integer line = mapping.keyLines().get(error.field());
            String where = error.field().equals("body") ? path + ":" + (frontMatter.split("\n", -1).length + 2)
                    : line == null ? path : path + ":" + (line + 1);
            problems.add(where + ": " + error);
        }
        return new Parsed(Optional.empty(), problems, imageFile, false);
    }

    /** The sidecar's text where the article gives none. */
    private static void defaultText(Map<String, Object> image, String key, String fallback) {
        if (image.get(key) == null && !fallback.isEmpty()) {
            image.put(key, fallback);
        }
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
