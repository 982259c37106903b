package uk.org.perusupportgroup.quipu.publish;

import com.rometools.modules.atom.modules.AtomLinkModule;
import com.rometools.modules.atom.modules.AtomLinkModuleImpl;
import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Generator;
import com.rometools.rome.feed.atom.Link;
import com.rometools.modules.mediarss.MediaEntryModuleImpl;
import com.rometools.modules.mediarss.types.Credit;
import com.rometools.modules.mediarss.types.MediaContent;
import com.rometools.modules.mediarss.types.Metadata;
import com.rometools.modules.mediarss.types.Thumbnail;
import com.rometools.modules.mediarss.types.UrlReference;
import com.rometools.rome.feed.module.DCModule;
import com.rometools.rome.feed.module.DCModuleImpl;
import com.rometools.rome.feed.module.Module;
import com.rometools.rome.feed.rss.Category;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.rss.Content;
import com.rometools.rome.feed.rss.Description;
import com.rometools.rome.feed.rss.Guid;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.feed.synd.SyndPersonImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedOutput;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.output.Format;
import org.jdom2.output.XMLOutputter;

/**
 * Writes a {@link FeedDocument} as RSS 2.0, Atom 1.0 or JSON Feed 1.1. RSS and Atom go through ROME's
 * wire-feed generators, then the few things ROME does not write are added to the XML: per-entry
 * {@code xml:lang}, the feed's {@code xml:lang}. Nothing goes through ROME's SyndFeed layer, which
 * would add duplicate Dublin Core elements and an invalid {@code managingEditor}.
 */
public final class FeedRenderer {

    static final String GENERATOR = "Quipu";
    private static final Namespace ATOM = Namespace.getNamespace("http://www.w3.org/2005/Atom");

    private final String publisher;
    private final String publisherUrl;

    /** @param publisher the name every feed is published under; {@code publisherUrl} its home page */
    public FeedRenderer(String publisher, String publisherUrl) {
        this.publisher = publisher;
        this.publisherUrl = publisherUrl;
    }

    public byte[] render(FeedDocument document, FeedFormat format) {
        return switch (format) {
            case RSS -> xml(rss(document));
            case ATOM -> xml(atom(document));
            case JSON -> json(document);
        };
    }

    // --- RSS 2.0 -----------------------------------------------------------------------------------

    private Document rss(FeedDocument document) {
        Channel channel = new Channel("rss_2.0");
        channel.setTitle(document.title());
        channel.setLink(document.htmlUrl());
        channel.setDescription(document.subtitle());
        channel.setLanguage(document.language());
        channel.setLastBuildDate(date(document.updated()));
        channel.setGenerator(GENERATOR);
        channel.setDocs("https://www.rssboard.org/rss-specification");
        AtomLinkModule links = new AtomLinkModuleImpl();
        links.setLinks(feedLinks(document, FeedFormat.RSS));
        channel.setModules(new ArrayList<>(List.of(links)));
        List<Item> items = new ArrayList<>();
        for (FeedDocument.Item entry : document.items()) {
            Item item = new Item();
            item.setTitle(entry.title());
            item.setLink(entry.link());
            Guid guid = new Guid();
            guid.setValue(entry.id());
            guid.setPermaLink(false);
            item.setGuid(guid);
            Description description = new Description();
            // RSS descriptions are HTML: the plain-text summary is escaped so that it reads as written
            description.setValue(escapeHtml(entry.summary()));
            item.setDescription(description);
            Content content = new Content();
            content.setType(Content.HTML);
            content.setValue(entry.contentHtml());
            item.setContent(content);
            item.setPubDate(date(entry.published()));
            List<Category> categories = new ArrayList<>();
            for (FeedDocument.Category category : entry.categories()) {
                Category rss = new Category();
                rss.setDomain(category.scheme());
                rss.setValue(category.term());
                categories.add(rss);
            }
            item.setCategories(categories);
            DCModule dc = new DCModuleImpl();
            dc.setLanguage(entry.language());
            entry.author().ifPresent(dc::setCreator);
            item.setModules(new ArrayList<Module>(List.of(dc)));
            if (!entry.attachments().isEmpty()) {
                // RSS readers take one enclosure: the lead image, else the first document; Media RSS lists them all
                FeedDocument.Attachment first = entry.attachments().get(0);
                com.rometools.rome.feed.rss.Enclosure enclosure = new com.rometools.rome.feed.rss.Enclosure();
                enclosure.setUrl(first.url());
                enclosure.setType(first.type());
                enclosure.setLength(first.length());
                item.setEnclosures(List.of(enclosure));
                item.getModules().add(mediaRss(entry.attachments()));
            }
            if (!entry.translations().isEmpty()) {
                // RSS has no word for it: the Atom link the channel already uses for self and paging says it
                AtomLinkModule translations = new AtomLinkModuleImpl();
                translations.setLinks(translationLinks(entry));
                item.getModules().add(translations);
            }
            entry.source().ifPresent(partner -> {
                com.rometools.rome.feed.rss.Source source = new com.rometools.rome.feed.rss.Source();
                source.setUrl(partner.feedUrl());
                source.setValue(partner.name());
                item.setSource(source);
            });
            items.add(item);
        }
        channel.setItems(items);
        return generate(channel);
    }

