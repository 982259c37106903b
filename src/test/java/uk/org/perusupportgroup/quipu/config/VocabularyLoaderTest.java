package uk.org.perusupportgroup.quipu.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.Term;
import uk.org.perusupportgroup.quipu.article.Vocabulary;

class VocabularyLoaderTest {

    static final List<String> TOPICS = List.of("human-rights", "extractive-industries", "elections-and-politics",
            "indigenous-peoples", "environment", "corruption", "justice-and-impunity", "gender-and-lgbti-rights",
            "protest-and-social-conflict", "business-and-human-rights", "civic-space", "migration");
    static final List<String> REGIONS = List.of("amazonas", "ancash", "apurimac", "arequipa", "ayacucho", "cajamarca",
            "callao", "cusco", "huancavelica", "huanuco", "ica", "junin", "la-libertad", "lambayeque", "lima",
            "lima-metropolitana", "loreto", "madre-de-dios", "moquegua", "pasco", "piura", "puno", "san-martin",
            "tacna", "tumbes", "ucayali", "national", "international");

    /** The files shipped in config/, as the server reads them when started from the project directory. */
    static final Vocabulary SHIPPED = VocabularyLoader.load(new QuipuConfig.VocabularyFiles(
            Optional.of(Path.of("config", "topics.yaml")), Optional.of(Path.of("config", "regions.yaml"))));

    @TempDir
    Path dir;

    private static List<String> slugs(Vocabulary vocabulary, Facet facet) {
        return vocabulary.terms(facet).stream().map(Term::slug).toList();
    }

    @Test
    void shippedTopicsAreTheContractsInOrder() {
        assertEquals(TOPICS, slugs(SHIPPED, Facet.TOPIC));
    }

    @Test
    void shippedRegionsAreTheContractsInOrder() {
        assertEquals(REGIONS, slugs(SHIPPED, Facet.REGION));
    }

    @Test
    void builtInCopyEqualsShippedFiles() {
        Vocabulary builtIn = VocabularyLoader.load(new QuipuConfig.VocabularyFiles(Optional.empty(), Optional.empty()));

        for (Facet facet : Facet.values()) {
            assertEquals(SHIPPED.terms(facet), builtIn.terms(facet));
        }
    }

    @ParameterizedTest
    @EnumSource(Facet.class)
    void everyTermHasEnglishAndSpanishNames(Facet facet) {
        for (Term term : SHIPPED.terms(facet)) {
            assertFalse(term.nameEn() == null || term.nameEn().isBlank(), term.slug() + " en");
            assertFalse(term.nameEs() == null || term.nameEs().isBlank(), term.slug() + " es");
        }
    }

