package uk.org.perusupportgroup.quipu.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.io.WireFeedInput;
import com.thaiopensource.util.PropertyMapBuilder;
import com.thaiopensource.validate.ValidateProperty;
import com.thaiopensource.validate.ValidationDriver;
import com.thaiopensource.validate.rng.CompactSchemaReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/**
 * What a feed must be, checked the way real clients and the W3C Feed Validation Service's rules see
 * it: parsed back with ROME, Atom validated against RFC 4287's RELAX NG schema, RSS and JSON Feed
 * checked rule by rule. Each check returns the ids of the items, newest first.
 */
public final class FeedChecks {

    static final String ATOM_NS = "http://www.w3.org/2005/Atom";
    static final String DC_NS = "http://purl.org/dc/elements/1.1/";

    private FeedChecks() {}

    /** Checks any of the three formats by its extension. */
    public static List<String> check(FeedFormat format, byte[] body, String selfUrl) {
        return switch (format) {
            case RSS -> rss(body, selfUrl);
            case ATOM -> atom(body, selfUrl);
            case JSON -> json(body, selfUrl);
        };
    }

    /** Atom 1.0: RELAX NG (RFC 4287 appendix B), ROME, and the validator's extra rules. */
    public static List<String> atom(byte[] body, String selfUrl) {
        List<String> errors = relaxNg(body);
        assertTrue(errors.isEmpty(), "Atom is not valid per RFC 4287's schema: " + errors);
        WireFeed parsed = rome(body);
        assertEquals("atom_1.0", parsed.getFeedType());
        Document xml = dom(body);
        Element feed = xml.getDocumentElement();
        assertFalse(feed.getAttributeNS("http://www.w3.org/XML/1998/namespace", "lang").isEmpty(), "feed has xml:lang");
        assertEquals(selfUrl, link(feed, "self"), "self link is the URL the feed was fetched from");
        assertTrue(URI.create(link(feed, "alternate")).isAbsolute(), "alternate link is absolute");
        List<String> ids = new ArrayList<>();
        NodeList entries = feed.getElementsByTagNameNS(ATOM_NS, "entry");
        OffsetDateTime previous = null;
        for (int i = 0; i < entries.getLength(); i++) {
            Element entry = (Element) entries.item(i);
            String id = text(entry, ATOM_NS, "id");
            assertTrue(id.startsWith("tag:"), "entry id is a tag: URI: " + id);
            ids.add(id);
            OffsetDateTime published = OffsetDateTime.parse(text(entry, ATOM_NS, "published"));
            OffsetDateTime.parse(text(entry, ATOM_NS, "updated"));
            if (previous != null) {
                assertFalse(published.isAfter(previous), "entries are newest first");
            }
            previous = published;
            assertTrue(URI.create(link(entry, "alternate")).isAbsolute(), "entry link is absolute");
            assertNotNull(text(entry, ATOM_NS, "summary"));
            assertEquals("html", ((Element) entry.getElementsByTagNameNS(ATOM_NS, "content").item(0)).getAttribute("type"));
            NodeList categories = entry.getElementsByTagNameNS(ATOM_NS, "category");
            Set<String> schemes = new HashSet<>();
            for (int c = 0; c < categories.getLength(); c++) {
                schemes.add(((Element) categories.item(c)).getAttribute("scheme"));
            }
            // PSG's articles always carry both; a partner item may have only one, or none
            assertTrue(schemes.stream().allMatch(scheme -> scheme.endsWith(":topics") || scheme.endsWith(":regions")),
                    "topics and regions have separate schemes: " + schemes);
        }
        assertEquals(ids.size(), new HashSet<>(ids).size(), "entry ids are unique");
        return ids;
    }

    /** RSS 2.0 as the W3C validator reads it: no errors, and none of the warnings ROME invites. */
    public static List<String> rss(byte[] body, String selfUrl) {
        WireFeed parsed = rome(body);
        assertEquals("rss_2.0", parsed.getFeedType());
        Document xml = dom(body);
        assertEquals("2.0", xml.getDocumentElement().getAttribute("version"));
        Element channel = (Element) xml.getElementsByTagName("channel").item(0);
        for (String required : List.of("title", "link", "description")) {
            assertFalse(childText(channel, required).isBlank(), "channel has " + required);
        }
        assertTrue(URI.create(childText(channel, "link")).isAbsolute());
        assertEquals(1, children(channel, null, "language").size(), "exactly one channel language");
        for (String banned : List.of("managingEditor", "webMaster")) {
            children(channel, null, banned).forEach(e -> assertTrue(e.getTextContent().contains("@"), banned + " must be an email"));
        }
        assertTrue(children(channel, DC_NS, "language").isEmpty() && children(channel, DC_NS, "date").isEmpty()
                && children(channel, DC_NS, "creator").isEmpty(), "no Dublin Core duplicates of channel elements");
        assertEquals(selfUrl, link(channel, "self"), "atom:link rel=self is the URL the feed was fetched from");
        List<String> ids = new ArrayList<>();
        ZonedDateTime previous = null;
        for (Element item : children(channel, null, "item")) {
            assertFalse(childText(item, "title").isBlank(), "item has a title");
            assertTrue(URI.create(childText(item, "link")).isAbsolute(), "item link is absolute");
            Element guid = children(item, null, "guid").get(0);
            assertEquals("false", guid.getAttribute("isPermaLink"), "tag: guids are not permalinks");
            assertTrue(guid.getTextContent().startsWith("tag:"));
            ids.add(guid.getTextContent());
            String pubDate = childText(item, "pubDate");
            ZonedDateTime date = ZonedDateTime.parse(pubDate, DateTimeFormatter.RFC_1123_DATE_TIME);
            assertTrue(pubDate.endsWith(" GMT"), "RFC 822 date in GMT: " + pubDate);
            if (previous != null) {
                assertFalse(date.isAfter(previous), "items are newest first");
            }
            previous = date;
            assertFalse(childText(item, "description").isBlank(), "item has a description (the summary)");
            children(item, null, "author").forEach(e -> assertTrue(e.getTextContent().contains("@"), "RSS author must be an email"));
            assertTrue(children(item, DC_NS, "date").isEmpty(), "no dc:date beside pubDate");
            assertTrue(children(item, DC_NS, "language").size() <= 1);
            List<Element> categories = children(item, null, "category");
            categories.forEach(c -> assertFalse(c.getAttribute("domain").isEmpty(), "category has a domain (its scheme)"));
            List<Element> enclosures = children(item, null, "enclosure");
            assertTrue(enclosures.size() <= 1, "at most one enclosure: readers take only one");
            for (Element enclosure : enclosures) {
                assertTrue(URI.create(enclosure.getAttribute("url")).isAbsolute(), "enclosure url is absolute");
                assertTrue(enclosure.getAttribute("url").startsWith("http"), "enclosure url is http(s)");
                assertTrue(Long.parseLong(enclosure.getAttribute("length")) > 0, "enclosure length is its size in bytes");
                assertTrue(enclosure.getAttribute("type").matches("[a-z]+/[a-z0-9.+-]+"), "enclosure type is a MIME type");
            }
        }
        assertEquals(ids.size(), new HashSet<>(ids).size(), "guids are unique");
        return ids;
    }