    // --- Atom 1.0 ----------------------------------------------------------------------------------

    private Document atom(FeedDocument document) {
        Feed feed = new Feed("atom_1.0");
        feed.setId(document.id());
        feed.setTitleEx(text(document.title()));
        feed.setSubtitle(text(document.subtitle()));
        feed.setUpdated(date(document.updated()));
        feed.setLanguage(document.language());
        feed.setAlternateLinks(List.of(link("alternate", document.htmlUrl(), "text/html")));
        feed.setOtherLinks(feedLinks(document, FeedFormat.ATOM));
        feed.setAuthors(List.of(person(publisher, publisherUrl)));
        Generator generator = new Generator();
        generator.setValue(GENERATOR);
        feed.setGenerator(generator);
        List<Entry> entries = new ArrayList<>();
        for (FeedDocument.Item item : document.items()) {
            Entry entry = new Entry();
            entry.setId(item.id());
            entry.setTitleEx(text(item.title()));
            // its own link first, with no hreflang, as readers take it; then one per translation, told apart by hreflang
            List<Link> alternates = new ArrayList<>();
            alternates.add(link("alternate", item.link(), "text/html"));
            alternates.addAll(translationLinks(item));
            entry.setAlternateLinks(alternates);
            if (!item.attachments().isEmpty()) {
                List<Link> enclosures = new ArrayList<>();
                for (FeedDocument.Attachment attachment : item.attachments()) {
                    Link enclosure = link("enclosure", attachment.url(), attachment.type());
                    enclosure.setLength(attachment.length());
                    enclosure.setTitle(attachment.title());
                    enclosures.add(enclosure);
                }
                entry.setOtherLinks(enclosures);
            }
            entry.setPublished(date(item.published()));
            entry.setUpdated(date(item.updated()));
            entry.setSummary(text(item.summary()));
            com.rometools.rome.feed.atom.Content content = new com.rometools.rome.feed.atom.Content();
            content.setType("html");
            content.setValue(item.contentHtml());
            entry.setContents(List.of(content));
            List<com.rometools.rome.feed.atom.Category> categories = new ArrayList<>();
            for (FeedDocument.Category category : item.categories()) {
                var atom = new com.rometools.rome.feed.atom.Category();
                atom.setScheme(category.scheme());
                atom.setTerm(category.term());
                atom.setLabel(category.label());
                categories.add(atom);
            }
            entry.setCategories(categories);
            item.author().ifPresent(author -> entry.setAuthors(List.of(person(author, null))));
            item.source().ifPresent(partner -> {
                Feed source = new Feed();
                source.setId(partner.feedId());
                source.setTitleEx(text(partner.name()));
                source.setAlternateLinks(List.of(link("alternate", partner.homeUrl(), "text/html")));
                source.setOtherLinks(List.of(link("self", partner.feedUrl(), null)));
                entry.setSource(source);
            });
            entries.add(entry);
        }
        feed.setEntries(entries);
        Document xml = generate(feed);
        Element root = xml.getRootElement();
        root.setAttribute("lang", document.language(), Namespace.XML_NAMESPACE);
        List<Element> elements = root.getChildren("entry", ATOM);
        for (int i = 0; i < elements.size(); i++) {
            String language = document.items().get(i).language();
            if (!language.equals(document.language())) {
                elements.get(i).setAttribute("lang", language, Namespace.XML_NAMESPACE);
            }
        }
        return xml;
    }

    /** Media RSS: each file with its type, size and dimensions; an image's alt text, caption, credit and thumbnail. */
    private static Module mediaRss(List<FeedDocument.Attachment> attachments) {
        List<MediaContent> contents = new ArrayList<>();
        for (FeedDocument.Attachment attachment : attachments) {
            MediaContent content = new MediaContent(new UrlReference(URI.create(attachment.url())));
            content.setType(attachment.type());
            content.setFileSize(attachment.length());
            content.setMedium(attachment.image() ? "image" : "document");
            if (attachment.image()) {
                content.setWidth(attachment.width());
                content.setHeight(attachment.height());
            }
            Metadata metadata = new Metadata();
            metadata.setTitle(attachment.title());
            if (!attachment.caption().isEmpty()) {
                metadata.setDescription(attachment.caption());
            }
            if (!attachment.credit().isEmpty()) {
                metadata.setCredits(new Credit[] {new Credit(null, "photographer", attachment.credit())});
            }
            attachment.thumbnail().ifPresent(thumbnail -> metadata.setThumbnail(new Thumbnail[] {
                new Thumbnail(URI.create(thumbnail.url()), thumbnail.width(), thumbnail.height(), null)}));
            content.setMetadata(metadata);
            contents.add(content);
        }
        MediaEntryModuleImpl media = new MediaEntryModuleImpl();
        media.setMediaContents(contents.toArray(new MediaContent[0]));
        return media;
    }

