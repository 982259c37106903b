package uk.org.perusupportgroup.quipu.aggregate;

import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedInput;
import com.rometools.rome.io.impl.Atom10Parser;
import java.io.StringReader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdom2.Element;

/**
 * Reads RSS 0.9x/1.0 (RDF)/2.0 and Atom with ROME, which refuses DOCTYPEs (no XXE, no entity
 * expansion). The text encoding comes from a byte-order mark, else the HTTP header, else the XML
 * prolog, else UTF-8; bytes that are not valid in the declared encoding are read as Windows-1252,
 * the usual truth behind a wrong declaration.
 */
final class FeedReader {

    private static final Pattern PROLOG_ENCODING = Pattern.compile("^<\\?xml[^>]*encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");
    private static final Pattern HEADER_CHARSET = Pattern.compile("charset\\s*=\\s*\"?([A-Za-z0-9._:-]+)", Pattern.CASE_INSENSITIVE);
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    static {
        // relative links of Atom entries resolve against xml:base
        Atom10Parser.setResolveURIs(true);
    }

    private FeedReader() {}

    static ParsedSource read(byte[] body, Optional<String> contentType, URI url) throws SourceFormatException {
        String text = decode(body, contentType);
        String start = text.stripLeading();
        String head = start.substring(0, Math.min(start.length(), 512)).toLowerCase(Locale.ROOT);
        if (start.isEmpty()) {
            throw new SourceFormatException("the response is empty where a feed was expected");
        }
        if (head.startsWith("<!doctype html") || head.startsWith("<html") || head.contains("<html")
                && !head.contains("<rss") && !head.contains("<feed") && !head.contains("<rdf")) {
            throw new SourceFormatException("an HTML page where a feed was expected"
                    + contentType.map(type -> " (Content-Type: " + type + ")").orElse(""));
        }
        if (head.contains("<!doctype")) {
            throw new SourceFormatException("the feed declares a DOCTYPE, which is refused (it could expand entities or"
                    + " read local files)");
        }
        WireFeed wire;
        try {
            wire = build(text, false);
        } catch (FeedException | RuntimeException strict) {
            // ROME's healer (HTML entities such as &nbsp;, stray text before the prolog) is slow: only
            // for a feed that is not well-formed XML as it is
            try {
                wire = build(text, true);
            } catch (FeedException | IllegalArgumentException e) {
                throw new SourceFormatException("not a readable feed: " + oneLine(e.getMessage()));
            } catch (RuntimeException e) {
                throw new SourceFormatException("not a readable feed: " + oneLine(String.valueOf(e.getMessage())));
            }
        }
        Optional<Duration> ttl = wire instanceof Channel channel && channel.getTtl() > 0
                ? Optional.of(Duration.ofMinutes(channel.getTtl())) : Optional.empty();
        SyndFeed feed = new SyndFeedImpl(wire);
        URI base = Optional.ofNullable(feed.getLink()).filter(link -> !link.isBlank()).map(link -> resolve(url, link)).orElse(url);
        List<RawItem> items = new ArrayList<>();
        for (SyndEntry entry : feed.getEntries()) {
            items.add(item(entry, base));
        }
        return new ParsedSource(items, ttl);
    }

    private static WireFeed build(String text, boolean heal) throws FeedException {
        WireFeedInput input = new WireFeedInput(false, Locale.ENGLISH);
        input.setXmlHealerOn(heal);
        return input.build(new StringReader(text));
    }

    private static RawItem item(SyndEntry entry, URI base) {
        Optional<String> link = Optional.ofNullable(entry.getLink()).map(String::strip).filter(l -> !l.isEmpty())
                .or(() -> entry.getLinks().stream().map(SyndLink::getHref).filter(h -> h != null && !h.isBlank()).findFirst());
        Optional<String> uri = Optional.ofNullable(entry.getUri()).map(String::strip).filter(u -> !u.isEmpty());
        Optional<String> guid = uri.filter(u -> link.isEmpty() || !u.equals(link.get()));
        URI itemBase = link.map(l -> resolve(base, l)).orElse(base);
        Optional<String> summary = Optional.ofNullable(entry.getDescription()).map(FeedReader::html);
        Optional<String> content = entry.getContents().stream().map(FeedReader::html).filter(c -> !c.isBlank()).findFirst();
        Set<String> categories = new LinkedHashSet<>();
        for (SyndCategory category : entry.getCategories()) {
            Optional.ofNullable(category.getName()).map(String::strip).filter(n -> !n.isEmpty()).ifPresent(categories::add);
        }
        for (Element foreign : entry.getForeignMarkup()) {
            // Amnesty: <amn:countries><amn:id name="Peru">1864</amn:id></amn:countries>, and the same for topics
            for (Element child : foreign.getChildren()) {
                Optional.ofNullable(child.getAttributeValue("name")).map(String::strip).filter(n -> !n.isEmpty())
                        .ifPresent(categories::add);
            }
        }
        Optional<String> author = Optional.ofNullable(entry.getAuthor()).map(String::strip).filter(a -> !a.isEmpty());
        return new RawItem(guid, link, itemBase, Optional.ofNullable(entry.getTitle()).map(String::strip).filter(t -> !t.isEmpty()),
                summary, content, instant(entry.getPublishedDate()), instant(entry.getUpdatedDate()), List.copyOf(categories), author);
    }

    /** Content as HTML: text-typed content is escaped. */
    private static String html(SyndContent content) {
        String value = content.getValue() == null ? "" : content.getValue();
        String type = content.getType() == null ? "" : content.getType().toLowerCase(Locale.ROOT);
        if (type.equals("text") || type.equals("text/plain")) {
            return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }
        return value;
    }

    private static Optional<Instant> instant(Date date) {
        return Optional.ofNullable(date).map(Date::toInstant);
    }

    private static URI resolve(URI base, String link) {
        try {
            return base.resolve(new URI(link.strip()));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return base;
        }
    }

    // --- encoding ----------------------------------------------------------------------------------

    static String decode(byte[] body, Optional<String> contentType) {
        int skip = 0;
        Charset charset = null;
        if (body.length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF) {
            charset = StandardCharsets.UTF_8;
            skip = 3;
        } else if (body.length >= 2 && (body[0] & 0xff) == 0xFE && (body[1] & 0xff) == 0xFF) {
            charset = StandardCharsets.UTF_16BE;
            skip = 2;
        } else if (body.length >= 2 && (body[0] & 0xff) == 0xFF && (body[1] & 0xff) == 0xFE) {
            charset = StandardCharsets.UTF_16LE;
            skip = 2;
        }
        if (charset == null) {
            charset = contentType.map(HEADER_CHARSET::matcher).filter(Matcher::find).flatMap(m -> charset(m.group(1)))
                    .or(() -> {
                        String prolog = new String(body, 0, Math.min(body.length, 200), StandardCharsets.ISO_8859_1);
                        Matcher m = PROLOG_ENCODING.matcher(prolog.stripLeading());
                        return m.find() ? charset(m.group(1)) : Optional.empty();
                    })
                    .orElse(StandardCharsets.UTF_8);
        }
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body, skip, body.length - skip)).toString();
        } catch (CharacterCodingException e) {
            return new String(body, skip, body.length - skip, WINDOWS_1252);
        }
    }

    private static Optional<Charset> charset(String name) {
        try {
            return Optional.of(Charset.forName(name));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return Optional.empty();
        }
    }

    static String oneLine(String message) {
        String text = message == null ? "unknown error" : message.replaceAll("\\s+", " ").strip();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
