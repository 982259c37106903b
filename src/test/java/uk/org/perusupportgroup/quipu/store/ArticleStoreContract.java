package uk.org.perusupportgroup.quipu.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.Language;
import uk.org.perusupportgroup.quipu.article.Origin;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.StoredArticle;

/**
 * What every {@link ArticleStore} does, run against each real database by a subclass. Each class
 * gets its own database; each test starts from empty tables.
 */
abstract class ArticleStoreContract extends DatabaseContract {

    static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    static final Scope ALL = Scope.ALL;

    ArticleStore store;

    @Override
    void opened(javax.sql.DataSource dataSource) {
        store = new JdbcArticleStore(dataSource);
    }

    static Article article(String slug, String published, List<String> topics, List<String> regions) {
        return new Article(slug, "Title of " + slug, "Summary of " + slug, "Body of *" + slug + "*",
                "<p>Body of <em>" + slug + "</em></p>", Instant.parse(published), Optional.empty(), topics, regions,
                "en", Optional.empty(), Optional.empty(), Optional.empty());
    }

    static Article article(String slug, String published) {
        return article(slug, published, List.of("environment"), List.of("puno"));
    }

    /** An article of the file {@code path}. */
    static Article fromFile(String slug, String path) {
        Article a = article(slug, "2017-01-01T00:00:00Z");
        return new Article(a.slug(), a.title(), a.summary(), a.body(), a.bodyHtml(), a.published(), a.updated(), a.topics(),
                a.regions(), a.language(), a.author(), a.url(), Optional.of(path));
    }

    static Scope topic(String slug) {
        return Scope.of(Facet.TOPIC, slug);
    }

    static Scope region(String slug) {
        return Scope.of(Facet.REGION, slug);
    }

    private List<String> slugs(Scope scope, Origin origin, int offset, int limit) {
        return store.newest(scope, origin, offset, limit).stream().map(s -> s.article().slug()).toList();
    }

