package uk.org.perusupportgroup.quipu.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.Origin;
import uk.org.perusupportgroup.quipu.article.PartnerItem;
import uk.org.perusupportgroup.quipu.article.PartnerSource;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.SourceState;
import uk.org.perusupportgroup.quipu.article.StoredArticle;

/** What every {@link PartnerStore} does, run against each real database by a subclass. */
abstract class PartnerStoreContract extends DatabaseContract {

    static final Instant T0 = Instant.parse("2026-05-14T12:00:00Z");
    static final PartnerSource AMNESTY = source("amnesty", "Amnesty International");
    static final PartnerSource LISTING = source("amnesty-peru-news", "Amnesty International");

    PartnerStore partners;
    ArticleStore articles;

    @Override
    void opened(javax.sql.DataSource dataSource) {
        partners = new JdbcPartnerStore(dataSource);
        articles = new JdbcArticleStore(dataSource);
    }

    @Test
    void aNewItemIsStoredAsAnAttributedPartnerArticle() {
        PartnerStore.Ingest ingest = partners.ingest(AMNESTY, List.of(item("g1", "https://a.example/1", "Peru: defenders", T0)), T0);
        assertEquals(1, ingest.added());
        StoredArticle stored = ingest.changes().get(0).after().orElseThrow();
        assertEquals("amnesty-peru-defenders", stored.article().slug());
        assertEquals(Optional.of(new StoredArticle.Attribution(List.of("amnesty"), PartnerSource.Reuse.EXCERPT)), stored.partner());
        assertTrue(ingest.changes().get(0).affected().containsAll(List.of(Scope.ALL, Scope.PARTNERS, Scope.partner("amnesty"),
                Scope.of(Facet.TOPIC, "human-rights"), Scope.of(Facet.REGION, "apurimac"))));
        assertEquals(stored, articles.find(stored.article().slug()).orElseThrow());
        for (Scope scope : List.of(Scope.ALL, Scope.PARTNERS, Scope.partner("amnesty"), Scope.of(Facet.REGION, "apurimac"))) {
            assertEquals(1, articles.count(scope, Origin.ANY), scope.key());
            assertEquals(1, articles.count(scope, Origin.PARTNERS), scope.key());
            assertEquals(0, articles.count(scope, Origin.PSG), scope.key());
            assertEquals(List.of(stored), articles.newest(scope, Origin.PARTNERS, 0, 10), scope.key());
        }
        assertEquals(0, articles.count(Scope.partner("other"), Origin.ANY));
        assertEquals(List.of(), articles.newest(Scope.PARTNERS, Origin.PSG, 0, 10));
    }

    @Test
    void anUnchangedItemChangesNothingAndAnEditedOneIsUpdatedInPlace() {
        PartnerItem first = item("g1", "https://a.example/1", "Peru: defenders", T0);
        StoredArticle stored = partners.ingest(AMNESTY, List.of(first), T0).changes().get(0).after().orElseThrow();
        PartnerStore.Ingest again = partners.ingest(AMNESTY, List.of(first), T0.plusSeconds(60));
        assertEquals(new PartnerStore.Ingest(List.of(), 0, 0), again);
        PartnerItem edited = item("g1", "https://a.example/1", "Peru: defenders must be protected", T0);
        PartnerStore.Ingest update = partners.ingest(AMNESTY, List.of(edited), T0.plus(Duration.ofDays(3)));
        assertEquals(0, update.added());
        assertEquals(1, update.updated());
        StoredArticle after = update.changes().get(0).after().orElseThrow();
        assertEquals(stored.article().slug(), after.article().slug(), "edited in place: same slug");
        assertEquals(stored.tagId("example.org"), after.tagId("example.org"), "same tag: id");
        assertEquals("Peru: defenders must be protected", articles.find(stored.article().slug()).orElseThrow().article().title());
        assertEquals(1, articles.count(Scope.ALL, Origin.ANY));
    }

