package uk.org.perusupportgroup.quipu.article;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.config.VocabularyLoader;

class ArticleValidatorTest {

    /** Marks a field to leave out of the otherwise valid input. */
    private static final Object ABSENT = new Object();

    private static final Vocabulary VOCABULARY =
            VocabularyLoader.load(new QuipuConfig.VocabularyFiles(Optional.empty(), Optional.empty()));
    private final ArticleValidator validator = new ArticleValidator(VOCABULARY, new MarkdownRenderer());

    private static Map<String, Object> valid() {
        Map<String, Object> fields = new HashMap<>();
        fields.put("title", "Conga: the mine that was not");
        fields.put("summary", "Why the Conga project stalled.");
        fields.put("body", "The *Conga* project.");
        fields.put("published", "2017-11-19");
        fields.put("topics", List.of("extractive-industries", "environment"));
        fields.put("regions", List.of("cajamarca"));
        fields.put("language", "en");
        return fields;
    }

    private ArticleValidator.Result validate(Map<String, Object> fields) {
        return validator.validate(fields, ArticleValidator.FIELDS, Optional.empty(), Optional.empty());
    }

    private static Map<String, Object> with(String field, Object value) {
        Map<String, Object> fields = valid();
        if (value == ABSENT) {
            fields.remove(field);
        } else {
            fields.put(field, value);
        }
        return fields;
    }

    @Test
    void validArticleIsBuilt() {
        Map<String, Object> fields = valid();
        fields.put("updated", "2017-11-20T09:00:00Z");
        fields.put("author", "Peru Support Group");
        fields.put("url", "https://perusupportgroup.org.uk/news/conga");

        Article article = validate(fields).article().orElseThrow();

        assertEquals("conga-the-mine-that-was-not", article.slug());
        assertEquals("Conga: the mine that was not", article.title());
        assertEquals("The *Conga* project.", article.body());
        assertEquals("<p>The <em>Conga</em> project.</p>", article.bodyHtml().strip());
        assertEquals(Instant.parse("2017-11-19T00:00:00Z"), article.published());
        assertEquals(Optional.of(Instant.parse("2017-11-20T09:00:00Z")), article.updated());
        assertEquals(List.of("extractive-industries", "environment"), article.topics());
        assertEquals(List.of("cajamarca"), article.regions());
        assertEquals(Optional.of("Peru Support Group"), article.author());
        assertEquals(Optional.of(URI.create("https://perusupportgroup.org.uk/news/conga")), article.url());
        assertEquals(Optional.empty(), article.sourceFile());
    }

    @Test
    void fixedSlugAndSourceFileAreUsed() {
        var result = validator.validate(valid(), ArticleValidator.FIELDS, Optional.of("conga-2017"),
                Optional.of("2017/conga-2017.md"));

        assertEquals("conga-2017", result.article().orElseThrow().slug());
        assertEquals(Optional.of("2017/conga-2017.md"), result.article().orElseThrow().sourceFile());
    }

    @Test
    void slugFieldIsUsedWhenGiven() {
        assertEquals("my-slug", validate(with("slug", "my-slug")).article().orElseThrow().slug());
    }