    @Test
    void twoInstancesImportingTheSameNewFilesAtOnceBothSucceed() throws Exception {
        for (int round = 0; round < 5; round++) {
            List<Article> files = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                files.add(article("r" + round + "-file-" + i, "2017-01-01T00:00:00Z"));
            }
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.ExecutorService instances = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                List<java.util.concurrent.Future<List<ArticleChange>>> saved = new java.util.ArrayList<>();
                for (int instance = 0; instance < 2; instance++) {
                    saved.add(instances.submit(() -> {
                        together.await();
                        return store.saveAll(files, T0);
                    }));
                }
                for (var future : saved) {
                    future.get(); // neither fails
                }
            } finally {
                instances.shutdown();
            }
            assertEquals(40 * (round + 1), store.count(ALL, Origin.ANY));
        }
    }

    @Test
    void insertedArticleIsFoundAsWritten() {
        var article = new Article("full", "Full ‘title’ — Perú & <you>", "Summary", "Body", "<p>Body</p>",
                Instant.parse("2017-11-19T10:30:00Z"), Optional.of(Instant.parse("2017-11-20T08:00:00Z")),
                List.of("human-rights", "environment"), List.of("cusco", "national"), "es", Optional.of("PSG"),
                Optional.of(URI.create("https://example.org/full")), Optional.of("2017/full.md"));

        store.insert(article, T0);

        StoredArticle stored = store.find("full").orElseThrow();
        assertEquals(article, stored.article());
        assertEquals(LocalDate.of(2024, 3, 1), stored.firstStored());
        assertEquals(T0, stored.modifiedAt());
    }

    @Test
    void anUpdateFromAVersionNoLongerStoredIsRefusedAndWritesNothing() {
        store.insert(article("edited", "2017-01-01T00:00:00Z"), T0);
        Instant first = T0.plusSeconds(60);
        Article one = new Article("edited", "First editor", "Summary", "Body", "<p>Body</p>", Instant.parse("2017-01-01T00:00:00Z"),
                Optional.empty(), List.of("environment"), List.of("puno"), "en", Optional.empty(), Optional.empty(),
                Optional.empty());
        assertTrue(store.update(one, first, Optional.of(T0)).isPresent(), "from the stored version");
        Article two = new Article("edited", "Second editor", "Summary", "Body", "<p>Body</p>",
                Instant.parse("2017-01-01T00:00:00Z"), Optional.empty(), List.of("environment"), List.of("puno"), "en",
                Optional.empty(), Optional.empty(), Optional.empty());
        ArticleChangedException stale = assertThrows(ArticleChangedException.class,
                () -> store.update(two, T0.plusSeconds(120), Optional.of(T0)));
        assertEquals(first, stale.changedAt());
        assertEquals("First editor", store.find("edited").orElseThrow().article().title());
        assertEquals(first, store.find("edited").orElseThrow().modifiedAt());
    }

    @Test
    void insertReportsEveryScopeOfTheArticle() {
        ArticleChange change = store.insert(article("a", "2017-01-01T00:00:00Z", List.of("environment", "corruption"),
                List.of("puno")), T0);

        assertTrue(change.before().isEmpty());
        assertEquals("a", change.after().orElseThrow().article().slug());
        assertEquals(Set.of(ALL, topic("environment"), topic("corruption"), region("puno")), change.affected());
    }

    @Test
    void findAllGivesTheStoredOnesInTheOrderAsked() {
        store.insert(article("first", "2017-01-01T00:00:00Z"), T0);
        store.insert(article("second", "2017-02-01T00:00:00Z"), T0);

        assertEquals(List.of("second", "first"), store.findAll(List.of("second", "ghost", "first")).stream()
                .map(found -> found.article().slug()).toList());
        assertEquals(List.of(), store.findAll(List.of()));
        List<String> many = new java.util.ArrayList<>(java.util.Collections.nCopies(700, "ghost"));
        many.add("first");
        assertEquals(1, store.findAll(many).size(), "more slugs than one statement holds");
    }

    @Test
    void findOfAnUnknownSlugIsEmpty() {
        assertTrue(store.find("nothing-here").isEmpty());
    }

    @Test
    void insertOfATakenSlugThrowsAndKeepsTheFirst() {
        store.insert(article("same", "2017-01-01T00:00:00Z"), T0);

        var second = article("same", "2018-01-01T00:00:00Z", List.of("corruption"), List.of("lima"));
        var thrown = assertThrows(SlugTakenException.class, () -> store.insert(second, T0.plusSeconds(60)));

        assertEquals("same", thrown.slug());
        assertEquals(article("same", "2017-01-01T00:00:00Z"), store.find("same").orElseThrow().article());
        assertEquals(0, store.count(topic("corruption"), Origin.ANY));
    }

    @Test
    void identicalUpdateIsNoChange() {
        store.insert(article("same", "2017-01-01T00:00:00Z"), T0);

        ArticleChange change = store.update(article("same", "2017-01-01T00:00:00Z"), T0.plusSeconds(3600)).orElseThrow();

        assertEquals(Set.of(), change.affected());
        assertEquals(T0, store.find("same").orElseThrow().modifiedAt());
        assertEquals(T0, store.changedAt(ALL));
    }

    @Test
    void identicalUpdateWithNanosecondDatesIsNoChange() {
        var precise = article("precise", "2017-11-19T10:30:00.123456789Z");
        store.insert(precise, T0);

        ArticleChange change = store.update(precise, T0.plusSeconds(3600)).orElseThrow();

        assertEquals(Set.of(), change.affected());
        assertEquals(T0, store.find("precise").orElseThrow().modifiedAt());
    }

    @Test
    void updateMovingTopicsAffectsOldAndNewTopics() {
        store.insert(article("moved", "2017-01-01T00:00:00Z", List.of("environment"), List.of("puno")), T0);
        Instant later = T0.plusSeconds(3600);

        ArticleChange change = store.update(article("moved", "2017-01-01T00:00:00Z", List.of("corruption"),
                List.of("puno")), later).orElseThrow();

        assertTrue(change.affected().containsAll(Set.of(ALL, topic("environment"), topic("corruption"))),
                change.affected().toString());
        assertEquals(List.of(), slugs(topic("environment"), Origin.ANY, 0, 10));
        assertEquals(List.of("moved"), slugs(topic("corruption"), Origin.ANY, 0, 10));
        assertEquals(later, store.changedAt(topic("environment")));
        assertEquals(later, store.find("moved").orElseThrow().modifiedAt());
    }

    @Test
    void updateKeepsFirstStoredAndReturnsBeforeAndAfter() {
        store.insert(article("kept", "2017-01-01T00:00:00Z"), T0);
        var edited = article("kept", "2017-02-01T00:00:00Z");

        ArticleChange change = store.update(edited, T0.plusSeconds(86_400 * 3)).orElseThrow();

        assertEquals("2017-01-01T00:00:00Z", change.before().orElseThrow().article().published().toString());
        assertEquals(edited, change.after().orElseThrow().article());
        assertEquals(LocalDate.of(2024, 3, 1), store.find("kept").orElseThrow().firstStored());
    }

    @Test
    void updateOrDeleteOfAnUnknownSlugIsEmpty() {
        assertTrue(store.update(article("ghost", "2017-01-01T00:00:00Z"), T0).isEmpty());
        assertTrue(store.remove("ghost", "test", T0).isEmpty());
        assertTrue(store.restore("ghost", T0).isEmpty());
        assertEquals(store.changedAt(topic("migration")), store.changedAt(ALL), "nothing changed: dated as never changed");
    }

    @Test
    void deletedArticleIsGoneFromEveryScope() {
        store.insert(article("gone", "2017-01-01T00:00:00Z"), T0);

        ArticleChange change = store.remove("gone", "deleted by staff", T0.plusSeconds(60)).orElseThrow();

        assertEquals("gone", change.before().orElseThrow().article().slug());
        assertTrue(change.after().isEmpty());
        assertEquals(Set.of(ALL, topic("environment"), region("puno")), change.affected());
        assertTrue(store.find("gone").isEmpty());
        assertEquals(0, store.count(ALL, Origin.ANY));
        assertEquals(List.of(), slugs(region("puno"), Origin.ANY, 0, 10));
        assertEquals(Map.of(), store.counts(Facet.TOPIC));
    }

    @Test
    void aRemovedArticleIsKeptOutOfEveryReadAndRestoredAsItWas() {
        store.insert(article("kept", "2017-01-01T00:00:00Z"), T0);
        store.insert(article("other", "2017-02-01T00:00:00Z"), T0);
        Instant removedAt = T0.plusSeconds(60);

        store.remove("kept", "deleted by staff", removedAt);

        assertTrue(store.find("kept").isEmpty());
        assertEquals(List.of("other"), store.findAll(List.of("kept", "other")).stream().map(a -> a.article().slug()).toList());
        assertEquals(List.of("other"), slugs(ALL, Origin.ANY, 0, 10));
        assertEquals(List.of("other"), slugs(ALL, Origin.PSG, 0, 10));
        assertEquals(List.of("other"), slugs(region("puno"), Origin.ANY, 0, 10));
        assertEquals(1, store.count(ALL, Origin.ANY));
        assertEquals(1, store.count(ALL, Origin.PSG));
        assertEquals(Map.of("environment", 1), store.counts(Facet.TOPIC));
        assertTrue(store.update(article("kept", "2017-01-01T00:00:00Z"), removedAt).isEmpty(), "not editable while removed");
        assertTrue(store.remove("kept", "again", removedAt).isEmpty());
        ArticleStore.Removed removed = store.removed("kept").orElseThrow();
        assertEquals(new ArticleStore.Removed("kept", "Title of kept", Optional.empty(), removedAt, "deleted by staff"), removed);
        assertEquals(List.of(removed), store.removed());

        ArticleChange restored = store.restore("kept", T0.plusSeconds(120)).orElseThrow();

        assertTrue(restored.before().isEmpty());
        assertEquals(article("kept", "2017-01-01T00:00:00Z"), restored.after().orElseThrow().article());
        assertEquals(Set.of(ALL, topic("environment"), region("puno")), restored.affected());
        assertEquals(T0.plusSeconds(120), store.changedAt(region("puno")));
        assertEquals(List.of("other", "kept"), slugs(region("puno"), Origin.ANY, 0, 10));
        assertEquals(LocalDate.of(2024, 3, 1), store.find("kept").orElseThrow().firstStored(), "the same tag: id");
        assertTrue(store.removed().isEmpty());
    }

    @Test
    void aFileArticleRestoredWithoutItsFileBecomesAStaffArticleAndOneWhoseFileReturnsIsRepublished() {
        store.saveAll(List.of(fromFile("lost", "2017/lost.md"), fromFile("back", "2017/back.md")), T0);
        store.remove("lost", "its file 2017/lost.md is gone", T0.plusSeconds(1));
        store.remove("back", "its file 2017/back.md is gone", T0.plusSeconds(1));

        store.restore("lost", T0.plusSeconds(2));
        List<ArticleChange> again = store.saveAll(List.of(fromFile("back", "2017/back.md")), T0.plusSeconds(3));

        assertEquals(Optional.empty(), store.find("lost").orElseThrow().article().sourceFile(), "no file decides any more");
        assertEquals(Map.of("back", "2017/back.md"), store.sourceFiles());
        assertEquals(1, again.size());
        assertTrue(again.get(0).before().isEmpty(), "published again, as new to the feeds");
        assertTrue(store.removed().isEmpty());
    }

    // --- drafts and scheduled articles ------------------------------------------------------------

    /** The slugs waiting for alert matching. */
    private List<String> pendingAlerts() throws java.sql.SQLException {
        try (var connection = database.dataSource().getConnection();
                var rows = connection.createStatement().executeQuery("SELECT slug FROM alert_pending ORDER BY slug")) {
            List<String> slugs = new ArrayList<>();
            while (rows.next()) {
                slugs.add(rows.getString(1));
            }
            return slugs;
        }
    }

    private void assertNowherePublic(String slug) {
        assertTrue(store.find(slug).isEmpty(), "no public page");
        assertTrue(slugs(ALL, Origin.ANY, 0, 100).stream().noneMatch(slug::equals), "not in the feed of all");
        assertTrue(slugs(topic("environment"), Origin.ANY, 0, 100).stream().noneMatch(slug::equals), "not in its topic's feed");
        assertEquals(0, store.count(region("puno"), Origin.ANY), "not counted in its region");
        assertTrue(store.findAll(List.of(slug)).isEmpty(), "not found for search");
        assertTrue(store.removed().stream().noneMatch(removed -> removed.slug().equals(slug)), "not among the removed");
    }

    @Test
    void aDraftIsSeenByStaffOnlyAndWaitsForItsPublicationToAlert() throws Exception {
        Article draft = article("draft-one", "2024-02-01T00:00:00Z").withStatus(Article.Status.DRAFT);

        ArticleChange change = store.insert(draft, T0);

        assertEquals(Set.of(), change.affected(), "no feed changes");
        assertTrue(change.after().isEmpty(), "not public");
        assertNowherePublic("draft-one");
        assertEquals(List.of(), pendingAlerts(), "not queued for alerts");
        assertEquals(draft, store.findForStaff("draft-one").orElseThrow().article(), "staff see it as written");
        assertEquals(List.of("draft-one"), store.held().stream().map(held -> held.article().slug()).toList());

        // edited, still a draft: nothing public changes
        Article edited = new Article("draft-one", "Edited title", draft.summary(), draft.body(), draft.bodyHtml(), draft.published(),
                Optional.empty(), draft.topics(), draft.regions(), "en", Optional.empty(), Optional.empty(), Optional.empty(),
                Article.Status.DRAFT);
        ArticleChange edit = store.update(edited, T0.plusSeconds(60)).orElseThrow();
        assertEquals(Set.of(), edit.affected());
        assertEquals("Edited title", store.findForStaff("draft-one").orElseThrow().article().title());
        assertEquals(T0.plusSeconds(60), store.findForStaff("draft-one").orElseThrow().modifiedAt(), "a new version");
        assertNowherePublic("draft-one");

        // published: in its feeds at once, queued for alerts once
        ArticleChange published = store.update(edited.withStatus(Article.Status.PUBLISHED), T0.plusSeconds(120)).orElseThrow();
        assertEquals(Set.of(ALL, topic("environment"), region("puno")), published.affected());
        assertTrue(published.before().isEmpty(), "it was not public before");
        assertEquals("Edited title", published.after().orElseThrow().article().title());
        assertEquals(List.of("draft-one"), slugs(ALL, Origin.ANY, 0, 10));
        assertEquals(List.of("draft-one"), pendingAlerts());
        assertEquals(List.of(), store.held());
    }

    @Test
    void anArticleTakenBackToDraftLeavesItsFeedsAndAlertsNobodyTwice() throws Exception {
        Article live = article("back", "2024-02-01T00:00:00Z");
        store.insert(live, T0);
        try (var connection = database.dataSource().getConnection()) {
            connection.createStatement().executeUpdate("DELETE FROM alert_pending");   // matched, as a round would
        }

        ArticleChange drafted = store.update(live.withStatus(Article.Status.DRAFT), T0.plusSeconds(60)).orElseThrow();
        assertEquals(Set.of(ALL, topic("environment"), region("puno")), drafted.affected(), "its feeds change");
        assertTrue(drafted.after().isEmpty());
        assertNowherePublic("back");

        store.update(live, T0.plusSeconds(120)).orElseThrow();
        assertEquals(List.of("back"), slugs(ALL, Origin.ANY, 0, 10));
        assertEquals(List.of(), pendingAlerts(), "it alerted when it was first published: not again");
    }

    @Test
    void aNewArticleDraftedBeforeItWasMatchedAlertsAtItsPublication() throws Exception {
        Article live = article("quick", "2024-02-01T00:00:00Z");
        store.insert(live, T0);
        store.update(live.withStatus(Article.Status.DRAFT), T0.plusSeconds(1));
        assertEquals(List.of(), pendingAlerts(), "not matched while a draft");

        store.update(live, T0.plusSeconds(2));

        assertEquals(List.of("quick"), pendingAlerts());
    }

    @Test
    void aScheduledArticleGoesOutOnceWhenItsTimeComes() throws Exception {
        Instant at = T0.plusSeconds(3600);
        Article scheduled = article("embargoed", at.toString());

        store.insert(scheduled, T0);
        assertNowherePublic("embargoed");
        assertEquals(List.of(), pendingAlerts());
        assertEquals(scheduled, store.findForStaff("embargoed").orElseThrow().article());

        assertEquals(List.of(), store.releaseDue(at.minusMillis(1)), "not before its time");
        assertNowherePublic("embargoed");

        List<ArticleChange> released = store.releaseDue(at);
        assertEquals(1, released.size());
        assertEquals(Set.of(ALL, topic("environment"), region("puno")), released.get(0).affected());
        assertEquals(scheduled, released.get(0).after().orElseThrow().article());
        assertEquals(List.of("embargoed"), slugs(ALL, Origin.ANY, 0, 10));
        assertEquals(at, store.find("embargoed").orElseThrow().article().published(), "published at its time");
        assertEquals(List.of("embargoed"), pendingAlerts(), "queued for alerts once");
        assertEquals(at, store.changedAt(topic("environment")), "its feeds changed at the release");

        assertEquals(List.of(), store.releaseDue(at.plusSeconds(1)), "released once");
    }

    @Test
    void aDraftIsNotReleasedWhateverItsTime() {
        store.insert(article("waiting", "2024-02-01T00:00:00Z").withStatus(Article.Status.DRAFT), T0);
        store.insert(article("later", T0.plusSeconds(60).toString()).withStatus(Article.Status.DRAFT), T0);

        assertEquals(List.of(), store.releaseDue(T0.plusSeconds(3600)));
        assertEquals(2, store.held().size());
    }

    @Test
    void scheduledArticlesAreReleasedOnceByInstancesReleasingAtTheSameMoment() throws Exception {
        Instant at = T0.plusSeconds(60);
        for (int i = 0; i < 30; i++) {
            store.insert(article("due-" + i, at.toString()), T0);
        }
        int instances = 3;
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(instances);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(instances);
        List<ArticleChange> all = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<java.util.concurrent.Future<?>> rounds = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                ArticleStore own = new JdbcArticleStore(database.dataSource());
                rounds.add(pool.submit(() -> {
                    together.await();
                    all.addAll(own.releaseDue(at));
                    return null;
                }));
            }
            for (var round : rounds) {
                round.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(30, all.size(), "each released by one of them");
        assertEquals(30, all.stream().map(change -> change.after().orElseThrow().article().slug()).distinct().count());
        assertEquals(30, store.count(ALL, Origin.ANY));
        assertEquals(30, pendingAlerts().size());
    }

    @Test
    void savingAScheduledArticleWithAPastTimePublishesItAndOneWithAFutureTimeTakesItBack() {
        Article scheduled = article("moved", T0.plusSeconds(3600).toString());
        store.insert(scheduled, T0);

        Article now = article("moved", T0.toString());
        assertEquals(Set.of(ALL, topic("environment"), region("puno")), store.update(now, T0.plusSeconds(1)).orElseThrow().affected());
        assertEquals(List.of("moved"), slugs(ALL, Origin.ANY, 0, 10));

        store.update(scheduled, T0.plusSeconds(2));
        assertNowherePublic("moved");
        assertEquals(List.of("moved"), store.held().stream().map(held -> held.article().slug()).toList());
    }

    @Test
    void draftsAreNeverPurgedAndADeletedDraftComesBackADraft() {
        store.insert(article("old-draft", "2020-01-01T00:00:00Z").withStatus(Article.Status.DRAFT), T0);
        store.insert(article("deleted-draft", "2020-01-01T00:00:00Z").withStatus(Article.Status.DRAFT), T0);
        assertEquals(Set.of(), store.remove("deleted-draft", "deleted by staff", T0).orElseThrow().affected());
        assertEquals(List.of("deleted-draft"), store.removed().stream().map(ArticleStore.Removed::slug).toList());
        assertFalse(store.removed("deleted-draft").orElseThrow().wasPublic(), "it was never published");

        store.restore("deleted-draft", T0.plusSeconds(1)).orElseThrow();
        assertNowherePublic("deleted-draft");
        assertTrue(store.findForStaff("deleted-draft").orElseThrow().article().draft(), "back as a draft");

        assertEquals(0, store.purgeRemoved(T0.plusSeconds(365L * 24 * 3600)));
        assertEquals(2, store.held().size());
    }

    @Test
    void aDraftWhoseFileWentAndCameBackPublishedAlertsOnceAndIsThenWithdrawnLikeAnyOther() throws Exception {
        Article fileDraft = fromFile("came-back", "2017/came-back.md").withStatus(Article.Status.DRAFT);
        store.saveAll(List.of(fileDraft), T0);
        store.remove("came-back", "its file is gone", T0.plusSeconds(1));

        store.saveAll(List.of(fileDraft.withStatus(Article.Status.PUBLISHED)), T0.plusSeconds(2));

        assertEquals(List.of("came-back"), slugs(ALL, Origin.ANY, 0, 10));
        assertEquals(List.of("came-back"), pendingAlerts(), "first public now: it alerts");
        store.remove("came-back", "deleted by staff", T0.plusSeconds(3));
        assertTrue(store.removed("came-back").orElseThrow().wasPublic(), "readers had it: withdrawn, restored published");
    }

    @Test
    void aDeletedScheduledArticleIsRestoredScheduledNotOutEarly() throws Exception {
        store.insert(article("moved-on", "2024-02-01T00:00:00Z"), T0);
        try (var connection = database.dataSource().getConnection()) {
            connection.createStatement().executeUpdate("DELETE FROM alert_pending");   // matched, as a round would
        }
        store.update(article("moved-on", T0.plusSeconds(3600).toString()), T0.plusSeconds(1));   // rescheduled
        store.remove("moved-on", "deleted by staff", T0.plusSeconds(2));

        store.restore("moved-on", "Ana", T0.plusSeconds(3)).orElseThrow();

        assertNowherePublic("moved-on");
        assertEquals(List.of("moved-on"), store.held().stream().map(held -> held.article().slug()).toList());
        assertEquals(1, store.releaseDue(T0.plusSeconds(3600)).size(), "out at its time");
    }

    @Test
    void aFileDraftIsAmongTheSourceFilesAndIsSavedAgainAsADraft() {
        Article fileDraft = fromFile("file-draft", "2017/file-draft.md").withStatus(Article.Status.DRAFT);
        store.saveAll(List.of(fileDraft), T0);

        assertEquals(Map.of("file-draft", "2017/file-draft.md"), store.sourceFiles());
        assertNowherePublic("file-draft");
        assertEquals(List.of(), store.saveAll(List.of(fileDraft), T0.plusSeconds(1)), "the same file changes nothing");
        assertEquals(T0, store.findForStaff("file-draft").orElseThrow().modifiedAt());
        assertEquals(1, store.saveAll(List.of(fileDraft.withStatus(Article.Status.PUBLISHED)), T0.plusSeconds(2)).size());
        assertEquals(List.of("file-draft"), slugs(ALL, Origin.ANY, 0, 10));
    }

    // --- revisions --------------------------------------------------------------------------------

    @Test
    void everySaveKeepsARevisionByItsEditorAndASaveThatChangesNothingKeepsNone() {
        Article first = article("revised", "2024-02-01T00:00:00Z");
        store.insert(first, "Ana", T0);
        Article second = new Article("revised", "A better title", first.summary(), "Body of *revised*\nand more", "<p>x</p>",
                first.published(), Optional.empty(), first.topics(), first.regions(), "en", Optional.empty(), Optional.empty(),
                Optional.empty());
        store.update(second, "Luis", T0.plusSeconds(60), Optional.empty());
        store.update(second, "Luis", T0.plusSeconds(90), Optional.empty());   // the same again: no revision
        store.update(second.withStatus(Article.Status.DRAFT), "Ana", T0.plusSeconds(120), Optional.empty());

        List<uk.org.perusupportgroup.quipu.article.Revision> revisions = store.revisions("revised");
        assertEquals(List.of("Ana", "Luis", "Ana"), revisions.stream().map(uk.org.perusupportgroup.quipu.article.Revision::by).toList());
        assertEquals(List.of(T0.plusSeconds(120), T0.plusSeconds(60), T0),
                revisions.stream().map(uk.org.perusupportgroup.quipu.article.Revision::at).toList());
        assertEquals("A better title", revisions.get(1).article().title());
        assertEquals("Body of *revised*\nand more", revisions.get(1).article().body());
        assertEquals(Article.Status.DRAFT, revisions.get(0).article().status());
        assertEquals(first.title(), store.revision("revised", revisions.get(2).id()).orElseThrow().article().title());
        assertTrue(store.revision("revised", revisions.get(2).id() + 1000).isEmpty());
        assertTrue(store.revision("other", revisions.get(2).id()).isEmpty(), "a revision of another article is not this one's");
    }

    @Test
    void theLeadImageIsStoredAndKeptInRevisions() {
        Article plain = article("pictured", "2024-02-01T00:00:00Z");
        Article pictured = new Article("pictured", plain.title(), plain.summary(), plain.body(), plain.bodyHtml(), plain.published(),
                Optional.empty(), plain.topics(), plain.regions(), "en", Optional.empty(), Optional.empty(), Optional.empty(),
                Article.Status.PUBLISHED, Optional.of(new uk.org.perusupportgroup.quipu.article.Image(7, "Farmers at Lake Titicaca",
                        "The lake in July.", "Ana")));
        store.insert(pictured, "Ana", T0);
        assertEquals(pictured, store.find("pictured").orElseThrow().article());
        assertEquals(pictured.image(), store.newest(ALL, Origin.ANY, 0, 1).get(0).article().image());

        assertEquals(Set.of(ALL, topic("environment"), region("puno")), store.update(plain, "Luis", T0.plusSeconds(60),
                Optional.empty()).orElseThrow().affected(), "taking the image away is a change");
        assertEquals(Optional.empty(), store.find("pictured").orElseThrow().article().image());
        assertEquals(pictured.image(), store.revisions("pictured").get(1).article().image());
    }

    @Test
    void aStaleSaveNamesWhoSavedTheArticleSince() {
        store.insert(article("contested", "2024-02-01T00:00:00Z"), "Ana", T0);
        Article changed = new Article("contested", "Luis's title", "s", "b", "<p>b</p>", Instant.parse("2024-02-01T00:00:00Z"),
                Optional.empty(), List.of("environment"), List.of("puno"), "en", Optional.empty(), Optional.empty(), Optional.empty());
        store.update(changed, "Luis", T0.plusSeconds(60), Optional.of(T0));

        ArticleChangedException stale = assertThrows(ArticleChangedException.class,
                () -> store.update(article("contested", "2024-02-01T00:00:00Z"), "Ana", T0.plusSeconds(90), Optional.of(T0)));
        assertEquals(Optional.of("Luis"), stale.changedBy());
        assertEquals(T0.plusSeconds(60), stale.changedAt());
    }

    @Test
    void filesAreRevisedAsTheirEditorSaysAndAReleaseIsNoRevision() {
        store.saveAll(List.of(fromFile("from-file", "2017/from-file.md")), "article file", T0);
        store.insert(article("timed", T0.plusSeconds(60).toString()), "Ana", T0);
        store.releaseDue(T0.plusSeconds(60));

        assertEquals(List.of("article file"), store.revisions("from-file").stream()
                .map(uk.org.perusupportgroup.quipu.article.Revision::by).toList());
        assertEquals(1, store.revisions("timed").size(), "written once, released without a revision");
    }

    @Test
    void purgingDeletesWhatWasRemovedBeforeTheDateOnly() {
        store.insert(article("old", "2017-01-01T00:00:00Z"), T0);
        store.insert(article("recent", "2017-01-01T00:00:00Z"), T0);
        store.remove("old", "deleted by staff", T0.plusSeconds(10));
        store.remove("recent", "deleted by staff", T0.plusSeconds(1000));

        assertEquals(1, store.purgeRemoved(T0.plusSeconds(500)));

        assertEquals(List.of("recent"), store.removed().stream().map(ArticleStore.Removed::slug).toList());
        assertTrue(store.restore("old", T0.plusSeconds(2000)).isEmpty(), "gone for good");
    }

    @Test
    void heldRemovalsAreReplacedAsAWholeAndKeepTheirTime() {
        store.holdRemovals(Map.of("a", "2017/a.md", "b", "2017/b.md"), T0);
        store.holdRemovals(Map.of("b", "2017/b.md", "c", "2017/c.md"), T0.plusSeconds(60));

        assertEquals(List.of(new ArticleStore.HeldRemoval("b", "2017/b.md", T0),
                new ArticleStore.HeldRemoval("c", "2017/c.md", T0.plusSeconds(60))), store.heldRemovals());
        store.holdRemovals(Map.of(), T0.plusSeconds(120));
        assertEquals(List.of(), store.heldRemovals());
    }

    @Test
    void firstStoredDateSurvivesDeleteAndReinsert() {
        store.insert(article("phoenix", "2017-01-01T00:00:00Z"), Instant.parse("2020-05-05T23:59:59Z"));
        store.remove("phoenix", "deleted by staff", Instant.parse("2021-01-01T00:00:00Z"));
        assertThrows(SlugTakenException.class, () -> store.insert(article("phoenix", "2017-01-01T00:00:00Z"), T0),
                "kept for restoring: the slug is not free yet");
        assertEquals(1, store.purgeRemoved(Instant.parse("2021-01-31T00:00:00Z")));

        store.insert(article("phoenix", "2017-01-01T00:00:00Z"), Instant.parse("2022-07-07T12:00:00Z"));

        StoredArticle again = store.find("phoenix").orElseThrow();
        assertEquals(LocalDate.of(2020, 5, 5), again.firstStored());
        assertEquals("tag:perusupportgroup.org.uk,2020-05-05:articles/phoenix", again.tagId("perusupportgroup.org.uk"));
    }

    @Test
    void newestIsPublishedDescendingThenSlugOnTies() {
        store.insert(article("b-tie", "2017-06-01T00:00:00Z"), T0);
        store.insert(article("oldest", "2015-01-01T00:00:00Z"), T0);
        store.insert(article("a-tie", "2017-06-01T00:00:00Z"), T0);
        store.insert(article("newest", "2019-01-01T00:00:00Z"), T0);

        assertEquals(List.of("newest", "a-tie", "b-tie", "oldest"), slugs(ALL, Origin.ANY, 0, 10));
        assertEquals(List.of("newest", "a-tie", "b-tie", "oldest"), slugs(topic("environment"), Origin.ANY, 0, 10));
        assertEquals(List.of("newest", "a-tie", "b-tie", "oldest"), slugs(region("puno"), Origin.ANY, 0, 10));
    }

    @Test
    void newestPagesWithOffsetAndLimit() {
        for (int i = 1; i <= 5; i++) {
            store.insert(article("item-" + i, "2017-01-0" + i + "T00:00:00Z"), T0);
        }

        assertEquals(List.of("item-5", "item-4"), slugs(ALL, Origin.ANY, 0, 2));
        assertEquals(List.of("item-3", "item-2"), slugs(ALL, Origin.ANY, 2, 2));
        assertEquals(List.of("item-1"), slugs(ALL, Origin.ANY, 4, 2));
        assertEquals(List.of(), slugs(ALL, Origin.ANY, 5, 2));
        assertEquals(List.of("item-4", "item-3"), slugs(topic("environment"), Origin.ANY, 1, 2));
    }

    @Test
    void scopesFilterByTopicAndRegion() {
        store.insert(article("mine", "2017-01-01T00:00:00Z", List.of("extractive-industries"), List.of("cusco")), T0);
        store.insert(article("vote", "2017-01-02T00:00:00Z", List.of("elections-and-politics"), List.of("puno", "cusco")), T0);
        store.insert(article("both", "2017-01-03T00:00:00Z", List.of("extractive-industries", "environment"), List.of("puno")), T0);

        assertEquals(List.of("both", "mine"), slugs(topic("extractive-industries"), Origin.ANY, 0, 10));
        assertEquals(List.of("vote", "mine"), slugs(region("cusco"), Origin.ANY, 0, 10));
        assertEquals(List.of("both", "vote"), slugs(region("puno"), Origin.ANY, 0, 10));
        assertEquals(List.of(), slugs(region("tacna"), Origin.ANY, 0, 10));
    }

    @Test
    void storedArticlesArePsgsNotPartners() {
        store.insert(article("ours", "2017-01-01T00:00:00Z"), T0);

        assertEquals(List.of("ours"), slugs(ALL, Origin.PSG, 0, 10));
        assertEquals(List.of("ours"), slugs(topic("environment"), Origin.PSG, 0, 10));
        assertEquals(List.of(), slugs(ALL, Origin.PARTNERS, 0, 10));
        assertEquals(List.of(), slugs(region("puno"), Origin.PARTNERS, 0, 10));
        assertEquals(1, store.count(ALL, Origin.PSG));
        assertEquals(0, store.count(ALL, Origin.PARTNERS));
        assertEquals(0, store.count(topic("environment"), Origin.PARTNERS));
    }

    @Test
    void newestAndCountTakeOnlyTheArticlesWrittenInALanguageWhenAsked() {
        store.insert(article("english", "2017-01-01T00:00:00Z", List.of("environment"), List.of("puno")), T0);
        store.insert(written("spanish", "es", "2017-01-02T00:00:00Z"), T0);
        store.insert(written("peruvian", "es-PE", "2017-01-03T00:00:00Z"), T0);
        store.insert(written("estonian-looking", "est", "2017-01-04T00:00:00Z"), T0);
        Optional<Language> es = Optional.of(Language.ES);
        Optional<Language> en = Optional.of(Language.EN);

        assertEquals(List.of("peruvian", "spanish"), store.newest(ALL, Origin.ANY, es, 0, 10).stream()
                .map(stored -> stored.article().slug()).toList(), "es and es-PE, not a tag that only starts with es");
        assertEquals(List.of("peruvian", "spanish"), store.newest(region("puno"), Origin.PSG, es, 0, 10).stream()
                .map(stored -> stored.article().slug()).toList());
        assertEquals(List.of("spanish"), store.newest(topic("environment"), Origin.ANY, es, 1, 10).stream()
                .map(stored -> stored.article().slug()).toList());
        assertEquals(2, store.count(ALL, Origin.ANY, es));
        assertEquals(2, store.count(topic("environment"), Origin.ANY, es));
        assertEquals(1, store.count(region("puno"), Origin.PSG, en));
        assertEquals(0, store.count(ALL, Origin.PARTNERS, es));
        assertEquals(2, store.count(ALL, Origin.PSG, es), "the language and the origin bound in their places");
        assertEquals(List.of("spanish"), store.newest(ALL, Origin.PSG, es, 1, 10).stream()
                .map(stored -> stored.article().slug()).toList());
        assertEquals(4, store.count(ALL, Origin.ANY, Optional.empty()));
    }

    // --- translations -----------------------------------------------------------------------------

    /** One of a pair, on environment and puno unless {@code topics} says otherwise, naming {@code translation} or none. */
    private static Article version(String slug, String language, String published, List<String> topics, String translation) {
        Article a = article(slug, published, topics, List.of("puno"));
        return new Article(a.slug(), a.title(), a.summary(), a.body(), a.bodyHtml(), a.published(), a.updated(), a.topics(),
                a.regions(), language, a.author(), a.url(), a.sourceFile(), Article.Status.PUBLISHED, Optional.empty(),
                Optional.ofNullable(translation));
    }

    private static Article version(String slug, String language, String published, String translation) {
        return version(slug, language, published, List.of("environment"), translation);
    }

    /** Slug → the slugs of its translations, of the stored articles of these slugs. */
    private Map<String, List<String>> translations(String... slugs) {
        List<StoredArticle> articles = new ArrayList<>();
        for (String slug : slugs) {
            store.findForStaff(slug).ifPresent(articles::add);
        }
        Map<String, List<String>> out = new java.util.TreeMap<>();
        store.translations(articles).forEach((slug, list) -> out.put(slug, list.stream().map(t -> t.slug()).toList()));
        return out;
    }

    @Test
    void aTranslationIsStoredAndKeptInRevisions() {
        Article named = version("mine-en", "en", "2024-02-01T00:00:00Z", "mina-es");
        store.insert(named, "Ana", T0);
        assertEquals(named, store.find("mine-en").orElseThrow().article());
        assertEquals(named.translation(), store.newest(ALL, Origin.ANY, 0, 1).get(0).article().translation());

        Article renamed = version("mine-en", "en", "2024-02-01T00:00:00Z", "la-mina-es");
        assertTrue(store.update(renamed, "Luis", T0.plusSeconds(60), Optional.empty()).isPresent(), "naming another is a change");
        Article none = version("mine-en", "en", "2024-02-01T00:00:00Z", null);
        assertFalse(store.update(none, "Ana", T0.plusSeconds(120), Optional.empty()).orElseThrow().affected().isEmpty(),
                "naming none is a change");
        assertEquals(Optional.empty(), store.find("mine-en").orElseThrow().article().translation());
        assertEquals(List.of(Optional.empty(), Optional.of("la-mina-es"), Optional.of("mina-es")), store.revisions("mine-en")
                .stream().map(revision -> revision.article().translation()).toList());
    }

    @Test
    void eitherNamingTheOtherMakesTwoLiveArticlesInTwoLanguagesAPair() {
        store.insert(version("english", "en", "2024-02-01T00:00:00Z", "spanish"), T0);
        store.insert(version("spanish", "es", "2024-02-02T00:00:00Z", null), T0);
        store.insert(version("quechua", "qu", "2024-02-03T00:00:00Z", "english"), T0);
        store.insert(version("peruvian", "es-PE", "2024-02-04T00:00:00Z", "english"), T0);   // a second Spanish one
        store.insert(version("british", "en-GB", "2024-02-05T00:00:00Z", "english"), T0);   // the same language
        store.insert(version("alone", "es", "2024-02-06T00:00:00Z", "not-written-yet"), T0);

        assertEquals(Map.of("english", List.of("spanish", "quechua"), "spanish", List.of("english"),
                "quechua", List.of("english"), "peruvian", List.of("english")),
                translations("english", "spanish", "quechua", "peruvian", "british", "alone"),
                "the one named first, then those naming it by slug, one per language; never one in its own language");
        var spanish = store.translations(List.of(store.find("english").orElseThrow())).get("english").get(0);
        assertEquals(new uk.org.perusupportgroup.quipu.article.Translation("spanish", "es", Optional.empty()), spanish);

        Article preview = version("unsaved", "es", "2024-03-01T00:00:00Z", "english");
        assertEquals(List.of("english"), store.translations(List.of(new StoredArticle(preview, LocalDate.of(2024, 3, 1), T0)))
                .get("unsaved").stream().map(t -> t.slug()).toList(), "an article not stored yet (a preview) has its translations too");
    }

    @Test
    void draftsScheduledAndRemovedArticlesAreNoTranslation() {
        store.insert(version("english", "en", "2024-02-01T00:00:00Z", null), T0);
        store.insert(version("spanish", "es", "2024-02-02T00:00:00Z", "english").withStatus(Article.Status.DRAFT), T0);
        store.insert(version("later", "qu", "2999-01-01T00:00:00Z", "english"), T0);   // scheduled
        assertEquals(Map.of("spanish", List.of("english"), "later", List.of("english")), translations("english", "spanish", "later"),
                "a draft or scheduled article links its live translation in its preview; nobody links it");
        assertEquals(List.of("english"), slugs(store.newest(ALL, Origin.ANY, Optional.empty(), Optional.of(Language.ES), 0, 10)),
                "a draft stands in for nothing");

        store.update(version("spanish", "es", "2024-02-02T00:00:00Z", "english"), T0.plusSeconds(60));
        assertEquals(Map.of("english", List.of("spanish"), "spanish", List.of("english"), "later", List.of("english")),
                translations("english", "spanish", "later"), "published: a pair");

        store.remove("spanish", "deleted by Ana", T0.plusSeconds(120));
        assertEquals(Map.of("later", List.of("english")), translations("english", "spanish", "later"), "removed: none");
        assertEquals(List.of("english"), slugs(store.newest(ALL, Origin.ANY, Optional.empty(), Optional.of(Language.ES), 0, 10)));
    }

    private static List<String> slugs(List<StoredArticle> articles) {
        return articles.stream().map(stored -> stored.article().slug()).toList();
    }

    @Test
    void aFeedInALanguageShowsTheVersionInItWhereTheFeedHasOneAndCountsSo() {
        Optional<Language> es = Optional.of(Language.ES);
        Optional<Language> en = Optional.of(Language.EN);
        Optional<Language> none = Optional.empty();
        store.insert(version("report", "en", "2024-02-01T00:00:00Z", null), T0);
        store.insert(version("informe", "es-PE", "2024-02-02T00:00:00Z", "report"), T0);   // names it
        store.insert(version("letter", "en", "2024-02-03T00:00:00Z", "carta"), T0);        // names it
        store.insert(version("carta", "es", "2024-02-04T00:00:00Z", null), T0);
        store.insert(version("english-only", "en", "2024-02-05T00:00:00Z", null), T0);
        store.insert(version("solo-castellano", "es", "2024-02-06T00:00:00Z", null), T0);
        // a pair whose Spanish one is on another topic: the English one stays in the environment feed
        store.insert(version("mining", "en", "2024-02-07T00:00:00Z", "mineria"), T0);
        store.insert(version("mineria", "es", "2024-02-08T00:00:00Z", List.of("corruption"), null), T0);

        assertEquals(List.of("mineria", "solo-castellano", "english-only", "carta", "informe"),
                slugs(store.newest(ALL, Origin.ANY, none, es, 0, 10)), "Spanish: each pair's Spanish one");
        assertEquals(List.of("mining", "solo-castellano", "english-only", "letter", "report"),
                slugs(store.newest(ALL, Origin.ANY, none, en, 0, 10)), "English: each pair's English one");
        assertEquals(8, store.count(ALL, Origin.ANY), "no language preferred: all of them, as before");
        assertEquals(5, store.count(ALL, Origin.ANY, none, es));
        assertEquals(5, store.count(ALL, Origin.PSG, none, en));
        assertEquals(List.of("solo-castellano", "english-only", "carta", "informe"),
                slugs(store.newest(ALL, Origin.PSG, none, es, 1, 10)), "paged as any feed");

        Scope environment = topic("environment");
        assertEquals(List.of("mining", "solo-castellano", "english-only", "carta", "informe"),
                slugs(store.newest(environment, Origin.ANY, none, es, 0, 10)), "mineria is not in this feed: mining stays");
        assertEquals(List.of("mineria"), slugs(store.newest(topic("corruption"), Origin.ANY, none, en, 0, 10)),
                "mining is not in that feed: mineria stays");
        assertEquals(5, store.count(environment, Origin.ANY, none, es));
        assertEquals(5, store.count(environment, Origin.PSG, none, en));
        assertEquals(List.of("mineria", "solo-castellano", "english-only", "carta", "informe"),
                slugs(store.newest(region("puno"), Origin.PSG, none, es, 0, 10)));
        assertEquals(5, store.count(region("puno"), Origin.ANY, none, es));
        assertEquals(0, store.count(ALL, Origin.PARTNERS, none, es));

        assertEquals(List.of("mining", "english-only", "letter", "report"), slugs(store.newest(ALL, Origin.ANY, en, none, 0, 10)),
                "?language=en keeps every English article");
        assertEquals(3, store.count(environment, Origin.ANY, es, none), "?language=es: informe, carta, solo-castellano");
    }

    @Test
    void aChangeToOneOfAPairChangesTheOthersFeedsToo() {
        store.insert(version("report", "en", "2024-02-01T00:00:00Z", null), T0);
        Scope corruption = topic("corruption");
        Article informe = version("informe", "es", "2024-02-02T00:00:00Z", List.of("corruption"), "report");

        assertEquals(Set.of(ALL, corruption, region("puno"), topic("environment")), store.insert(informe, T0).affected(),
                "report's entries now link it");
        Instant later = T0.plusSeconds(60);
        assertEquals(Set.of(ALL, corruption, region("puno"), topic("environment")),
                store.update(version("informe", "es", "2024-02-02T00:00:00Z", List.of("corruption"), null), later).orElseThrow()
                        .affected(), "no longer named");
        assertEquals(later, store.changedAt(topic("environment")), "its change time moves with them");
        assertEquals(Set.of(ALL, corruption, region("puno")),
                store.update(version("informe", "es", "2024-02-02T00:00:00Z", List.of("corruption"), "nothing"), later).orElseThrow()
                        .affected(), "an article that names none of the live ones changes only its own feeds");
        store.update(informe, later);
        assertEquals(Set.of(ALL, corruption, region("puno"), topic("environment")),
                store.remove("informe", "deleted", later.plusSeconds(60)).orElseThrow().affected());
        assertEquals(Set.of(ALL, corruption, region("puno"), topic("environment")),
                store.restore("informe", "Ana", later.plusSeconds(120)).orElseThrow().affected());
        assertEquals(Set.of(ALL, corruption, region("puno"), topic("environment")),
                store.update(informe.withStatus(Article.Status.DRAFT), later.plusSeconds(180)).orElseThrow().affected(),
                "taken back to a draft: report's entries lose their link");
        Article draft = version("informe", "es", "2024-02-02T00:00:00Z", List.of("corruption"), "letter").withStatus(Article.Status.DRAFT);
        assertTrue(store.update(draft, later.plusSeconds(240)).orElseThrow().affected().isEmpty(), "a draft's changes are nobody's");
    }

    private static Article written(String slug, String language, String published) {
        Article a = article(slug, published, List.of("environment"), List.of("puno"));
        return new Article(a.slug(), a.title(), a.summary(), a.body(), a.bodyHtml(), a.published(), a.updated(), a.topics(),
                a.regions(), language, a.author(), a.url(), a.sourceFile());
    }

    @Test
    void countsPerScopeAndPerFacet() {
        store.insert(article("one", "2017-01-01T00:00:00Z", List.of("environment"), List.of("puno")), T0);
        store.insert(article("two", "2017-01-02T00:00:00Z", List.of("environment", "corruption"), List.of("cusco")), T0);

        assertEquals(2, store.count(ALL, Origin.ANY));
        assertEquals(2, store.count(topic("environment"), Origin.ANY));
        assertEquals(1, store.count(region("cusco"), Origin.PSG));
        assertEquals(0, store.count(topic("migration"), Origin.ANY));
        assertEquals(Map.of("environment", 2, "corruption", 1), store.counts(Facet.TOPIC));
        assertEquals(Map.of("puno", 1, "cusco", 1), store.counts(Facet.REGION));
    }

    @Test
    void untouchedScopeIsDatedWhenTheDatabaseWasCreated() {
        store.insert(article("one", "2017-01-01T00:00:00Z"), T0);

        Instant never = store.changedAt(topic("migration"));
        assertTrue(never.isAfter(Instant.parse("2026-01-01T00:00:00Z")) && !never.isAfter(Instant.now()),
                "a real date, not 1970: " + never);
        assertEquals(never.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), never, "whole seconds, as HTTP dates");
        assertEquals(never, store.changedAt(region("tacna")));
        assertEquals(never, store.changedAt(topic("migration")), "the same every time it is asked");
        assertEquals(T0, store.changedAt(ALL), "a scope that changed keeps its own date");
    }

    @Test
    void changedAtIsWholeSeconds() {
        store.insert(article("one", "2017-01-01T00:00:00Z"), Instant.parse("2024-03-01T10:00:00.987654Z"));

        assertEquals(Instant.parse("2024-03-01T10:00:00Z"), store.changedAt(ALL));
        assertEquals(Instant.parse("2024-03-01T10:00:00Z"), store.changedAt(topic("environment")));
    }

    @Test
    void changedAtNeverGoesBackwards() {
        Instant late = Instant.parse("2024-03-01T12:00:00Z");
        store.insert(article("one", "2017-01-01T00:00:00Z"), late);

        store.insert(article("two", "2017-01-02T00:00:00Z"), late.minusSeconds(600));

        assertEquals(late, store.changedAt(ALL));
        assertEquals(late, store.changedAt(topic("environment")));
    }

    @Test
    void changedAtMovesOnWithLaterWrites() {
        store.insert(article("one", "2017-01-01T00:00:00Z"), T0);
        store.remove("one", "deleted by staff", T0.plusSeconds(90));

        assertEquals(T0.plusSeconds(90), store.changedAt(ALL));
        assertEquals(T0.plusSeconds(90), store.changedAt(region("puno")));
    }

    @Test
    void sourceFilesListOnlyFileBackedArticles() {
        var fromFile = new Article("from-file", "T", "S", "B", "<p>B</p>", Instant.parse("2017-01-01T00:00:00Z"),
                Optional.empty(), List.of("environment"), List.of("puno"), "en", Optional.empty(), Optional.empty(),
                Optional.of("2017/from-file.md"));
        store.insert(fromFile, T0);
        store.insert(article("from-api", "2017-01-02T00:00:00Z"), T0);

        assertEquals(Map.of("from-file", "2017/from-file.md"), store.sourceFiles());
    }

    @Test
    void hundredArticlesInsertAndPage() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String slug = String.format("batch-%03d", i);
            store.insert(article(slug, Instant.parse("2010-01-01T00:00:00Z").plusSeconds(3600L * i).toString(),
                    List.of(i % 2 == 0 ? "environment" : "corruption"), List.of("national")), T0);
            expected.add(0, slug);
        }

        assertEquals(100, store.count(ALL, Origin.ANY));
        assertEquals(50, store.count(topic("environment"), Origin.ANY));
        assertEquals(expected.subList(0, 30), slugs(ALL, Origin.ANY, 0, 30));
        assertEquals(expected.subList(90, 100), slugs(region("national"), Origin.ANY, 90, 30));
    }

    @Test
    void saveAllInsertsAndReplacesInOneGoAndReportsOnlyRealChanges() {
        store.insert(article("kept", "2020-01-01T00:00:00Z"), T0);
        store.insert(article("edited", "2020-01-02T00:00:00Z", List.of("environment"), List.of("puno")), T0);
        Instant later = T0.plusSeconds(60);

        List<ArticleChange> changes = store.saveAll(List.of(
                article("kept", "2020-01-01T00:00:00Z"),
                article("edited", "2020-01-02T00:00:00Z", List.of("corruption"), List.of("puno")),
                article("new", "2020-01-03T00:00:00Z", List.of("migration"), List.of("tacna"))), later);

        assertEquals(List.of("edited", "new"), changes.stream().map(c -> c.after().orElseThrow().article().slug()).toList());
        assertEquals(List.of("new", "edited", "kept"), slugs(ALL, Origin.ANY, 0, 10));
        assertEquals(List.of("edited"), slugs(topic("corruption"), Origin.ANY, 0, 10));
        assertEquals(List.of(), slugs(topic("environment"), Origin.ANY, 0, 10).stream().filter("edited"::equals).toList());
        assertEquals(later, store.changedAt(topic("environment")), "the topic the edit left changed too");
        assertEquals(later, store.changedAt(region("tacna")));
        assertEquals(T0, store.find("kept").orElseThrow().modifiedAt(), "identical content is not rewritten");
        assertTrue(store.saveAll(List.of(article("kept", "2020-01-01T00:00:00Z")), later.plusSeconds(60)).isEmpty());
    }
}
