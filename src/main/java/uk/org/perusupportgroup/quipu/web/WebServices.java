package uk.org.perusupportgroup.quipu.web;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import uk.org.perusupportgroup.quipu.aggregate.PartnerPoller;
import uk.org.perusupportgroup.quipu.article.Vocabulary;
import uk.org.perusupportgroup.quipu.publish.ArticleService;
import uk.org.perusupportgroup.quipu.publish.Catalogue;
import uk.org.perusupportgroup.quipu.publish.FeedService;
import uk.org.perusupportgroup.quipu.publish.SiteLinks;
import uk.org.perusupportgroup.quipu.publish.Snapshot;
import uk.org.perusupportgroup.quipu.store.DatabaseWatch;

/**
 * What the web layer is given, built once and shared by every event loop's router.
 *
 * @param opml the rendered {@code /feeds.opml}
 * @param fileProblems the current problems of the article files
 * @param database what the last check of the database found
 * @param feedChangeProblems why this instance is not hearing other instances' feed changes, if it is not
 * @param readLimiter each client's share of searches, previews and listing pages past the first, counted by every
 *     event loop together
 */
public record WebServices(
        FeedService feeds,
        Catalogue catalogue,
        ArticleService articles,
        uk.org.perusupportgroup.quipu.publish.ArticleFileImporter importer,
        PartnerPoller partners,
        Vocabulary vocabulary,
        SiteLinks links,
        String siteTitle,
        Duration feedMaxAge,
        String adminToken,
        Snapshot opml,
        Supplier<List<String>> fileProblems,
        Supplier<DatabaseWatch.State> database,
        String databaseKind,
        Supplier<List<String>> feedChangeProblems,
        PrometheusMeterRegistry metrics,
        uk.org.perusupportgroup.quipu.alert.Alerts alerts,
        Supplier<List<String>> alertProblems,
        boolean behindProxy,
        ReadLimiter readLimiter,
        SearchWorkers searchWorkers) {}
