package uk.org.perusupportgroup.quipu.web;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import uk.org.perusupportgroup.quipu.aggregate.PartnerPoller;
import uk.org.perusupportgroup.quipu.alert.Alerting;
import uk.org.perusupportgroup.quipu.article.Vocabulary;
import uk.org.perusupportgroup.quipu.media.MediaLibrary;
import uk.org.perusupportgroup.quipu.publish.Publishing;
import uk.org.perusupportgroup.quipu.publish.SiteLinks;
import uk.org.perusupportgroup.quipu.staff.StaffAccounts;
import uk.org.perusupportgroup.quipu.store.DatabaseWatch;

/**
 * What the web layer is given, built once and shared by every event loop's router.
 *
 * @param publishing the articles, their files, feeds, listings and OPML
 * @param alerting sign-up, searches and previews; alerts' health, and their rounds and clean-up run at once on an
 *     operator's request
 * @param partners the partner sources' health, and polling one now
 * @param database what the last check of the database found
 * @param readLimiter each client's share of searches, previews and listing pages past the first, counted by every
 *     event loop together
 * @param staff the staff accounts and their sessions
 * @param signIns the threads that check staff passwords, a few at a time
 * @param media uploaded photos and documents, and their files
 * @param mediaWorkers the thread that decodes and resizes uploaded photos, one at a time (each may take a few hundred MB)
 * @param uploads where uploads are written while they arrive (each deleted when its request ends)
 */
public record WebServices(
        Publishing publishing,
        Alerting alerting,
        PartnerPoller partners,
        Vocabulary vocabulary,
        SiteLinks links,
        String siteTitle,
        Duration feedMaxAge,
        String adminToken,
        Supplier<DatabaseWatch.State> database,
        String databaseKind,
        PrometheusMeterRegistry metrics,
        boolean behindProxy,
        ReadLimiter readLimiter,
        SearchWorkers searchWorkers,
        StaffAccounts staff,
        WorkerExecutor signIns,
        MediaLibrary media,
        io.vertx.core.WorkerExecutor mediaWorkers,
        Path uploads,
        uk.org.perusupportgroup.quipu.reach.Reach reach) {}
