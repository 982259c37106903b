package uk.org.perusupportgroup.quipu.aggregate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import uk.org.perusupportgroup.quipu.article.PartnerSource;
import uk.org.perusupportgroup.quipu.article.Vocabulary;
import uk.org.perusupportgroup.quipu.config.PartnersLoader;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.config.VocabularyLoader;

/** The shipped vocabulary and partner sources, and the partner fixture files. */
final class Fixtures {

    static final Vocabulary VOCABULARY = VocabularyLoader.load(new QuipuConfig.VocabularyFiles(
            Optional.of(Path.of("config/topics.yaml")), Optional.of(Path.of("config/regions.yaml"))));
    static final List<PartnerSource> SHIPPED = PartnersLoader.load(Path.of("config/partners.yaml"), false, VOCABULARY);

    private Fixtures() {}

    static PartnerSource shipped(String id) {
        return SHIPPED.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    /** A fixture file under src/test/resources/partners/. */
    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/partners/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture partners/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ItemNormaliser normaliser() {
        return new ItemNormaliser(new HtmlSanitizer(java.util.Set.of("www.youtube.com")), new Tagger(VOCABULARY));
    }
}