    @Test
    void aChangedGuidWithTheSameLinkKeepsTheArticleAndItsId() {
        StoredArticle stored = partners.ingest(AMNESTY, List.of(item("g1", "https://a.example/1", "Peru: defenders", T0)), T0)
                .changes().get(0).after().orElseThrow();
        PartnerStore.Ingest moved = partners.ingest(AMNESTY, List.of(item("g1-new", "https://a.example/1", "Peru: defenders", T0)),
                T0.plus(Duration.ofDays(40)));
        assertEquals(0, moved.added());
        assertEquals(1, articles.count(Scope.ALL, Origin.ANY));
        assertEquals(stored.tagId("example.org"), articles.find(stored.article().slug()).orElseThrow().tagId("example.org"));
    }

    @Test
    void twoItemsOfOneSourceThatShareALinkStayApart() {
        partners.ingest(AMNESTY, List.of(item("g1", "https://a.example/news", "Peru: first", T0)), T0);
        PartnerStore.Ingest second = partners.ingest(AMNESTY, List.of(item("g2", "https://a.example/news", "Peru: second", T0)),
                T0.plusSeconds(60));
        assertEquals(1, second.added());
        assertEquals(2, articles.count(Scope.partner("amnesty"), Origin.ANY));
    }

    @Test
    void theSameStoryThroughTwoSourcesIsStoredOnceListingBoth() {
        partners.ingest(AMNESTY, List.of(item("g1", "https://a.example/1", "Peru: defenders", T0)), T0);
        PartnerStore.Ingest second = partners.ingest(LISTING, List.of(item("listing-1", "https://a.example/1", "Peru: defenders (listing)",
                T0.minusSeconds(3600))), T0.plusSeconds(60));
        assertEquals(0, second.added());
        assertEquals(1, articles.count(Scope.ALL, Origin.ANY));
        StoredArticle stored = articles.newest(Scope.partner("amnesty-peru-news"), Origin.ANY, 0, 10).get(0);
        assertEquals(List.of("amnesty", "amnesty-peru-news"), stored.partner().orElseThrow().sources());
        assertEquals("Peru: defenders", stored.article().title(), "the first finder's version stays");
        assertEquals(new PartnerStore.Ingest(List.of(), 0, 0), partners.ingest(LISTING, List.of(item("listing-1", "https://a.example/1",
                "Peru: defenders (listing)", T0.minusSeconds(3600))), T0.plusSeconds(120)), "known to the second source now");
    }

    @Test
    void aHiddenItemNeverComesBackFromItsSourceOrAnotherEvenOnceItsArticleIsDeletedForGood() {
        PartnerItem first = item("g1", "https://a.example/1", "Peru: not about Peru", T0);
        String slug = partners.ingest(AMNESTY, List.of(first), T0).changes().get(0).after().orElseThrow().article().slug();
        assertTrue(partners.hide(slug, "not about Peru", T0.plusSeconds(60)));
        articles.remove(slug, "hidden: not about Peru", T0.plusSeconds(60));
        PartnerItem edited = item("g1", "https://a.example/1", "Peru: not about Peru, edited", T0);
        assertEquals(new PartnerStore.Ingest(List.of(), 0, 0), partners.ingest(AMNESTY, List.of(edited), T0.plusSeconds(120)),
                "its source edited it: left alone");
        assertEquals(new PartnerStore.Ingest(List.of(), 0, 0), partners.ingest(LISTING, List.of(item("listing-9",
                "https://a.example/1", "Peru: the listing's copy", T0)), T0.plusSeconds(180)), "another source carries its link");
        assertTrue(articles.find(slug).isEmpty());
        assertEquals(0, articles.count(Scope.ALL, Origin.ANY));
        assertEquals(0, articles.count(Scope.partner("amnesty"), Origin.ANY), "out of its source's feed too");
        assertEquals(List.of(), articles.newest(Scope.partner("amnesty"), Origin.ANY, 0, 10));
        articles.purgeRemoved(T0.plus(Duration.ofDays(31)));
        assertTrue(articles.removed(slug).isEmpty(), "deleted for good");
        assertEquals(0, partners.ingest(AMNESTY, List.of(edited), T0.plus(Duration.ofDays(32))).added(), "and still not back");
        assertEquals(0, articles.count(Scope.ALL, Origin.ANY));
        assertTrue(partners.ingest(AMNESTY, List.of(item("g2", "https://a.example/2", "Peru: another story", T0)),
                T0.plus(Duration.ofDays(32))).added() == 1, "the source's other items still come");
    }

