package uk.org.perusupportgroup.quipu.alert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import uk.org.perusupportgroup.quipu.article.Article;

/**
 * A Lucene index of the stored articles, for the alert preview and the saved-search feeds: the same analysis and the
 * same query meaning as the alerts (the tests compare both with a plain evaluation of each query). Each article's title, summary and body are
 * indexed twice: as stems (bare words) and as folded words (phrases), with a gap between the fields so that no phrase
 * spans two. Held in memory; rebuilt from the store at start-up. Thread-safe.
 */
public final class ArticleSearch implements AutoCloseable {

    private static final String STEMS = "stems";
    private static final String EXACT = "exact";
    private static final String SLUG = "slug";
    private static final String PUBLISHED = "published";
    private static final String TOPIC = "topic";
    private static final String REGION = "region";
    /** The article's language, its primary subtag ({@code es} for {@code es-PE}). */
    private static final String LANGUAGE = "language";

    /** Splits on spaces only: the words are already analysed; a field's values are kept 100 positions apart. */
    private static final class Words extends Analyzer {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            return new TokenStreamComponents(new WhitespaceTokenizer());
        }

        @Override
        public int getPositionIncrementGap(String fieldName) {
            return 100;
        }
    }

    private final TextAnalysis analysis;
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final IndexWriter writer;
    private final SearcherManager searchers;

    public ArticleSearch(TextAnalysis analysis) {
        this.analysis = analysis;
        try {
            // merges on the writing thread and a small buffer: articles come a few at a time
            this.writer = new IndexWriter(directory, new IndexWriterConfig(new Words()).setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                    .setMergeScheduler(new org.apache.lucene.index.SerialMergeScheduler()).setRAMBufferSizeMB(4));
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds or replaces these articles, then makes them searchable. */
    public void put(Collection<Article> articles) {
        try {
            for (Article article : articles) {
                writer.updateDocument(new Term(SLUG, article.slug()), document(article));
            }
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void remove(String slug) {
        try {
            writer.deleteDocuments(new Term(SLUG, slug));
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes every article but these (after a rebuild, those deleted meanwhile). */
    public void retainOnly(java.util.Set<String> slugs) {
        try {
            writer.deleteDocuments(new org.apache.lucene.search.BooleanQuery.Builder()
                    .add(new org.apache.lucene.search.MatchAllDocsQuery(), org.apache.lucene.search.BooleanClause.Occur.MUST)
                    .add(new org.apache.lucene.search.TermInSetQuery(SLUG, slugs.stream().map(BytesRef::new).toList()),
                            org.apache.lucene.search.BooleanClause.Occur.MUST_NOT)
                    .build());
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Document document(Article article) {
        Document document = new Document();
        document.add(new StringField(SLUG, article.slug(), Field.Store.YES));
        document.add(new SortedDocValuesField(SLUG, new BytesRef(article.slug())));
        long published = article.published().toEpochMilli();
        document.add(new LongPoint(PUBLISHED, published));
        document.add(new NumericDocValuesField(PUBLISHED, published));
        document.add(new StoredField(PUBLISHED, published));
        for (String text : List.of(article.title(), article.summary(), article.body())) {
            document.add(new TextField(STEMS, String.join(" ", analysis.stemmed(text)), Field.Store.NO));
            document.add(new TextField(EXACT, String.join(" ", analysis.exact(text)), Field.Store.NO));
        }
        article.topics().forEach(topic -> document.add(new StringField(TOPIC, topic, Field.Store.NO)));
        article.regions().forEach(region -> document.add(new StringField(REGION, region, Field.Store.NO)));
        document.add(new StringField(LANGUAGE, uk.org.perusupportgroup.quipu.article.Translation.primary(article.language()), Field.Store.NO));
        return document;
    }

    /** The newest matches (slugs, newest first) and how many there are in all. */
    public record Hits(List<String> slugs, int total) {}

    /**
     * The articles the query matches, newest first (ties by slug).
     *
     * @param since only articles published at or after this; empty: any age
     */
    public Hits search(Query query, Set<String> topics, Set<String> regions, java.util.Optional<Instant> since, int limit) {
        return search(query, topics, regions, since, java.util.Optional.empty(), limit);
    }

    /** The same, only the articles written in {@code written} (a language code: {@code es} takes {@code es-PE}) when given. */
    public Hits search(Query query, Set<String> topics, Set<String> regions, java.util.Optional<Instant> since,
            java.util.Optional<String> written, int limit) {
        BooleanQuery.Builder all = new BooleanQuery.Builder().add(translate(query), BooleanClause.Occur.MUST);
        filter(all, TOPIC, topics);
        filter(all, REGION, regions);
        written.ifPresent(code -> all.add(new TermQuery(new Term(LANGUAGE, code)), BooleanClause.Occur.FILTER));
        since.ifPresent(from -> all.add(LongPoint.newRangeQuery(PUBLISHED, from.toEpochMilli(), Long.MAX_VALUE),
                BooleanClause.Occur.FILTER));
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                Sort newest = new Sort(new SortField(PUBLISHED, SortField.Type.LONG, true), new SortField(SLUG, SortField.Type.STRING));
                TopFieldDocs top = searcher.search(all.build(), Math.max(1, limit), newest);
                List<String> slugs = new ArrayList<>();
                for (ScoreDoc hit : top.scoreDocs) {
                    if (slugs.size() < limit) {
                        slugs.add(searcher.storedFields().document(hit.doc).get(SLUG));
                    }
                }
                int total = top.totalHits.relation == org.apache.lucene.search.TotalHits.Relation.EQUAL_TO
                        ? (int) top.totalHits.value : searcher.count(all.build());
                return new Hits(slugs, total);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void filter(BooleanQuery.Builder all, String field, Set<String> slugs) {
        if (slugs.isEmpty()) {
            return;
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
        slugs.forEach(slug -> any.add(new TermQuery(new Term(field, slug)), BooleanClause.Occur.SHOULD));
        all.add(any.build(), BooleanClause.Occur.FILTER);
    }

    /** The alert query as a Lucene query with the same meaning. */
    org.apache.lucene.search.Query translate(Query query) {
        if (query instanceof Query.Word word) {
            return words(STEMS, analysis.stemmed(word.text()));
        }
        if (query instanceof Query.Phrase phrase) {
            return words(EXACT, analysis.exact(String.join(" ", phrase.words())));
        }
        if (query instanceof Query.All all) {
            BooleanQuery.Builder builder = new BooleanQuery.Builder();
            boolean positive = false;
            for (Query part : all.parts()) {
                if (part instanceof Query.Not not) {
                    builder.add(translate(not.part()), BooleanClause.Occur.MUST_NOT);
                } else {
                    builder.add(translate(part), BooleanClause.Occur.MUST);
                    positive = true;
                }
            }
            if (!positive) {
                builder.add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST);
            }
            return builder.build();
        }
        if (query instanceof Query.Any any) {
            BooleanQuery.Builder builder = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
            any.parts().forEach(part -> builder.add(translate(part), BooleanClause.Occur.SHOULD));
            return builder.build();
        }
        return new BooleanQuery.Builder().add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST)
                .add(translate(((Query.Not) query).part()), BooleanClause.Occur.MUST_NOT).build();
    }

    /** One word is a term; several must stand in a row; none (punctuation) matches nothing. */
    private static org.apache.lucene.search.Query words(String field, List<String> words) {
        if (words.isEmpty()) {
            return new MatchNoDocsQuery();
        }
        if (words.size() == 1) {
            return new TermQuery(new Term(field, words.get(0)));
        }
        return new PhraseQuery(field, words.toArray(String[]::new));
    }

    /** How many articles are indexed. */
    public int size() {
        return writer.getDocStats().numDocs;
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
