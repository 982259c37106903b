package uk.org.perusupportgroup.quipu.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.article.ArticleValidator;
import uk.org.perusupportgroup.quipu.article.MarkdownRenderer;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.config.VocabularyLoader;

/** Parses the fixture files under {@code src/test/resources/articles/good} and {@code …/bad}. */
class ArticleFileParserTest {

    private final ArticleFileParser parser = new ArticleFileParser(new ArticleValidator(
            VocabularyLoader.load(new QuipuConfig.VocabularyFiles(Optional.empty(), Optional.empty())),
            new MarkdownRenderer()));

    /** Parses a fixture by its path under {@code articles/}, which is also the path the parser reports. */
    private ArticleFileParser.Parsed parse(String path) {
        try {
            Path file = Path.of(ArticleFileParserTest.class.getResource("/articles/" + path).toURI());
            return parser.parse(path, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | URISyntaxException e) {
            throw new AssertionError("fixture " + path + " cannot be read", e);
        }
    }

    private Article article(String path) {
        var parsed = parse(path);
        assertEquals(List.of(), parsed.problems());
        return parsed.article().orElseThrow();
    }

    static Stream<Arguments> goodFiles() {
        return Stream.of(
                Arguments.of("regional-elections-in-puno.md", "Regional Elections in Puno", "2014-11-29T00:00:00Z",
                        List.of("elections-and-politics"), List.of("puno"), "en", "second round of regional elections"),
                Arguments.of("all-optional-fields.md", "Las Bambas and the state of emergency", "2016-10-14T21:45:00Z",
                        List.of("extractive-industries", "protest-and-social-conflict"), List.of("apurimac", "cusco"),
                        "es", "After a rule."),
                Arguments.of("month-only-date.md", "Newsletter of July", "2025-06-30T23:00:00Z",
                        List.of("human-rights"), List.of("national"), "en", "Body."),
                Arguments.of("crlf-line-endings.md", "Written on Windows", "2017-11-19T00:00:00Z",
                        List.of("corruption"), List.of("lima-metropolitana"), "en", "First line.\nSecond line."),
                Arguments.of("utf8-bom.md", "Saved with a byte order mark", "2017-11-19T00:00:00Z",
                        List.of("environment"), List.of("loreto"), "en", "Body after a BOM."),
                Arguments.of("front-matter-only.md", "Front matter only", "2017-11-19T00:00:00Z",
                        List.of("migration"), List.of("international"), "en", ""),
                Arguments.of("non-latin-title.md", "Quechua: Ñuqanchik & <Perú> 日本語 عربى", "2017-11-19T10:30:00Z",
                        List.of("indigenous-peoples"), List.of("ayacucho"), "qu", "Runasimi."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodFiles")
    void goodFileParses(String file, String title, String published, List<String> topics, List<String> regions,
            String language, String bodyPart) {
        Article article = article("good/" + file);

        assertEquals(file.substring(0, file.length() - 3), article.slug());
        assertEquals(title, article.title());
        assertEquals(Instant.parse(published), article.published());
        assertEquals(topics, article.topics());
        assertEquals(regions, article.regions());
        assertEquals(language, article.language());
        assertTrue(article.body().contains(bodyPart), article.body());
        assertFalse(article.body().contains("\r") || article.body().contains("\uFEFF"), article.body());
        assertFalse(article.summary().isBlank());
        assertEquals(Optional.of("good/" + file), article.sourceFile());
    }

    @Test
    void optionalFieldsAreRead() {
        Article article = article("good/all-optional-fields.md");

        assertEquals(Optional.of(Instant.parse("2016-10-15T09:00:00Z")), article.updated());
        assertEquals(Optional.of("Peru Support Group"), article.author());
        assertEquals(Optional.of(URI.create("https://perusupportgroup.org.uk/news/las-bambas")), article.url());
        assertEquals("A state of emergency in Cotabambas.", article.summary());
        assertTrue(article.bodyHtml().contains("<hr>"), article.bodyHtml());
    }

    @Test
    void bodyIsRenderedWithRootRelativeLinks() {
        Article article = article("good/regional-elections-in-puno.md");

        assertTrue(article.bodyHtml().contains("<strong>Puno</strong>"), article.bodyHtml());
        assertTrue(article.bodyHtml().contains("href=\"/articles/electoral-tea-leaves\""), article.bodyHtml());
    }

    @Test
    void statusIsReadAndPublishedIsTheDefault() {
        assertEquals(Article.Status.DRAFT, article("good/a-draft.md").status());
        assertEquals(Article.Status.PUBLISHED, article("good/front-matter-only.md").status());
    }

    @Test
    void fileWithoutBodyHasAnEmptyBody() {
        assertEquals("", article("good/front-matter-only.md").body());
    }

    @Test
    void markupInFrontMatterIsKeptAsText() {
        assertEquals("Tom & Jerry <b>not bold</b>", article("good/non-latin-title.md").summary());
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("no-front-matter.md", ":1: ", "must start with a '---' line"),
                Arguments.of("empty-file.md", ":1: ", "must start with a '---' line"),
                Arguments.of("unclosed-front-matter.md", ":1: ", "not closed"),
                Arguments.of("yaml-syntax-error.md", ":3: ", "mapping values are not allowed"),
                Arguments.of("unknown-topic.md", ":4: ", "topics: unknown topic 'mining'"),
                Arguments.of("bad-date.md", ":3: ", "published: '2017-13-45' is not a date"),
                Arguments.of("slug-in-front-matter.md", ":8: ", "slug: unknown field"),
                Arguments.of("duplicate-key.md", ":5: ", "duplicate key 'title'"),
                Arguments.of("topics-not-a-list.md", ":4: ", "topics: must be a list"),
                Arguments.of("front-matter-a-list.md", ":2: ", "'key: value' lines"),
                Arguments.of("title-over-two-lines.md", ":2: ", "title: must be one line"),
                Arguments.of("title-a-mapping.md", ":2: ", "title: must be text"),
                Arguments.of("body-control-character.md", ":9: ", "body: contains a control character"),
                Arguments.of("missing-summary.md", "", "summary: required"),
                Arguments.of("Capital-Letters.md", ": ", "the file name is the article's slug"),
                Arguments.of("with space.md", ": ", "the file name is the article's slug"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void badFileIsReportedByPathAndLine(String file, String where, String what) {
        var parsed = parse("bad/" + file);

        assertTrue(parsed.article().isEmpty());
        assertEquals(1, parsed.problems().size(), parsed.problems().toString());
        String problem = parsed.problems().get(0);
        assertTrue(problem.startsWith("bad/" + file + where), problem);
        assertTrue(problem.contains(what), problem);
    }

    @Test
    void everyProblemOfAFileIsReportedWithItsLine() {
        var parsed = parse("bad/two-problems.md");

        assertEquals(2, parsed.problems().size(), parsed.problems().toString());
        assertTrue(parsed.problems().stream().anyMatch(p -> p.startsWith("bad/two-problems.md:3: published:")),
                parsed.problems().toString());
        assertTrue(parsed.problems().stream().anyMatch(p -> p.startsWith("bad/two-problems.md:5: regions:")),
                parsed.problems().toString());
    }

    @Test
    void aTranslationIsNamedByItsSlugInTheFrontMatter() {
        String text = "---\ntitle: Juliaca, un año después\npublished: 2025-01-09\ntopics: [human-rights]\nregions: [puno]\n"
                + "language: es\ntranslation: juliaca-a-year-on\nsummary: S\n---\n";

        assertEquals(Optional.of("juliaca-a-year-on"), parser.parse("2025/juliaca-un-ano-despues.md", text).article().orElseThrow()
                .translation());
        assertEquals(Optional.empty(), article("good/all-optional-fields.md").translation(), "none named");
    }

    @Test
    void aTranslationThatIsNotASlugOrIsTheFilesOwnIsReportedOnItsLine() {
        String text = "---\ntitle: T\npublished: 2025-01-09\ntopics: [human-rights]\nregions: [puno]\nlanguage: es\n"
                + "translation: %s\nsummary: S\n---\n";

        var address = parser.parse("2025/juliaca-es.md", text.formatted("/articles/juliaca-a-year-on"));
        assertEquals(List.of("2025/juliaca-es.md:7: translation: '/articles/juliaca-a-year-on' is not an article's slug: give"
                + " the slug of the same article in the other language (lower-case letters a-z, digits and single hyphens, as in"
                + " its address /articles/… or its file name without .md)"), address.problems());
        var itself = parser.parse("2025/juliaca-es.md", text.formatted("juliaca-es"));
        assertEquals(List.of("2025/juliaca-es.md:7: translation: 'juliaca-es' is this article's own slug: give the slug of the"
                + " same article in the other language"), itself.problems());
    }

    @Test
    void pathInSubdirectoriesGivesTheSlugFromTheFileName() {
        var parsed = parser.parse("2017/11/newsletter.md",
                "---\ntitle: T\npublished: 2017-11\ntopics: [civic-space]\nregions: [tacna]\nlanguage: en\nsummary: S\n---\n");

        assertEquals("newsletter", parsed.article().orElseThrow().slug());
    }

    private static final String WITH_IMAGE_FILE = "---\ntitle: \"Juliaca\"\npublished: 2025-01-09\ntopics: [human-rights]\n"
            + "regions: [puno]\nlanguage: en\nsummary: \"A year on.\"\nimage:\n  file: juliaca.jpg\n  caption: \"Its own caption.\"\n---\nBody.\n";

    @Test
    void aLeadImageGivenByFileTakesItsUploadAndTheSidecarsTextWhereTheArticleGivesNone() {
        var parsed = parser.parse("juliaca.md", WITH_IMAGE_FILE, name -> name.equals("juliaca.jpg")
                ? new ArticleFileParser.ImageFile.Found(42, "Families holding photographs", "The sidecar's caption", "Ana Quispe")
                : new ArticleFileParser.ImageFile.Missing("no such file"));
        assertEquals(List.of(), parsed.problems());
        var image = parsed.article().orElseThrow().image().orElseThrow();
        assertEquals(42, image.mediaId());
        assertEquals("Families holding photographs", image.alt());
        assertEquals("Its own caption.", image.caption());
        assertEquals("Ana Quispe", image.credit());
        assertEquals(Optional.of("juliaca.jpg"), parsed.imageFile());
    }

    @Test
    void aLeadImageFileNotImportedIsAProblemOnItsLineAndOtherProblemsAreStillReported() {
        String text = WITH_IMAGE_FILE.replace("regions: [puno]", "regions: [nowhere]");
        var parsed = parser.parse("2025/juliaca.md", text, name -> new ArticleFileParser.ImageFile.Missing("there is no file feeds/media/juliaca.jpg"));
        assertTrue(parsed.article().isEmpty());
        assertEquals("2025/juliaca.md:9: image.file: there is no file feeds/media/juliaca.jpg", parsed.problems().get(0));
        assertTrue(parsed.problems().get(1).startsWith("2025/juliaca.md:5: regions: unknown region 'nowhere'"), parsed.problems().toString());
        assertEquals(Optional.of("juliaca.jpg"), parsed.imageFile(), "read again when that file comes");
    }

    @Test
    void beforeTheMediaFilesAreImportedAnArticleThatNamesOneWaits() {
        var parsed = parser.parse("juliaca.md", WITH_IMAGE_FILE);
        assertTrue(parsed.waitsForMedia());
        assertTrue(parsed.article().isEmpty());
        assertEquals(List.of(), parsed.problems());
        var both = parser.parse("juliaca.md", WITH_IMAGE_FILE.replace("  file: juliaca.jpg\n", "  file: juliaca.jpg\n  id: 7\n"),
                name -> new ArticleFileParser.ImageFile.Found(42, "alt", "", ""));
        assertEquals(List.of("juliaca.md:9: image.file: give the photo by file or by id, not both"), both.problems());
    }
}