    @Test
    void anItemShownAgainIsFollowedByItsSourceAgain() {
        String slug = partners.ingest(AMNESTY, List.of(item("g1", "https://a.example/1", "Peru: defenders", T0)), T0)
                .changes().get(0).after().orElseThrow().article().slug();
        assertTrue(partners.hide(slug, "a mistake", T0.plusSeconds(60)));
        articles.remove(slug, "hidden: a mistake", T0.plusSeconds(60));
        assertTrue(partners.unhide(slug));
        assertFalse(partners.unhide(slug), "nothing left to show");
        articles.restore(slug, T0.plusSeconds(120));
        assertEquals(1, articles.count(Scope.partner("amnesty"), Origin.ANY), "back in its source's feed");
        PartnerStore.Ingest edited = partners.ingest(AMNESTY, List.of(item("g1", "https://a.example/1", "Peru: defenders, edited",
                T0)), T0.plusSeconds(180));
        assertEquals(1, edited.updated());
        assertEquals("Peru: defenders, edited", articles.find(slug).orElseThrow().article().title());
        assertFalse(partners.hide("no-such-article", "x", T0), "only a partner article is hidden");
    }

    @Test
    void theTopicsAndRegionsStaffGiveAnItemOutlastItsSourcesEdits() {
        String slug = partners.ingest(AMNESTY, List.of(item("g1", "https://a.example/1", "Peru: defenders", T0)), T0)
                .changes().get(0).after().orElseThrow().article().slug();
        ArticleChange change = partners.retag(slug, List.of("environment"), List.of("cusco"), T0.plusSeconds(60)).orElseThrow();
        assertTrue(change.affected().containsAll(List.of(Scope.of(Facet.REGION, "cusco"), Scope.of(Facet.REGION, "apurimac"),
                Scope.partner("amnesty"))), change.affected().toString());
        assertEquals(0, articles.count(Scope.of(Facet.REGION, "apurimac"), Origin.ANY));
        assertEquals(1, articles.count(Scope.of(Facet.REGION, "cusco"), Origin.ANY));
        PartnerItem edited = item("g1", "https://a.example/1", "Peru: defenders, edited", T0);
        assertEquals(1, partners.ingest(AMNESTY, List.of(edited), T0.plusSeconds(120)).updated());
        StoredArticle after = articles.find(slug).orElseThrow();
        assertEquals("Peru: defenders, edited", after.article().title(), "the source's edit is taken");
        assertEquals(List.of("environment"), after.article().topics(), "and staff's topics kept");
        assertEquals(List.of("cusco"), after.article().regions());
        assertEquals(1, articles.count(Scope.of(Facet.REGION, "cusco"), Origin.ANY));
        assertEquals(new PartnerStore.Ingest(List.of(), 0, 0), partners.ingest(AMNESTY, List.of(edited), T0.plusSeconds(180)));
        assertTrue(partners.retag("no-such-article", List.of("environment"), List.of("cusco"), T0).isEmpty());
    }

