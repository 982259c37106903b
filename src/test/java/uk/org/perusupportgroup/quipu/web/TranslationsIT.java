package uk.org.perusupportgroup.quipu.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.NodeList;
import uk.org.perusupportgroup.quipu.RunningServer;
import uk.org.perusupportgroup.quipu.TestServer;
import uk.org.perusupportgroup.quipu.publish.FeedChecks;
import uk.org.perusupportgroup.quipu.publish.FeedFormat;

/**
 * An article and its translation over HTTP: written through the API, the staff form or a file, their pages link each
 * other (for search engines and for people), every feed entry links the other, and each language's feeds show the
 * version in that language.
 */
class TranslationsIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(running -> server = running);
    private static TestServer server;

    private static final String ENGLISH = "juliaca-victims-meet-ministers";
    private static final String SPANISH = "victimas-de-juliaca-se-reunen-con-ministros";
    private static final String ATOM_NS = "http://www.w3.org/2005/Atom";
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(("editor:" + TestServer.TOKEN)
            .getBytes(StandardCharsets.UTF_8));

    private static JsonObject article(String slug, String title, String language, String published, String translation) {
        JsonObject json = new JsonObject().put("slug", slug).put("title", title).put("summary", "Summary of " + title)
                .put("body", "Body of " + title).put("published", published)
                .put("topics", new JsonArray().add("justice-and-impunity")).put("regions", new JsonArray().add("puno"))
                .put("language", language);
        return translation == null ? json : json.put("translation", translation);
    }

    @BeforeAll
    static void anEnglishArticleAndItsSpanishTranslationThroughTheApi() {
        assertEquals(201, server.api("POST", "/api/articles", article(ENGLISH, "Juliaca victims meet ministers", "en",
                "2025-02-03T10:00:00Z", null).encode()).statusCode());
        HttpResponse<String> spanish = server.api("POST", "/api/articles", article(SPANISH,
                "Víctimas de Juliaca se reúnen con ministros", "es", "2025-02-03T12:00:00Z", ENGLISH).encode());
        assertEquals(201, spanish.statusCode(), spanish.body());
    }

    private static Document page(String path) {
        HttpResponse<String> response = server.get(path);
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return Jsoup.parse(response.body(), server.base + path);
    }

    /** The page's link to its translation, for people. */
    private static Element visibleLink(Document page) {
        return page.selectFirst("main article p.translation a");
    }

    @Test
    void theApiReadsAndWritesTheTranslationAndKeepsItInRevisions() {
        JsonObject spanish = new JsonObject(server.api("GET", "/api/articles/" + SPANISH, null).body());
        assertEquals(ENGLISH, spanish.getString("translation"));
        JsonObject english = new JsonObject(server.api("GET", "/api/articles/" + ENGLISH, null).body());
        assertTrue(english.containsKey("translation") && english.getValue("translation") == null,
                "named on one side only: " + english.encode());
        JsonArray revisions = new JsonObject(server.api("GET", "/api/articles/" + SPANISH + "/revisions", null).body())
                .getJsonArray("revisions");
        JsonObject first = new JsonObject(server.api("GET", "/api/articles/" + SPANISH + "/revisions/"
                + revisions.getJsonObject(revisions.size() - 1).getLong("id"), null).body());
        assertEquals(ENGLISH, first.getString("translation"));

        HttpResponse<String> itself = server.api("POST", "/api/articles", article("self-named", "Self", "en", "2025-02-01", "self-named")
                .encode());
        assertEquals(400, itself.statusCode());
        JsonObject error = new JsonObject(itself.body()).getJsonArray("errors").getJsonObject(0);
        assertEquals("translation", error.getString("field"));
        assertEquals("'self-named' is this article's own slug: give the slug of the same article in the other language",
                error.getString("message"));
        HttpResponse<String> address = server.api("POST", "/api/articles", article("addressed", "Addressed", "en", "2025-02-01",
                "/articles/" + SPANISH).encode());
        assertEquals(400, address.statusCode());
        assertTrue(address.body().contains("is not an article's slug"), address.body());
    }

    @Test
    void theTwoPagesLinkEachOtherInEachLanguageOfTheSite() {
        // the page, the link to its translation (always on the site of the translation's language), and the page's
        // hreflang links and language switch: an article read in its own language names its translation as its twin
        record Expected(String path, String href, String hreflang, String text, String en, String es) {}
        for (Expected expected : List.of(
                new Expected("/articles/" + ENGLISH, "/es/articles/" + SPANISH, "es", "Read this article in Spanish",
                        "/articles/" + ENGLISH, "/es/articles/" + SPANISH),
                new Expected("/es/articles/" + SPANISH, "/articles/" + ENGLISH, "en", "Lea este artículo en inglés",
                        "/articles/" + ENGLISH, "/es/articles/" + SPANISH),
                new Expected("/es/articles/" + ENGLISH, "/es/articles/" + SPANISH, "es", "Lea este artículo en español",
                        "/articles/" + ENGLISH, "/es/articles/" + ENGLISH),
                new Expected("/articles/" + SPANISH, "/articles/" + ENGLISH, "en", "Read this article in English",
                        "/articles/" + SPANISH, "/es/articles/" + SPANISH))) {
            Document page = page(expected.path());
            Element link = visibleLink(page);
            assertNotNull(link, expected.path() + " links its translation: " + page.selectFirst("main"));
            assertEquals(expected.href(), link.attr("href"), expected.path());
            assertEquals(expected.hreflang(), link.attr("hreflang"), expected.path());
            assertEquals(expected.text(), link.text(), expected.path());
            assertEquals(page.selectFirst("html").attr("lang"), link.parent().attr("lang"), "the sentence is in the page's language");
            assertEquals(List.of(expected.en()), page.select("head link[rel=alternate][hreflang=en]").eachAttr("href"),
                    expected.path() + ": one English page: " + page.head());
            assertEquals(List.of(expected.es()), page.select("head link[rel=alternate][hreflang=es]").eachAttr("href"),
                    expected.path() + ": one Spanish page: " + page.head());
            String other = page.selectFirst("html").attr("lang").equals("en") ? expected.es() : expected.en();
            assertEquals(other, page.selectFirst("header a.lang").attr("href"), "the switch leads to the twin");
        }
        Document alone = page("/articles/death-penalty-debate");
        assertNull(visibleLink(alone), "an article without a translation has no such link");
        assertEquals(2, alone.select("head link[hreflang]").size(), "only its twin's: " + alone.head());
    }

    @Test
    void aPairInAnotherLanguageIsNamedByThatLanguagesName() {
        assertEquals(201, server.api("POST", "/api/articles", article("water-in-cusco", "Water in Cusco", "en", "2025-03-01", null)
                .encode()).statusCode());
        assertEquals(201, server.api("POST", "/api/articles", article("unu-qusqupi", "Unu Qusqupi", "qu", "2025-03-02",
                "water-in-cusco").encode()).statusCode());

        assertEquals("Read this article in Quechua", visibleLink(page("/articles/water-in-cusco")).text());
        assertEquals("Lea este artículo en quechua", visibleLink(page("/es/articles/water-in-cusco")).text());
        assertEquals("Read this article in English", visibleLink(page("/articles/unu-qusqupi")).text());
        assertEquals("qu", visibleLink(page("/articles/water-in-cusco")).attr("hreflang"));
        Map<String, List<String>> inSpanish = translations(FeedFormat.ATOM, feed("/es/feeds/regions/puno.atom", FeedFormat.ATOM));
        assertTrue(inSpanish.containsKey(id("water-in-cusco")) && inSpanish.containsKey(id("unu-qusqupi")),
                "neither is in Spanish: the Spanish feeds show both");
        Map<String, List<String>> inEnglish = translations(FeedFormat.ATOM, feed("/feeds/regions/puno.atom", FeedFormat.ATOM));
        assertEquals(List.of("qu " + server.base + "/articles/unu-qusqupi"), inEnglish.get(id("water-in-cusco")));
        assertFalse(inEnglish.containsKey(id("unu-qusqupi")), "the English feeds show the English one");
    }

    /** Entry id → its translations as "hreflang href", read back from any format. */
    private static Map<String, List<String>> translations(FeedFormat format, byte[] body) {
        Map<String, List<String>> found = new HashMap<>();
        if (format == FeedFormat.JSON) {
            for (Object item : new JsonObject(new String(body, StandardCharsets.UTF_8)).getJsonArray("items")) {
                JsonObject json = (JsonObject) item;
                List<String> links = new ArrayList<>();
                json.getJsonObject("_quipu").getJsonArray("translations", new JsonArray()).forEach(t -> links.add(
                        ((JsonObject) t).getString("language") + " " + ((JsonObject) t).getString("url")));
                found.put(json.getString("id"), links);
            }
            return found;
        }
        boolean atom = format == FeedFormat.ATOM;
        NodeList entries = atom ? FeedChecks.dom(body).getElementsByTagNameNS(ATOM_NS, "entry")
                : FeedChecks.dom(body).getElementsByTagName("item");
        for (int i = 0; i < entries.getLength(); i++) {
            org.w3c.dom.Element entry = (org.w3c.dom.Element) entries.item(i);
            String id = (atom ? entry.getElementsByTagNameNS(ATOM_NS, "id") : entry.getElementsByTagName("guid")).item(0).getTextContent();
            List<String> links = new ArrayList<>();
            NodeList atomLinks = entry.getElementsByTagNameNS(ATOM_NS, "link");
            for (int l = 0; l < atomLinks.getLength(); l++) {
                org.w3c.dom.Element link = (org.w3c.dom.Element) atomLinks.item(l);
                if (link.getAttribute("rel").equals("alternate") && link.hasAttribute("hreflang")) {
                    links.add(link.getAttribute("hreflang") + " " + link.getAttribute("href"));
                }
            }
            found.put(id, links);
        }
        return found;
    }

    private static String id(String slug) {
        return new JsonObject(server.api("GET", "/api/articles/" + slug, null).body()).getString("id");
    }

    private static byte[] feed(String path, FeedFormat format) {
        HttpResponse<byte[]> response = server.getBytes(path);
        assertEquals(200, response.statusCode(), path);
        FeedChecks.check(format, response.body(), server.base + path);
        return response.body();
    }

    @ParameterizedTest
    @EnumSource(FeedFormat.class)
    void eachFeedShowsTheVersionInItsLanguageLinkingTheOther(FeedFormat format) {
        String english = id(ENGLISH);
        String spanish = id(SPANISH);
        for (String scope : List.of("all", "regions/puno", "topics/justice-and-impunity")) {
            Map<String, List<String>> inEnglish = translations(format, feed("/feeds/" + scope + "." + format.extension(), format));
            assertEquals(List.of("es " + server.base + "/articles/" + SPANISH), inEnglish.get(english), scope);
            assertFalse(inEnglish.containsKey(spanish), "the English feed has the English one only: " + scope);

            Map<String, List<String>> inSpanish = translations(format, feed("/es/feeds/" + scope + "." + format.extension(), format));
            assertEquals(List.of("en " + server.base + "/articles/" + ENGLISH), inSpanish.get(spanish), scope);
            assertFalse(inSpanish.containsKey(english), "the Spanish feed has the Spanish one only: " + scope);
        }
        Map<String, List<String>> writtenInEnglish = translations(format, feed("/es/feeds/all." + format.extension() + "?language=en",
                format));
        assertTrue(writtenInEnglish.containsKey(english) && !writtenInEnglish.containsKey(spanish),
                "?language=en: the articles written in English, in whichever feed");
    }

    @Test
    void aFileNamesItsTranslationInItsFrontMatter() throws Exception {
        String mining = "mining-unconvincing-efforts-at-consultation-in-espinar";
        Files.writeString(server.articles.resolve("2017/mineria-en-espinar.md"), """
                ---
                title: "Minería: esfuerzos poco convincentes de consulta en Espinar"
                published: 2017-10-22
                topics: [extractive-industries, environment]
                regions: [cusco]
                language: es
                translation: %s
                summary: "La enorme empresa de cobre de Espinar comprende hoy Tintaya, Antapaccay y Coroccohuayco."
                ---
                La enorme empresa de cobre de Espinar…
                """.formatted(mining));
        server.scanArticles();

        Element link = visibleLink(page("/articles/" + mining));
        assertEquals("/es/articles/mineria-en-espinar", link.attr("href"), "a Spanish translation is read on the Spanish site");
        assertEquals("Read this article in Spanish", link.text());
        assertEquals("/articles/" + mining, visibleLink(page("/es/articles/mineria-en-espinar")).attr("href"));
        String english = id(mining);
        String spanish = id("mineria-en-espinar");
        Map<String, List<String>> inSpanish = translations(FeedFormat.ATOM, feed("/es/feeds/topics/extractive-industries.atom",
                FeedFormat.ATOM));
        assertTrue(inSpanish.containsKey(spanish) && !inSpanish.containsKey(english), inSpanish.toString());
        Map<String, List<String>> inEnglish = translations(FeedFormat.ATOM, feed("/feeds/topics/extractive-industries.atom",
                FeedFormat.ATOM));
        assertEquals(List.of("es " + server.base + "/articles/mineria-en-espinar"), inEnglish.get(english));
        assertFalse(inEnglish.containsKey(spanish));
    }

    @Test
    void aDraftIsNoTranslationUntilItIsPublishedAndTheStaffFormNamesOne() {
        String amnesty = "amnesty-publishes-annual-report";
        JsonObject draft = article("amnistia-publica-su-informe-anual", "Amnistía publica su informe anual", "es",
                "2018-02-23", amnesty).put("status", "draft");
        assertEquals(201, server.api("POST", "/api/articles", draft.encode()).statusCode());
        assertNull(visibleLink(page("/articles/" + amnesty)), "a draft is no translation");
        assertTrue(translations(FeedFormat.ATOM, feed("/es/feeds/all.atom", FeedFormat.ATOM)).containsKey(id(amnesty)),
                "the Spanish feed keeps the English one while its translation is a draft");

        // the staff form shows the field, with its hint, and saves it
        Document form = Jsoup.parse(server.get("/admin/articles/amnistia-publica-su-informe-anual/edit", "Authorization", BASIC).body());
        Element input = form.selectFirst("input#translation");
        assertEquals(amnesty, input.val());
        assertEquals("translation-hint", input.attr("aria-describedby"));
        assertTrue(form.selectFirst("#translation-hint").text().startsWith("For example"), form.selectFirst("#translation-hint").text());
        String version = form.selectFirst("input[name=version]").val();
        Map<String, String> fields = Map.of("title", "Amnistía publica su informe anual", "summary", "Resumen",
                "published", "2018-02-23", "language", "es", "translation", amnesty, "topics", "justice-and-impunity",
                "regions", "puno", "status", "published");
        String body = String.join("&", fields.entrySet().stream().map(field -> field.getKey() + "="
                + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).toList());
        HttpResponse<String> saved = server.send(server.request("/admin/articles/amnistia-publica-su-informe-anual/edit")
                .header("Authorization", BASIC).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body + "&version=" + URLEncoder.encode(version, StandardCharsets.UTF_8)))
                .build());
        assertEquals(303, saved.statusCode(), saved.body());

        Element link = visibleLink(page("/articles/" + amnesty));
        assertNotNull(link, "published: now a translation");
        assertEquals("/es/articles/amnistia-publica-su-informe-anual", link.attr("href"));
        assertFalse(translations(FeedFormat.ATOM, feed("/es/feeds/all.atom", FeedFormat.ATOM)).containsKey(id(amnesty)));

        Document refused = Jsoup.parse(server.send(server.request("/admin/articles/amnistia-publica-su-informe-anual/edit")
                .header("Authorization", BASIC).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.replace("translation=" + amnesty, "translation=Not+a+slug")))
                .build()).body());
        assertEquals("translation-error translation-hint", refused.selectFirst("input#translation").attr("aria-describedby"));
        assertTrue(refused.selectFirst("#translation-error").text().contains("is not an article's slug"), refused.text());
    }
}
