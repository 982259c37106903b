package uk.org.perusupportgroup.quipu.publish;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BiFunction;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.output.Format;
import org.jdom2.output.XMLOutputter;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.Language;
import uk.org.perusupportgroup.quipu.article.Origin;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.Term;
import uk.org.perusupportgroup.quipu.article.Vocabulary;

/** {@code /feeds.opml}: every feed (its Atom form) in OPML 2.0, grouped by topics and regions. */
public final class OpmlRenderer {

    private OpmlRenderer() {}

    /**
     * @param titles the title of each scope's feed, as the feed itself gives it
     * @param language of the feeds listed, their titles and the groups' names
     */
    public static byte[] render(String title, Vocabulary vocabulary, java.util.List<String> partnerIds, SiteLinks links,
            BiFunction<Scope, Origin, String> titles, Language language) {
        boolean es = language == Language.ES;
        Element head = new Element("head")
                .addContent(new Element("title").setText(title))
                .addContent(new Element("ownerName").setText(title))
                .addContent(new Element("docs").setText("http://opml.org/spec2.opml"));
        Element body = new Element("body");
        body.addContent(outline(Scope.ALL, links, titles, language));
        for (Facet facet : Facet.values()) {
            Element group = new Element("outline").setAttribute("text", facet == Facet.TOPIC ? (es ? "Temas" : "Topics")
                    : (es ? "Regiones" : "Regions"));
            for (Term term : vocabulary.terms(facet)) {
                group.addContent(outline(Scope.of(facet, term.slug()), links, titles, language));
            }
            body.addContent(group);
        }
        Element partners = new Element("outline").setAttribute("text", es ? "Socios" : "Partners");
        partners.addContent(outline(Scope.PARTNERS, links, titles, language));
        partnerIds.forEach(id -> partners.addContent(outline(Scope.partner(id), links, titles, language)));
        body.addContent(partners);
        Element opml = new Element("opml").setAttribute("version", "2.0").addContent(head).addContent(body);
        var out = new ByteArrayOutputStream();
        try {
            new XMLOutputter(Format.getPrettyFormat().setEncoding("UTF-8").setLineSeparator("\n")).output(new Document(opml), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Element outline(Scope scope, SiteLinks links, BiFunction<Scope, Origin, String> titles, Language language) {
        String name = titles.apply(scope, Origin.ANY);
        return new Element("outline")
                .setAttribute("type", "rss")
                .setAttribute("text", name)
                .setAttribute("title", name)
                .setAttribute("version", "ATOM1")
                .setAttribute("xmlUrl", links.feed(scope, FeedFormat.ATOM, language))
                .setAttribute("htmlUrl", links.page(scope, language));
    }
}