    @Test
    void valuesAreStripped() {
        Article article = validate(with("title", "  Padded title \n")).article().orElseThrow();

        assertEquals("Padded title", article.title());
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("missing title", "title", ABSENT, "title", "required"),
                Arguments.of("missing summary", "summary", ABSENT, "summary", "required"),
                Arguments.of("missing topics", "topics", ABSENT, "topics", "required"),
                Arguments.of("blank title", "title", "   ", "title", "must not be empty"),
                Arguments.of("title with newline", "title", "Line one\nline two", "title", "one line"),
                Arguments.of("title with carriage return", "title", "Line one\rline two", "title", "one line"),
                Arguments.of("title with NUL", "title", "Bad\u0000title", "title", "control character"),
                Arguments.of("title with bell", "title", "Bad\u0007title", "title", "control character"),
                Arguments.of("title with U+FFFF", "title", "Bad\uFFFFtitle", "title", "control character"),
                Arguments.of("title with lone surrogate", "title", "Bad\uD800title", "title", "invalid character"),
                Arguments.of("title over 300 characters", "title", "x".repeat(301), "title", "at most 300"),
                Arguments.of("summary with NUL", "summary", "a\u0000b", "summary", "control character"),
                Arguments.of("url longer than its column in UTF-16", "url", "https://example.org/" + "\uD83D\uDE00".repeat(995), "url", "at most 1000"),
                Arguments.of("published in year 0", "published", "0000-01-01", "published", "out of range"),
                Arguments.of("published in year 3000", "published", "3000-01-01", "published", "out of range"),
                Arguments.of("unknown topic", "topics", List.of("mining"), "topics", "unknown topic 'mining'"),
                Arguments.of("unknown region", "regions", List.of("lima-province"), "regions", "unknown region 'lima-province'"),
                Arguments.of("empty topics list", "topics", List.of(), "topics", "at least one topic"),
                Arguments.of("empty regions list", "regions", List.of(), "regions", "at least one region"),
                Arguments.of("topics not a list", "topics", "environment", "topics", "must be a list"),
                Arguments.of("topics holding a number", "topics", List.of(42), "topics", "must be a list"),
                Arguments.of("duplicate topic", "topics", List.of("environment", "environment"), "topics", "listed twice"),
                Arguments.of("bad published month", "published", "2017-13-01", "published", "is not a date"),
                Arguments.of("published yesterday", "published", "yesterday", "published", "is not a date"),
                Arguments.of("updated before published", "updated", "2017-11-18", "updated", "before published"),
                Arguments.of("bad updated", "updated", "2017-11-19T10:00", "updated", "is not a date"),
                Arguments.of("status unknown", "status", "embargoed", "status", "'embargoed' is not a status: draft or published"),
                Arguments.of("image not an object", "image", "photo.jpg", "image", "must be an object"),
                Arguments.of("image without alt", "image", Map.of("id", 3), "image.alt", "required for an image: describe what it shows"),
                Arguments.of("image with blank alt", "image", Map.of("id", 3, "alt", "  "), "image.alt", "required for an image"),
                Arguments.of("image without id", "image", Map.of("alt", "Protesters in Juliaca"), "image.id", "required: the id of an upload"),
                Arguments.of("image id not a number", "image", Map.of("id", "photo.jpg", "alt", "x"), "image.id", "'photo.jpg' is not the id of an upload"),
                Arguments.of("image id negative", "image", Map.of("id", -4, "alt", "x"), "image.id", "is not the id of an upload"),
                Arguments.of("image id fractional", "image", Map.of("id", 1.5, "alt", "x"), "image.id", "is not the id of an upload"),
                Arguments.of("image alt over 500", "image", Map.of("id", 3, "alt", "a".repeat(501)), "image.alt", "at most 500"),
                Arguments.of("image credit two lines", "image", Map.of("id", 3, "alt", "x", "credit", "A\nB"), "image.credit", "one line"),
                Arguments.of("image unknown key", "image", Map.of("id", 3, "alt", "x", "src", "y"), "image.src", "unknown field"),
                Arguments.of("status not text", "status", true, "status", "must be text"),
                Arguments.of("language English", "language", "English", "language", "not a language tag"),
                Arguments.of("language upper case", "language", "EN", "language", "not a language tag"),
                Arguments.of("url javascript", "url", "javascript:alert(1)", "url", "absolute http or https"),
                Arguments.of("url relative", "url", "/articles/x", "url", "absolute http or https"),
                Arguments.of("url without host", "url", "https:///x", "url", "absolute http or https"),
                Arguments.of("url with space", "url", "https://example.org/a b", "url", "absolute http or https"),
                Arguments.of("slug a/b", "slug", "a/b", "slug", "lower-case letters"),
                Arguments.of("slug ..", "slug", "..", "slug", "lower-case letters"),
                Arguments.of("slug Bad Slug", "slug", "Bad Slug", "slug", "lower-case letters"),
                Arguments.of("slug with accents", "slug", "perú-2017", "slug", "lower-case letters"),
                Arguments.of("slug with double hyphen", "slug", "a--b", "slug", "single hyphens"),
                Arguments.of("slug over 120 characters", "slug", "a".repeat(121), "slug", "at most 120"),
                Arguments.of("unknown field colour", "colour", "red", "colour", "unknown field"),
                Arguments.of("number as title", "title", 42, "title", "must be text"),
                Arguments.of("number as published", "published", 20171119, "published", "must be text"),
                Arguments.of("list as language", "language", List.of("en"), "language", "must be text"),
                Arguments.of("mapping as summary", "summary", Map.of("en", "x"), "summary", "must be text"),
                Arguments.of("author over 200 characters", "author", "a".repeat(201), "author", "at most 200"),
                Arguments.of("translation an address", "translation", "/articles/conga-es", "translation",
                        "'/articles/conga-es' is not an article's slug: give the slug of the same article in the other language"),
                Arguments.of("translation a file name", "translation", "conga-es.md", "translation", "is not an article's slug"),
                Arguments.of("translation with capitals", "translation", "Conga-ES", "translation", "is not an article's slug"),
                Arguments.of("translation with accents", "translation", "conga-en-español", "translation", "is not an article's slug"),
                Arguments.of("translation a list", "translation", List.of("conga-es"), "translation", "must be text"),
                Arguments.of("translation two lines", "translation", "conga\nes", "translation", "one line"),
                Arguments.of("translation over 120 characters", "translation", "a".repeat(121), "translation", "at most 120"),
                Arguments.of("translation its own slug", "translation", "conga-the-mine-that-was-not", "translation",
                        "'conga-the-mine-that-was-not' is this article's own slug: give the slug of the same article in the"
                                + " other language"));
    }

    @Test
    void aTranslationIsTheSlugOfAnotherArticle() {
        assertEquals(Optional.of("conga-la-mina-que-no-fue"),
                validate(with("translation", " conga-la-mina-que-no-fue ")).article().orElseThrow().translation());
        assertEquals(Optional.empty(), validate(valid()).article().orElseThrow().translation(), "none named");
        assertEquals(Optional.empty(), validate(with("translation", "  ")).article().orElseThrow().translation(), "blank is none");
        var fixed = validator.validate(with("translation", "conga-2017"), ArticleValidator.FIELDS, Optional.of("conga-2017"),
                Optional.of("2017/conga-2017.md"));
        assertEquals(List.of(new FieldError("translation", "'conga-2017' is this article's own slug: give the slug of the same"
                + " article in the other language")), fixed.errors(), "a file's own name");
        assertTrue(validate(with("translation", "conga-2017")).valid(), "whether it exists is not the validator's to say");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidInputIsRefusedNamingTheField(String name, String field, Object value, String errorField, String message) {
        var result = validate(with(field, value));

        assertFalse(result.valid());
        assertTrue(result.article().isEmpty());
        assertTrue(result.errors().stream().anyMatch(e -> e.field().equals(errorField) && e.message().contains(message)),
                result.errors().toString());
    }

    @Test
    void aLeadImageIsReadFromItsFields() {
        Map<String, Object> fields = with("image", Map.of("id", "12", "alt", " Protesters in Juliaca ", "credit", "PSG"));

        Article article = validate(fields).article().orElseThrow();

        assertEquals(Optional.of(new Image(12, "Protesters in Juliaca", "", "PSG")), article.image());
        assertEquals(Optional.empty(), validate(valid()).article().orElseThrow().image());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, Object> fields = valid();
        fields.remove("title");
        fields.put("topics", List.of("mining"));
        fields.put("published", "yesterday");
        fields.put("language", "English");
        fields.put("colour", "red");

        var result = validate(fields);

        assertEquals(Set.of("title", "topics", "published", "language", "colour"),
                Set.copyOf(result.errors().stream().map(FieldError::field).toList()), result.errors().toString());
    }

    @Test
    void callerDecidesWhichFieldsAreAllowed() {
        var allowed = Set.of("title", "summary", "body", "published", "topics", "regions", "language");

        var result = validator.validate(with("slug", "chosen"), allowed, Optional.empty(), Optional.empty());

        assertEquals(List.of(new FieldError("slug",
                "unknown field (allowed: body, language, published, regions, summary, title, topics)")), result.errors());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "Quipu: Ñuqanchik & <Perú> 日本語 عربى",
        "<script>alert(1)</script>",
        "Tom & Jerry's \"quotes\"",
        "Emoji 🦙 and tab\there",
    })
    void titlesAreAcceptedIntact(String title) {
        assertEquals(title, validate(with("title", title)).article().orElseThrow().title());
    }

    @Test
    void titleOfExactly300CharactersIsAccepted() {
        String title = "ñ".repeat(299) + "🦙";

        assertEquals(title, validate(with("title", title)).article().orElseThrow().title());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
        Perú: ¿Qué pasó en Conga?               | peru-que-paso-en-conga
        Ñuqanchik Runakuna                      | nuqanchik-runakuna
        Áncash & Huánuco — 2017's floods!       | ancash-huanuco-2017-s-floods
        '  --Leading and trailing--  '          | leading-and-trailing
        UPPER case   spaces                     | upper-case-spaces
        Quipu: Ñuqanchik & <Perú> 日本語 عربى    | quipu-nuqanchik-peru
        日本語                                   | article
        عربى                                    | article
        !!!                                     | article
        ''                                      | article
        """)
    void slugOfMakesAUsableSlug(String title, String slug) {
        assertEquals(slug, ArticleValidator.slugOf(title));
    }

    @Test
    void slugOfCutsLongTitlesAtAWord() {
        String whole = "the-long-road-to-justice-for-the-victims-of-forced-sterilisation-in-peru-twenty-years-and-many-court-cases-later";

        String slug = ArticleValidator.slugOf("The long road to justice for the victims of forced sterilisation in"
                + " Peru, twenty years and many court cases later");

        assertTrue(slug.length() <= 80 && slug.length() > 60, slug);
        assertTrue(whole.startsWith(slug + "-"), slug);
    }

    static Stream<String> longTitles() {
        return Stream.of("a".repeat(200), "word ".repeat(60), "ñ-".repeat(100), "x", "-".repeat(90) + "z");
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("longTitles")
    void slugOfIsAlwaysAValidSlug(String title) {
        String slug = ArticleValidator.slugOf(title);

        assertEquals(Optional.empty(), ArticleValidator.checkSlug(slug), slug);
        assertTrue(slug.length() <= 80, slug);
    }
}