    /** JSON Feed 1.1: the required fields and their forms. */
    public static List<String> json(byte[] body, String selfUrl) {
        JsonObject feed = new JsonObject(new String(body, StandardCharsets.UTF_8));
        assertEquals("https://jsonfeed.org/version/1.1", feed.getString("version"));
        assertFalse(feed.getString("title").isBlank());
        assertEquals(selfUrl, feed.getString("feed_url"));
        assertTrue(URI.create(feed.getString("home_page_url")).isAbsolute());
        assertNotNull(feed.getString("language"));
        List<String> ids = new ArrayList<>();
        JsonArray items = feed.getJsonArray("items");
        for (int i = 0; i < items.size(); i++) {
            JsonObject item = items.getJsonObject(i);
            assertTrue(item.getString("id").startsWith("tag:"));
            ids.add(item.getString("id"));
            assertTrue(item.containsKey("content_html") || item.containsKey("content_text"));
            assertTrue(URI.create(item.getString("url")).isAbsolute());
            OffsetDateTime.parse(item.getString("date_published"));
            assertFalse(item.getString("summary").isBlank());
            if (item.containsKey("image")) {
                assertTrue(URI.create(item.getString("image")).isAbsolute(), "image is an absolute URL");
            }
            JsonArray attachments = item.getJsonArray("attachments", new JsonArray());
            for (int a = 0; a < attachments.size(); a++) {
                JsonObject attachment = attachments.getJsonObject(a);
                assertTrue(URI.create(attachment.getString("url")).isAbsolute(), "attachment url is absolute");
                assertTrue(attachment.getString("mime_type").matches("[a-z]+/[a-z0-9.+-]+"), "attachment mime_type");
                assertTrue(attachment.getLong("size_in_bytes", 1L) > 0, "attachment size_in_bytes, when given, is positive");
            }
        }
        return ids;
    }

    static WireFeed rome(byte[] body) {
        try {
            WireFeedInput input = new WireFeedInput();
            return input.build(new InputSource(new ByteArrayInputStream(body)));
        } catch (Exception e) {
            return fail("ROME cannot parse the feed: " + e);
        }
    }

    private static List<String> relaxNg(byte[] body) {
        List<String> errors = new ArrayList<>();
        ErrorHandler handler = new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {}

            @Override
            public void error(SAXParseException e) {
                errors.add(e.getLineNumber() + ":" + e.getColumnNumber() + " " + e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) {
                errors.add(e.getLineNumber() + ":" + e.getColumnNumber() + " " + e.getMessage());
            }
        };
        PropertyMapBuilder properties = new PropertyMapBuilder();
        properties.put(ValidateProperty.ERROR_HANDLER, handler);
        ValidationDriver driver = new ValidationDriver(properties.toPropertyMap(), CompactSchemaReader.getInstance());
        try {
            var schema = FeedChecks.class.getResource("/schemas/atom.rnc");
            if (!driver.loadSchema(new InputSource(schema.toExternalForm()))) {
                fail("atom.rnc did not load: " + errors);
            }
            driver.validate(new InputSource(new ByteArrayInputStream(body)));
        } catch (Exception e) {
            errors.add(e.toString());
        }
        return errors;
    }

    public static Document dom(byte[] body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(new String(body, StandardCharsets.UTF_8))));
        } catch (Exception e) {
            return fail("not well-formed XML: " + e);
        }
    }

    private static String link(Element parent, String rel) {
        for (Element link : children(parent, ATOM_NS, "link")) {
            if (link.getAttribute("rel").equals(rel)) {
                return link.getAttribute("href");
            }
        }
        return fail("no link rel=" + rel);
    }

    static List<Element> children(Element parent, String namespace, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element element && element.getLocalName().equals(name)
                    && (namespace == null ? element.getNamespaceURI() == null : namespace.equals(element.getNamespaceURI()))) {
                found.add(element);
            }
        }
        return found;
    }

    private static String childText(Element parent, String name) {
        List<Element> found = children(parent, null, name);
        return found.isEmpty() ? "" : found.get(0).getTextContent();
    }

    private static String text(Element parent, String namespace, String name) {
        List<Element> found = children(parent, namespace, name);
        return found.isEmpty() ? fail("missing " + name) : found.get(0).getTextContent();
    }
}