    @Test
    void aStoryFirstFoundUndatedTakesTheDateASecondSourceGivesIt() {
        Instant real = T0.minus(Duration.ofDays(5));
        partners.ingest(LISTING, List.of(undated(item("listing-1", "https://a.example/1", "Peru: defenders", T0))), T0);
        PartnerStore.Ingest dated = partners.ingest(AMNESTY, List.of(item("g1", "https://a.example/1", "Peru: defenders", real)),
                T0.plusSeconds(60));
        StoredArticle stored = articles.newest(Scope.PARTNERS, Origin.ANY, 0, 1).get(0);
        assertEquals(real, stored.article().published(), "the date the partner gave, not when the undated listing was read");
        assertEquals(List.of("amnesty-peru-news", "amnesty"), stored.partner().orElseThrow().sources());
        assertEquals(real, dated.changes().get(0).after().orElseThrow().article().published());
        assertEquals(real, articles.newest(Scope.partner("amnesty"), Origin.ANY, 0, 1).get(0).article().published(),
                "the feeds sort it by that date");

        partners.ingest(AMNESTY, List.of(item("g2", "https://a.example/2", "Peru: mining", real)), T0);
        partners.ingest(LISTING, List.of(undated(item("listing-2", "https://a.example/2", "Peru: mining", T0.plusSeconds(90)))),
                T0.plusSeconds(90));
        assertEquals(real, articles.newest(Scope.PARTNERS, Origin.ANY, 0, 2).stream()
                .filter(a -> a.article().title().equals("Peru: mining")).findFirst().orElseThrow().article().published(),
                "an undated source never moves a real date");
    }

    @Test
    void anUndatedItemKeepsTheDateItWasFirstSeen() {
        PartnerItem undated = undated(item("g2", "https://a.example/2", "Peru: undated", T0));
        partners.ingest(AMNESTY, List.of(undated), T0);
        PartnerItem seenLater = undated(item("g2", "https://a.example/2", "Peru: undated, edited", T0.plus(Duration.ofDays(2))));
        partners.ingest(AMNESTY, List.of(seenLater), T0.plus(Duration.ofDays(2)));
        StoredArticle stored = articles.newest(Scope.PARTNERS, Origin.ANY, 0, 1).get(0);
        assertEquals("Peru: undated, edited", stored.article().title());
        assertEquals(T0, stored.article().published());
    }

    @Test
    void heldItemsAreReleasedWhenTheirDateComes() {
        partners.hold("amnesty", "k1", T0.plus(Duration.ofDays(1)), "{\"a\":1}");
        partners.hold("amnesty", "k1", T0.plus(Duration.ofDays(2)), "{\"a\":2}");
        partners.hold("amnesty", "k2", T0.plus(Duration.ofDays(30)), "{}");
        assertEquals(List.of(), partners.releaseDue(T0.plus(Duration.ofDays(1))), "a later copy replaced the first");
        List<PartnerStore.Held> due = partners.releaseDue(T0.plus(Duration.ofDays(2)));
        assertEquals(List.of(new PartnerStore.Held("amnesty", "k1", T0.plus(Duration.ofDays(2)), "{\"a\":2}")), due);
        assertEquals(List.of(), partners.releaseDue(T0.plus(Duration.ofDays(2))), "released once");
    }

    @Test
    void sourceStatesRoundTrip() {
        SourceState state = new SourceState("amnesty", Optional.of("https://a.example/feed"), Optional.of("\"v1\""), Optional.of("Thu, 14 May 2026 10:05:12 GMT"),
                Optional.of(T0), Optional.of(429), Optional.of("HTTP 429 too many requests"), 3, Optional.of(T0.minusSeconds(60)), 2,
                Optional.of(T0.minusSeconds(600)), Optional.of(T0.plusSeconds(3600)), false, true, true, false);
        partners.save(state);
        assertEquals(Map.of("amnesty", state), partners.states());
        SourceState recovered = SourceState.fresh("amnesty", "https://a.example/feed");
        partners.save(recovered);
        assertEquals(Map.of("amnesty", recovered), partners.states());
    }

