package uk.org.perusupportgroup.quipu;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.store.JdbcArticleStore;

/**
 * The package rules of ARCHITECTURE.md, checked on the compiled classes (ArchUnit): a rule broken by a change fails
 * here, naming the class and the dependency. Every rule must match some classes, so none passes by matching nothing.
 */
class ArchitectureTest {

    private static final String ROOT = "uk.org.perusupportgroup.quipu";
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);

    @Test
    void theDomainIsPlainJava() {
        noClasses().that().resideInAnyPackage(ROOT + ".article..", ROOT + ".subscriber..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", "com.rometools..", "java.sql..",
                        "javax.sql..", "org.flywaydb..", "com.zaxxer..")
                .because("article and subscriber hold the records every other package shares: no framework, feed library or JDBC")
                .check(CLASSES);
    }

    @Test
    void onlyTheWebSeesARequest() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".web..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx.ext.web", "io.vertx.ext.web.handler..")
                .because("HTTP requests and routes belong to web; the other packages offer it services")
                .check(CLASSES);
    }

    @Test
    void theStoresKnowNoHttpAndNoFeedFormat() {
        noClasses().that().resideInAPackage(ROOT + ".store..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", "com.rometools..",
                        ROOT + ".publish..", ROOT + ".web..", ROOT + ".aggregate..", ROOT + ".alert..", ROOT + ".mail..",
                        ROOT + ".staff..")
                .because("store reads and writes tables; what is made of the rows is for the packages that use it")
                .check(CLASSES);
    }

    @Test
    void theArticleTablesAreWrittenThroughArticleRows() {
        noClasses().that().resideInAPackage(ROOT + ".store").and().doNotBelongToAnyOf(JdbcArticleStore.class)
                .should().dependOnClassesThat().belongToAnyOf(JdbcArticleStore.class)
                .because("the article tables have one writer, ArticleRows, which holds the row helpers the stores share;"
                        + " JdbcPartnerStore writes partner items through it, not through JdbcArticleStore")
                .check(CLASSES);
    }

    @Test
    void staffAccountsKnowNoHttp() {
        noClasses().that().resideInAPackage(ROOT + ".staff..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", ROOT + ".web..",
                        ROOT + ".publish..", ROOT + ".aggregate..", ROOT + ".alert..", ROOT + ".mail..")
                .because("staff owns accounts and sessions for whoever serves them (the staff pages, the command line);"
                        + " cookies and forms are web's")
                .check(CLASSES);
    }

    @Test
    void mediaIsPlainJavaAndImaging() {
        noClasses().that().resideInAPackage(ROOT + ".media..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", "com.rometools..", "java.sql..",
                        "javax.sql..", "org.flywaydb..", "com.zaxxer..", ROOT + ".web..", ROOT + ".publish..",
                        ROOT + ".aggregate..", ROOT + ".alert..", ROOT + ".mail..", ROOT + ".subscriber..")
                .because("media checks, cleans and resizes uploads with ImageIO and keeps them through the store's interface;"
                        + " HTTP is web's, SQL is store's")
                .check(CLASSES);
    }

    @Test
    void theStoreKeepsMediaWithoutKnowingImages() {
        noClasses().that().resideInAPackage(ROOT + ".store..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".media..", "javax.imageio..", "java.awt..",
                        "net.coobird..", "com.twelvemonkeys..")
                .because("store keeps an upload's rows and bytes as plain records; what the bytes are is media's")
                .check(CLASSES);
    }

    @Test
    void mailKnowsNoAlerts() {
        noClasses().that().resideInAPackage(ROOT + ".mail..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".alert..", ROOT + ".subscriber..", ROOT + ".store..",
                        ROOT + ".web..", ROOT + ".publish..", ROOT + ".aggregate..")
                .because("mail sends a message it is given, to SMTP or to a file; what the message says is alert's")
                .check(CLASSES);
    }

    @Test
    void reachCountsWhatItIsToldAndNamesNoOne() {
        noClasses().that().resideInAPackage(ROOT + ".reach..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", ROOT + ".web..",
                        ROOT + ".publish..", ROOT + ".aggregate..", ROOT + ".alert..", ROOT + ".mail..", ROOT + ".subscriber..")
                .because("the working packages count into reach (Tally, Readership); reach knows no request, alert or feed,"
                        + " only figures, and writes them through store.ReachStore")
                .check(CLASSES);
    }

    @Test
    void onlyTheTopLevelWiresThePackagesTogether() {
        noClasses().that().resideOutsideOfPackage(ROOT)
                .should().dependOnClassesThat().resideInAPackage(ROOT)
                .because("Main and QuipuVerticle build the packages; none of them reaches back for the wiring")
                .check(CLASSES);
    }

    @Test
    void thePackagesDependOnEachOtherWithoutCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