    @Test
    void namesFollowTheLanguage() {
        Term term = SHIPPED.get(Facet.TOPIC, "human-rights");

        assertEquals("Human rights", term.name("en"));
        assertEquals("Derechos humanos", term.name("es-PE"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "Espinar, cusco",
        "Tintaya, cusco",
        "Las Bambas, apurimac",
        "Juliaca, puno",
        "Conga, cajamarca",
        "Accomarca, ayacucho",
        "Santa Clara de Uchunya, ucayali",
    })
    void placeAliasesPointToTheirRegion(String alias, String region) {
        List<String> owners = SHIPPED.terms(Facet.REGION).stream()
                .filter(term -> term.aliases().stream().anyMatch(a -> a.equalsIgnoreCase(alias)))
                .map(Term::slug).toList();

        assertEquals(List.of(region), owners);
    }

    @Test
    void noAliasBelongsToTwoTerms() {
        for (Facet facet : Facet.values()) {
            List<String> aliases = SHIPPED.terms(facet).stream().flatMap(t -> t.aliases().stream())
                    .map(a -> a.toLowerCase(Locale.ROOT)).toList();
            assertEquals(aliases.size(), aliases.stream().distinct().count(), facet + " aliases");
        }
    }

    static Stream<Arguments> badTopicFiles() {
        String ok = "  - slug: environment\n    en: Environment\n    es: Medio ambiente\n    aliases: [pollution]\n";
        return Stream.of(
                Arguments.of("duplicate slug",
                        "topics:\n" + ok + "  - slug: environment\n    en: Again\n    es: Otra vez\n", 6, "appears twice"),
                Arguments.of("alias used twice",
                        "topics:\n" + ok + "  - slug: corruption\n    en: Corruption\n    es: Corrupción\n"
                                + "    aliases: [bribes, Pollution]\n", 9, "already an alias of environment"),
                Arguments.of("bad slug",
                        "topics:\n" + ok + "  - slug: Human Rights\n    en: Human rights\n    es: Derechos humanos\n",
                        6, "slug 'Human Rights' must be lower-case"),
                Arguments.of("missing es",
                        "topics:\n  - slug: environment\n    en: Environment\n    aliases: []\n", 2, "Spanish (es)"),
                Arguments.of("unknown key",
                        "topics:\n" + ok + "  - slug: migration\n    en: Migration\n    es: Migración\n    nombre: x\n",
                        6, "unknown key 'nombre'"),
                Arguments.of("aliases not a list",
                        "topics:\n  - slug: migration\n    en: Migration\n    es: Migración\n    aliases: migrants\n",
                        2, "must be a list"),
                Arguments.of("entry not a mapping", "topics:\n" + ok + "  - migration\n", 6, "needs slug, en, es"),
                Arguments.of("yaml syntax error", "topics:\n" + ok + "  - slug: [migration\n", 7, ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTopicFiles")
    void badVocabularyFileNamesFileAndLine(String name, String yaml, int line, String what) throws IOException {
        Path file = dir.resolve("topics.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        var files = new QuipuConfig.VocabularyFiles(Optional.of(file), Optional.empty());

        var thrown = assertThrows(ConfigException.class, () -> VocabularyLoader.load(files));

        assertTrue(thrown.getMessage().startsWith("vocabulary.topics: "), thrown.getMessage());
        assertTrue(thrown.getMessage().contains(file + ":" + line + ":"), thrown.getMessage());
        assertTrue(thrown.getMessage().contains(what), thrown.getMessage());
    }

    @Test
    void everyProblemOfAFileIsReported() throws IOException {
        Path file = dir.resolve("regions.yaml");
        Files.writeString(file, "regions:\n  - slug: Puno\n    en: Puno\n    es: Puno\n"
                + "  - slug: cusco\n    en: Cusco\n", StandardCharsets.UTF_8);
        var files = new QuipuConfig.VocabularyFiles(Optional.empty(), Optional.of(file));

        var thrown = assertThrows(ConfigException.class, () -> VocabularyLoader.load(files));

        assertEquals(2, thrown.problems().size(), thrown.getMessage());
        assertTrue(thrown.problems().get(0).contains(file + ":2:"), thrown.getMessage());
        assertTrue(thrown.problems().get(1).contains(file + ":5:"), thrown.getMessage());
    }

    @Test
    void fileWithoutTheListIsRefused() throws IOException {
        Path file = dir.resolve("topics.yaml");
        Files.writeString(file, "regions:\n  - slug: puno\n", StandardCharsets.UTF_8);

        var thrown = assertThrows(ConfigException.class,
                () -> VocabularyLoader.load(new QuipuConfig.VocabularyFiles(Optional.of(file), Optional.empty())));

        assertTrue(thrown.getMessage().contains(file + " must hold a list 'topics:'"), thrown.getMessage());
    }

    @Test
    void missingFileNamesIt() {
        Path file = dir.resolve("absent.yaml");

        var thrown = assertThrows(ConfigException.class,
                () -> VocabularyLoader.load(new QuipuConfig.VocabularyFiles(Optional.empty(), Optional.of(file))));

        assertTrue(thrown.getMessage().startsWith("vocabulary.regions: cannot read " + file), thrown.getMessage());
    }
}
