package uk.org.perusupportgroup.quipu.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.org.perusupportgroup.quipu.article.PartnerItem;
import uk.org.perusupportgroup.quipu.article.PartnerSource;

/** Feeds and pages of the partner fixtures, read, filtered, sanitised, identified, dated and tagged. */
class PartnerParsingTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final URI AMNESTY_FEED = URI.create("https://www.amnesty.org/en/feed/");
    private final ItemNormaliser normaliser = Fixtures.normaliser();

    private List<PartnerItem> feedItems(PartnerSource source, String fixture, URI url) throws SourceFormatException {
        ParsedSource parsed = FeedReader.read(Fixtures.bytes(fixture), Optional.of("application/rss+xml; charset=UTF-8"), url);
        return normaliser.normaliseAll(source, parsed.items(), NOW);
    }

    @Test
    void amnestyMainFeedFilteredToPeruKeepsNoneOfItsNonPeruItems() throws Exception {
        ParsedSource parsed = FeedReader.read(Fixtures.bytes("amnesty-org-en-feed.sample.xml"), Optional.empty(), AMNESTY_FEED);
        assertEquals(5, parsed.items().size());
        assertTrue(parsed.items().get(0).categories().contains("Africa"), "amn:countries names are categories");
        assertEquals(List.of(), feedItems(Fixtures.shipped("amnesty"), "amnesty-org-en-feed.sample.xml", AMNESTY_FEED));
    }

    @Test
    void peruFeedEdgeCases() throws Exception {
        List<PartnerItem> items = feedItems(Fixtures.shipped("amnesty"), "amnesty-location-peru-feed.synthetic.xml", AMNESTY_FEED);
        // 6 items in the file; the repeated guid is merged; the 2099 item stays (held later by the poller);
        // the items without amn:countries Peru are dropped by the filter
        List<String> titles = items.stream().map(PartnerItem::title).toList();
        assertTrue(titles.contains("Peru: Authorities must protect Indigenous land defenders (fixture)"), titles.toString());
        assertTrue(titles.contains("Peru: Congress must reject law restricting civil society and NGOs (fixture, updated)"),
                "the later version of a repeated guid wins: " + titles);
        assertEquals(1, titles.stream().filter(t -> t.startsWith("Peru: Congress")).count(), "merged: " + titles);
        PartnerItem defenders = items.get(0);
        assertEquals(URI.create("https://www.amnesty.org/en/latest/news/2026/05/peru-fixture-indigenous-defenders-protection/"),
                defenders.link().orElseThrow());
        assertEquals(Instant.parse("2026-05-14T10:00:00Z"), defenders.published());
        assertTrue(defenders.dated());
        assertEquals("", defenders.contentHtml(), "Amnesty's reuse policy is excerpt: no content republished");
        assertFalse(defenders.summary().contains("appeared first on"), defenders.summary());
        assertTrue(defenders.topics().containsAll(List.of("indigenous-peoples", "human-rights", "civic-space")), defenders.topics().toString());
        assertTrue(defenders.regions().contains("national"), defenders.regions().toString());
        assertEquals("Amnesty International", defenders.author().orElseThrow());
    }

    @Test
    void itemsWithoutAmnestyCountriesAreFilteredAndTheRestIdentified() throws Exception {
        PartnerSource everything = withFilter(Fixtures.shipped("amnesty"), PartnerSource.Filter.NONE);
        List<PartnerItem> items = feedItems(everything, "amnesty-location-peru-feed.synthetic.xml", AMNESTY_FEED);
        assertEquals(5, items.size(), items.stream().map(PartnerItem::title).toList().toString());
        PartnerItem undated = items.stream().filter(i -> i.title().contains("no justice")).findFirst().orElseThrow();
        assertFalse(undated.dated());
        assertEquals(NOW, undated.published(), "an undated item is dated when first seen");
        PartnerItem noGuid = items.stream().filter(i -> i.title().contains("without guid")).findFirst().orElseThrow();
        assertEquals(URI.create("https://www.amnesty.org/en/latest/news/2026/02/peru-fixture-no-guid/"), noGuid.link().orElseThrow(),
                "tracking parameters removed");
        assertEquals(ItemNormaliser.digest("link:" + noGuid.link().orElseThrow()), noGuid.key(), "no guid: the key is the link");
        assertEquals(Instant.parse("2026-02-10T12:00:00Z"), noGuid.published(), "an RFC 822 date in GMT");
        PartnerItem future = items.stream().filter(i -> i.title().contains("future")).findFirst().orElseThrow();
        assertEquals(Instant.parse("2099-01-01T00:00:00Z"), future.published());
    }

    @Test
    void fullReuseRepublishesSanitisedContentWithAbsoluteLinks() throws Exception {
        PartnerSource full = withReuse(Fixtures.shipped("amnesty"), PartnerSource.Reuse.FULL);
        PartnerItem item = feedItems(full, "amnesty-location-peru-feed.synthetic.xml", AMNESTY_FEED).get(0);
        String html = item.contentHtml();
        assertFalse(html.toLowerCase(java.util.Locale.ROOT).contains("<script"), html);
        assertFalse(html.contains("onclick"), html);
        assertFalse(html.contains("stats.wordpress.com"), html);
        assertFalse(html.contains("appeared first on"), html);
        assertTrue(html.contains("href=\"https://www.amnesty.org/en/documents/amr46/0000/2026/en/\""), html);
        assertTrue(html.contains("src=\"https://www.amnesty.org/en/wp-content/uploads/2026/05/peru-fixture-1.jpg\""), html);
        assertTrue(html.contains("sandbox="), "the allowed YouTube iframe is sandboxed: " + html);
    }

    @Test
    void atomXmlBaseResolvesRelativeLinksAndFutureDatesAreKept() throws Exception {
        PartnerSource partner = withFilter(Fixtures.shipped("amnesty"), PartnerSource.Filter.NONE);
        List<PartnerItem> items = feedItems(partner, "amnesty-atom-xmlbase.synthetic.xml", URI.create("https://partner.example.org/feed.atom"));
        assertEquals(3, items.size());
        assertEquals(URI.create("https://partner.example.org/news/2026/05/entrada-1"), items.get(0).link().orElseThrow());
        assertEquals(URI.create("https://partner.example.org/blog/sin-fecha"), items.get(1).link().orElseThrow());
        assertFalse(items.get(1).dated());
        assertEquals(Instant.parse("2099-01-01T00:00:00Z"), items.get(2).published());
    }

    @Test
    void rssOneZeroRdfIsReadToo() throws Exception {
        PartnerSource partner = withFilter(Fixtures.shipped("amnesty"), PartnerSource.Filter.NONE);
        List<PartnerItem> items = feedItems(partner, "rdf-feed.synthetic.xml", URI.create("https://partner.example/rdf"));
        assertEquals(1, items.size());
        PartnerItem item = items.get(0);
        assertEquals("Peru: water protests in Espinar, Cusco", item.title());
        assertEquals(Instant.parse("2026-06-02T08:30:00Z"), item.published());
        assertTrue(item.regions().contains("cusco") && item.topics().contains("extractive-industries"),
                "Espinar and 'mine' tag it: " + item.regions() + " " + item.topics());
    }

    @Test
    void searchListingYieldsItsCardsWithDatesReadInTheConfiguredLocale() {
        PartnerSource listing = Fixtures.shipped("amnesty-peru-news");
        URI page = URI.create("https://www.amnesty.org/en/search/?qcategory=1148&qlocation=1864");
        ParsedSource parsed = PageScraper.scrape(new String(Fixtures.bytes("amnesty-search-peru-news.synthetic.html"),
                StandardCharsets.UTF_8), page, listing.html().orElseThrow());
        assertEquals(4, parsed.items().size());
        List<PartnerItem> items = parsed.items().stream().flatMap(raw -> normaliser.normalise(listing, raw, NOW).stream()).toList();
        assertEquals(List.of(Instant.parse("2026-05-13T23:00:00Z"), Instant.parse("2026-04-01T23:00:00Z"),
                Instant.parse("2026-03-09T00:00:00Z"), NOW), items.stream().map(PartnerItem::published).toList(),
                "'14 May 2026' is midnight in London; the card without a date is dated when first seen");
        assertEquals(URI.create("https://www.amnesty.org/en/latest/news/2026/04/peru-fixture-civil-society-law/"),
                items.get(1).link().orElseThrow(), "relative links resolve against the page");
        assertEquals("Peru: Congress must reject law restricting civil society & NGOs (fixture)", items.get(1).title());
        assertTrue(items.get(0).summary().startsWith("Invented excerpt: defenders in the Amazon"), items.get(0).summary());
    }

    @Test
    void amnestyUkPageYieldsMonthlyEntriesTitledByTheirFirstSentence() {
        PartnerSource uk = Fixtures.shipped("amnesty-uk");
        ParsedSource parsed = PageScraper.scrape(new String(Fixtures.bytes("amnesty-uk-peru.synthetic.html"), StandardCharsets.UTF_8),
                uk.url(), uk.html().orElseThrow());
        List<PartnerItem> items = parsed.items().stream().flatMap(raw -> normaliser.normalise(uk, raw, NOW).stream()).toList();
        assertEquals(12, items.size());
        PartnerItem report = items.get(0);
        assertEquals("This report highlights that investigations continued into deaths during protests in 2022 and 2023.",
                report.title());
        assertEquals(Instant.parse("2025-03-31T23:00:00Z"), report.published(), "April 2025, the 1st, London time");
        assertEquals(URI.create("https://www.amnesty.org.uk/groups/south-america-team/peru#annual-report-2024"),
                report.link().orElseThrow());
        PartnerItem june = items.stream().filter(i -> i.link().orElseThrow().getFragment().equals("june-2025")).findFirst().orElseThrow();
        assertTrue(june.title().startsWith("The Inter-American Court for Human Rights (IACHR) is hearing the case of a forced"
                + " sterilisation"), "the photo caption is not the title: " + june.title());
        assertEquals(Instant.parse("2025-05-31T23:00:00Z"), june.published());
        assertEquals("Amnesty International UK", june.author().or(() -> Optional.of(uk.name())).orElseThrow());
        PartnerItem december = items.stream().filter(i -> i.link().orElseThrow().getFragment().equals("december-2024"))
                .findFirst().orElseThrow();
        assertTrue(december.regions().contains("ayacucho") && december.regions().contains("puno"),
                "Ayacucho and Juliaca (Puno) are found in the text: " + december.regions());
        assertEquals(Instant.parse("2024-12-01T00:00:00Z"), december.published());
    }

    @Test
    void autodiscoveryFindsTheFirstAdvertisedFeed() {
        URI page = URI.create("https://www.amnesty.org/en/location/americas/south-america/peru/");
        assertEquals(Optional.of(URI.create("https://www.amnesty.org/en/feed/")), PageScraper.discover(
                new String(Fixtures.bytes("amnesty-location-peru.synthetic.html"), StandardCharsets.UTF_8), page));
        assertEquals(Optional.empty(), PageScraper.discover("<html><head><title>x</title></head></html>", page));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            DOCTYPE with an external entity (XXE) | hostile/xxe.xml               | DOCTYPE
            billion laughs                        | hostile/billion-laughs.xml    | DOCTYPE
            malformed XML                         | hostile/malformed.xml         | not a readable feed
            an HTML page instead of a feed        | hostile/html-instead-of-feed.html | HTML page where a feed was expected
            """)
    void hostileBodiesAreRefusedWithAClearMessage(String name, String fixture, String message) {
        SourceFormatException e = assertThrows(SourceFormatException.class,
                () -> FeedReader.read(Fixtures.bytes(fixture), Optional.of("application/xml"), AMNESTY_FEED));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void aWrongDeclaredCharsetIsReadAsWindows1252() throws Exception {
        ParsedSource parsed = FeedReader.read(Fixtures.bytes("hostile/wrong-charset.xml"), Optional.of("application/rss+xml; charset=utf-8"),
                AMNESTY_FEED);
        assertEquals("Perú: consulta previa en Apurímac – comunidades", parsed.items().get(0).title().orElseThrow());
    }

    @Test
    void emptyFeedsYieldNoItems() throws Exception {
        assertEquals(0, FeedReader.read(Fixtures.bytes("hostile/empty-feed.xml"), Optional.empty(), AMNESTY_FEED).items().size());
        assertEquals(0, FeedReader.read(Fixtures.bytes("hostile/empty-atom.xml"), Optional.empty(), AMNESTY_FEED).items().size());
    }

    @Test
    void itemsWithoutTitleOrLinkAreTitledFromTheirTextOrLinkedToTheSource() throws Exception {
        PartnerSource partner = withFilter(Fixtures.shipped("amnesty"), PartnerSource.Filter.NONE);
        List<PartnerItem> items = feedItems(partner, "hostile/no-title-no-link.xml", URI.create("https://partner.example/peru/feed"));
        assertEquals(4, items.size(), items.stream().map(PartnerItem::title).toList().toString());
        assertEquals("An item with a link and a description but no title.", items.get(0).title());
        assertEquals(Optional.empty(), items.get(1).link(), "no link: none invented");
        assertEquals(ItemNormaliser.digest("guid:partner-example-2026-07-12-no-link"), items.get(1).key());
        assertEquals("An item with only a description: neither title nor link.", items.get(2).title());
        assertTrue(items.get(3).regions().contains("ucayali"), items.get(3).regions().toString());
    }

    static PartnerSource withFilter(PartnerSource s, PartnerSource.Filter filter) {
        return new PartnerSource(s.id(), s.name(), s.home(), s.kind(), s.url(), s.interval(), s.language(), s.reuse(), filter,
                s.categories(), s.tags(), s.html());
    }

    static PartnerSource withReuse(PartnerSource s, PartnerSource.Reuse reuse) {
        return new PartnerSource(s.id(), s.name(), s.home(), s.kind(), s.url(), s.interval(), s.language(), reuse, s.filter(),
                s.categories(), s.tags(), s.html());
    }
}