    @Test
    void eachSourceIsLeasedToOnePollerAtATimeAndOnlyWhenDueForEveryone() throws SQLException {
        Instant until = T0.plus(Duration.ofMinutes(10));
        PartnerStore.Claim first = partners.claim("amnesty", "instance-a", T0, until);
        assertTrue(first.won(), "never polled: due");
        assertTrue(first.state().isEmpty());
        assertFalse(partners.claim("amnesty", "instance-b", T0, until).won(), "held by a");

        SourceState polled = new SourceState("amnesty", Optional.of("https://a.example/feed"), Optional.of("\"v1\""),
                Optional.empty(), Optional.of(T0), Optional.of(200), Optional.empty(), 3, Optional.of(T0), 0, Optional.empty(),
                Optional.of(T0.plus(Duration.ofMinutes(30))), false, true, false, false);
        partners.save(polled);
        PartnerStore.Claim early = partners.claim("amnesty", "instance-b", T0.plus(Duration.ofMinutes(1)), until);
        assertFalse(early.won(), "a polled it: not due again for 30 minutes");
        assertEquals(Optional.of(polled), early.state(), "b takes over the shared state");
        assertTrue(partners.claim("amnesty", "instance-b", T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(40))).won());

        assertTrue(partners.claim("amnesty-peru-news", "instance-a", T0, until).won());
        // instance a dies holding the lease: another takes the source once the lease has lapsed
        assertFalse(partners.claim("amnesty-peru-news", "instance-b", T0.plus(Duration.ofMinutes(9)), until).won());
        assertTrue(partners.claim("amnesty-peru-news", "instance-b", T0.plus(Duration.ofMinutes(11)),
                T0.plus(Duration.ofMinutes(21))).won());
        assertEquals(java.util.Set.of("amnesty"), partners.states().keySet(), "a source only claimed was never polled");
    }

    @Test
    void aNewPartnerItemWaitsOnceForAlertMatchingAndAnEditDoesNotQueueItAgain() throws SQLException {
        PartnerItem first = item("g1", "https://a.example/1", "Peru: defenders", T0);
        partners.ingest(AMNESTY, List.of(first, item("g2", "https://a.example/2", "Peru: mining", T0)), T0);
        assertEquals(2, pendingAlerts());
        partners.ingest(AMNESTY, List.of(new PartnerItem(first.key(), first.link(), "Peru: defenders (updated)", first.summary(),
                first.bodyText(), first.contentHtml(), first.published(), first.updated(), true, first.topics(), first.regions(),
                first.language(), first.author())), T0.plusSeconds(600));
        assertEquals(2, pendingAlerts(), "the edit is not new");
    }

    @Test
    void aPreModeratedSourcesNewItemWaitsOutOfEveryFeedUntilApprovedAndAlertsThen() throws SQLException {
        PartnerSource held = new PartnerSource("held", "Held", URI.create("https://h.example/"), PartnerSource.Kind.FEED,
                URI.create("https://h.example/feed"), Duration.ofMinutes(30), "en", PartnerSource.Reuse.EXCERPT,
                PartnerSource.Filter.NONE, Map.of(), PartnerSource.Tags.NONE, Optional.empty(), PartnerSource.Moderation.PRE);
        PartnerItem first = item("h1", "https://h.example/1", "Peru: a held story", T0);
        PartnerStore.Ingest ingest = partners.ingest(held, List.of(first), T0);
        assertEquals(1, ingest.added());
        assertEquals(List.of(), ingest.changes(), "no feed, search or alert hears of it");
        assertEquals(0, articles.count(Scope.ALL, Origin.ANY));
        assertEquals(0, articles.count(Scope.partner("held"), Origin.ANY));
        assertEquals(0, articles.count(Scope.of(Facet.REGION, "apurimac"), Origin.ANY));
        assertEquals(0, pendingAlerts());
        String slug = articles.removed().get(0).slug();
        assertEquals(PartnerStore.AWAITING_APPROVAL, articles.removed(slug).orElseThrow().why());

        assertEquals(new PartnerStore.Ingest(List.of(), 0, 0), partners.ingest(held, List.of(item("h1", "https://h.example/1",
                "Peru: a held story, edited", T0)), T0.plusSeconds(60)), "an edit while it waits publishes nothing");
        assertEquals(0, articles.count(Scope.ALL, Origin.ANY));

        ArticleChange approved = partners.approve(slug, T0.plusSeconds(120)).orElseThrow();
        assertTrue(approved.affected().containsAll(List.of(Scope.ALL, Scope.partner("held"), Scope.of(Facet.REGION, "apurimac"))));
        assertEquals(1, articles.count(Scope.partner("held"), Origin.ANY));
        assertEquals(1, articles.count(Scope.of(Facet.REGION, "apurimac"), Origin.ANY));
        assertEquals(1, pendingAlerts(), "it alerts at its approval");
        assertTrue(partners.approve(slug, T0.plusSeconds(180)).isEmpty(), "approved once");
        assertEquals(1, partners.ingest(held, List.of(item("h1", "https://h.example/1", "Peru: a held story, edited again", T0)),
                T0.plusSeconds(240)).updated(), "published: its source updates it as any other");
    }

    @Test
    void aPartnerItemIsNoTranslationEvenWhenAnArticleOfPsgNamesIt() {
        PartnerItem english = item("g1", "https://a.example/1", "Peru: defenders", T0);
        PartnerItem spanish = new PartnerItem(digest("guid:g2"), Optional.of(URI.create("https://a.example/2")), "Perú: defensores",
                "Resumen.", "Cuerpo.", "", T0, Optional.empty(), true, List.of("human-rights"), List.of("apurimac"), "es",
                Optional.empty());
        StoredArticle item = partners.ingest(AMNESTY, List.of(english, spanish), T0).changes().stream()
                .map(change -> change.after().orElseThrow()).filter(stored -> stored.article().language().equals("es"))
                .findFirst().orElseThrow();
        uk.org.perusupportgroup.quipu.article.Article a = item.article();
        var ours = new uk.org.perusupportgroup.quipu.article.Article("ours", "Defenders", "Summary", "Body", "<p>Body</p>",
                T0.minusSeconds(60), Optional.empty(), List.of("human-rights"), List.of("apurimac"), "en", Optional.empty(),
                Optional.empty(), Optional.empty(), uk.org.perusupportgroup.quipu.article.Article.Status.PUBLISHED, Optional.empty(),
                Optional.of(a.slug()));
        ArticleChange inserted = articles.insert(ours, T0);

        assertFalse(inserted.affected().contains(Scope.PARTNERS), "the item's feeds do not change");
        assertEquals(Map.of(), articles.translations(articles.newest(Scope.ALL, Origin.ANY, 0, 10)));
        Optional<uk.org.perusupportgroup.quipu.article.Language> es = Optional.of(uk.org.perusupportgroup.quipu.article.Language.ES);
        assertTrue(articles.newest(Scope.ALL, Origin.ANY, Optional.empty(), es, 0, 10).stream()
                .anyMatch(stored -> stored.article().slug().equals("ours")), "the Spanish feeds still show ours");
        assertEquals(3, articles.count(Scope.of(Facet.REGION, "apurimac"), Origin.ANY, Optional.empty(), es));
    }

    private int pendingAlerts() throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM alert_pending")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static PartnerItem item(String guid, String link, String title, Instant published) {
        return new PartnerItem(digest("guid:" + guid), Optional.of(URI.create(link)), title, "Summary of " + title + " in Apurímac.",
                "Body of " + title, "", published, Optional.empty(), true, List.of("human-rights"), List.of("apurimac", "national"), "en",
                Optional.of("Amnesty International"));
    }

    private static PartnerItem undated(PartnerItem i) {
        return new PartnerItem(i.key(), i.link(), i.title(), i.summary(), i.bodyText(), i.contentHtml(), i.published(), i.updated(),
                false, i.topics(), i.regions(), i.language(), i.author());
    }

    private static String digest(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PartnerSource source(String id, String name) {
        return new PartnerSource(id, name, URI.create("https://a.example/"), PartnerSource.Kind.FEED, URI.create("https://a.example/feed"),
                Duration.ofMinutes(30), "en", PartnerSource.Reuse.EXCERPT, PartnerSource.Filter.NONE, Map.of(),
                PartnerSource.Tags.NONE, Optional.empty());
    }
}