    static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static com.rometools.rome.feed.atom.Content text(String value) {
        var content = new com.rometools.rome.feed.atom.Content();
        content.setType("text");
        content.setValue(value);
        return content;
    }

    private static SyndPerson person(String name, String uri) {
        SyndPerson person = new SyndPersonImpl();
        person.setName(name);
        person.setUri(uri);
        return person;
    }

    // --- both XML formats --------------------------------------------------------------------------

    /** self, the RFC 5005 paging links and the WebSub hub, as atom:link elements. */
    private static List<Link> feedLinks(FeedDocument document, FeedFormat format) {
        List<Link> links = new ArrayList<>();
        links.add(link("self", document.selfUrl(), format.mediaType()));
        for (Map.Entry<String, String> page : document.pageLinks().entrySet()) {
            links.add(link(page.getKey(), page.getValue(), format.mediaType()));
        }
        document.hub().ifPresent(hub -> links.add(link("hub", hub, null)));
        return links;
    }

    /** The item's translations as alternate links, each with its {@code hreflang}. */
    private static List<Link> translationLinks(FeedDocument.Item item) {
        List<Link> links = new ArrayList<>();
        for (FeedDocument.Alternate translation : item.translations()) {
            Link link = link("alternate", translation.url(), "text/html");
            link.setHreflang(translation.language());
            links.add(link);
        }
        return links;
    }

    private static Link link(String rel, String href, String type) {
        Link link = new Link();
        link.setRel(rel);
        link.setHref(href);
        link.setType(type);
        return link;
    }

    private static Date date(Instant instant) {
        return Date.from(instant);
    }

    private static Document generate(WireFeed feed) {
        try {
            return new WireFeedOutput().outputJDom(feed);
        } catch (FeedException e) {
            throw new IllegalStateException("ROME refused a feed we built: " + e.getMessage(), e);
        }
    }

    private static byte[] xml(Document document) {
        var out = new ByteArrayOutputStream(16 * 1024);
        Format format = Format.getPrettyFormat().setEncoding("UTF-8").setLineSeparator("\n");
        try {
            new XMLOutputter(format).output(document, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // --- JSON Feed 1.1 -----------------------------------------------------------------------------

    private byte[] json(FeedDocument document) {
        JsonObject feed = new JsonObject()
                .put("version", "https://jsonfeed.org/version/1.1")
                .put("title", document.title())
                .put("home_page_url", document.htmlUrl())
                .put("feed_url", document.selfUrl())
                .put("description", document.subtitle())
                .put("language", document.language())
                .put("authors", new JsonArray().add(new JsonObject().put("name", publisher).put("url", publisherUrl)));
        String next = document.pageLinks().get("next");
        if (next != null) {
            feed.put("next_url", next);
        }
        document.hub().ifPresent(hub -> feed.put("hubs", new JsonArray().add(new JsonObject().put("type", "WebSub").put("url", hub))));
        JsonArray items = new JsonArray();
        for (FeedDocument.Item item : document.items()) {
            JsonObject json = new JsonObject()
                    .put("id", item.id())
                    .put("url", item.link())
                    .put("title", item.title())
                    .put("summary", item.summary())
                    .put("content_html", item.contentHtml())
                    .put("date_published", item.published().toString())
                    .put("date_modified", item.updated().toString())
                    .put("language", item.language());
            item.author().ifPresent(author -> json.put("authors", new JsonArray().add(new JsonObject().put("name", author))));
            JsonArray tags = new JsonArray();
            JsonObject vocabulary = new JsonObject();
            for (FeedDocument.Category category : item.categories()) {
                tags.add(category.label());
                String facet = category.scheme().substring(category.scheme().lastIndexOf(':') + 1);
                vocabulary.put(facet, (vocabulary.containsKey(facet) ? vocabulary.getJsonArray(facet) : new JsonArray()).add(category.term()));
            }
            json.put("tags", tags);
            if (!item.attachments().isEmpty()) {
                JsonArray attachments = new JsonArray();
                for (FeedDocument.Attachment attachment : item.attachments()) {
                    attachments.add(new JsonObject().put("url", attachment.url()).put("mime_type", attachment.type())
                            .put("title", attachment.title()).put("size_in_bytes", attachment.length()));
                }
                FeedDocument.Attachment first = item.attachments().get(0);
                if (first.image()) {
                    json.put("image", first.url());
                }
                json.put("attachments", attachments);
            }
            item.source().ifPresent(partner -> {
                json.put("external_url", item.link());
                vocabulary.put("source", new JsonObject().put("id", partner.id()).put("name", partner.name())
                        .put("home_page_url", partner.homeUrl()).put("feed_url", partner.feedUrl()));
            });
            if (!item.translations().isEmpty()) {
                JsonArray translations = new JsonArray();
                item.translations().forEach(translation -> translations.add(new JsonObject().put("language", translation.language())
                        .put("url", translation.url())));
                vocabulary.put("translations", translations);
            }
            json.put("_quipu", vocabulary);
            items.add(json);
        }
        feed.put("items", items);
        return feed.encodePrettily().getBytes(StandardCharsets.UTF_8);
    }
}
