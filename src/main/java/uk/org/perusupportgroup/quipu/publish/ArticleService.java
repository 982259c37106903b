package uk.org.perusupportgroup.quipu.publish;

import uk.org.perusupportgroup.quipu.reach.Metric;
import uk.org.perusupportgroup.quipu.reach.Tally;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.article.ArticleValidator;
import uk.org.perusupportgroup.quipu.article.FieldError;
import uk.org.perusupportgroup.quipu.article.PartnerItem;
import uk.org.perusupportgroup.quipu.article.PartnerSource;
import uk.org.perusupportgroup.quipu.article.StoredArticle;
import uk.org.perusupportgroup.quipu.store.ArticleChange;
import uk.org.perusupportgroup.quipu.store.ArticleChangedException;
import uk.org.perusupportgroup.quipu.store.ArticleStore;
import uk.org.perusupportgroup.quipu.store.PartnerStore;
import uk.org.perusupportgroup.quipu.store.SlugTakenException;

/**
 * Creates, replaces and deletes articles for the editor (admin API and pages) and the file importer,
 * and tells every listener (the feed cache, the search index, WebSub, the other instances) what changed, after
 * the change is committed. Alerts are not told: a new article is queued for matching in the same transaction that
 * stores it ({@code alert_pending}).
 * Blocking.
 */
public final class ArticleService {

    private static final Logger LOG = LoggerFactory.getLogger(ArticleService.class);
    private static final Set<String> API_FIELDS = ArticleValidator.FIELDS;

    private final ArticleStore store;
    private final ArticleMedia media;
    private final PartnerStore partners;
    private final ArticleValidator validator;
    private final Tally tally;
    private final Clock clock;
    private final List<Consumer<List<ArticleChange>>> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param partners where partner items' moderation is recorded (hidden items no poll stores again)
     * @param media the uploads an article's lead image must be one of
     */
    public ArticleService(ArticleStore store, PartnerStore partners, ArticleMedia media, ArticleValidator validator, Clock clock) {
        this(store, partners, media, validator, clock, Tally.NONE);
    }

    /** @param tally where partner items hidden are counted for reach, per source */
    public ArticleService(ArticleStore store, PartnerStore partners, ArticleMedia media, ArticleValidator validator, Clock clock,
            Tally tally) {
        this.tally = tally;
        this.media = media;
        this.store = store;
        this.partners = partners;
        this.validator = validator;
        this.clock = clock;
    }

    /**
     * Called after every commit with the changes it made (one for an edit, several for a batch of
     * files), on the thread that made them; never with an empty list.
     */
    public void onChange(Consumer<List<ArticleChange>> listener) {
        listeners.add(listener);
    }

    /** What a write through the API came to. */
    public sealed interface Outcome {
        record Saved(StoredArticle article, boolean created) implements Outcome {}

        record Deleted(String slug) implements Outcome {}

        record Invalid(List<FieldError> errors) implements Outcome {}

        record NotFound(String slug) implements Outcome {}

        /** The slug is taken (by {@code sourceFile} when a file holds it). */
        record Conflict(String message) implements Outcome {}

        /** The article as it would be saved, not saved: for a preview. */
        record Preview(StoredArticle article) implements Outcome {}

        /**
         * The article changed at {@code changedAt} (saved by {@code changedBy}, when known), after the version the writer
         * started from: nothing written.
         */
        record Stale(String slug, Instant changedAt, Optional<String> changedBy) implements Outcome {}
    }

    /** The published article of this slug: what the public may read. */
    public Optional<StoredArticle> find(String slug) {
        return store.find(slug);
    }

    /** The article as staff see it: published, a draft or scheduled. */
    public Optional<StoredArticle> findForStaff(String slug) {
        return store.findForStaff(slug);
    }

    /** Whether the article is for staff only now: a draft, or scheduled for a time still to come. */
    public boolean heldNow(Article article) {
        return article.heldAt(clock.instant());
    }

    /** The drafts and scheduled articles, the latest published time first. */
    public List<StoredArticle> held() {
        return store.held();
    }

    /**
     * Publishes the scheduled articles whose time has come and tells the listeners (feeds, search, WebSub, the other
     * instances), once: of several instances releasing at once, each article is released by one.
     *
     * @return how many this call published
     */
    public int releaseDue() {
        int released = 0;
        List<ArticleChange> changes;
        do {
            changes = store.releaseDue(clock.instant());
            publish(changes);
            for (ArticleChange change : changes) {
                StoredArticle article = change.after().orElseThrow();
                LOG.info("scheduled article published: slug={} at={}", article.article().slug(), article.article().published());
            }
            released += changes.size();
        } while (!changes.isEmpty() && released < 10_000);
        return released;
    }

    /** What is wrong with the article's lead image: no upload of that number, or one that is a document. */
    private Optional<FieldError> imageProblem(Article article) {
        if (article.image().isEmpty()) {
            return Optional.empty();
        }
        long id = article.image().get().mediaId();
        var upload = media.upload(id);
        if (upload.isEmpty()) {
            return Optional.of(new FieldError("image.id", "no upload number " + id + ": upload the photo first (Photos and"
                    + " documents, or POST /api/media) and give the number it gets"));
        }
        if (!upload.get().kind().equals("image")) {
            return Optional.of(new FieldError("image.id", "upload number " + id + " is a document, not a photo: a lead image"
                    + " must be a photo (link a PDF from the body instead)"));
        }
        return Optional.empty();
    }

    /** The article as saved: the change's, or (held for staff, so no public change) as stored. */
    private StoredArticle saved(ArticleChange change, String slug) {
        return change.after().or(() -> store.findForStaff(slug)).orElseThrow();
    }

    /**
     * Creates an article from API fields; without a {@code slug} field one is made from the title. Its first revision is
     * {@code by}'s.
     */
    public Outcome create(Map<String, ?> fields, String by) {
        var result = validator.validate(fields, API_FIELDS, Optional.empty(), Optional.empty());
        if (!result.valid()) {
            return new Outcome.Invalid(result.errors());
        }
        Article article = result.article().orElseThrow();
        Optional<FieldError> image = imageProblem(article);
        if (image.isPresent()) {
            return new Outcome.Invalid(List.of(image.get()));
        }
        boolean chosen = fields.get("slug") != null;
        for (int attempt = 1; attempt <= 100; attempt++) {
            Article candidate = attempt == 1 ? article : article.withSlug(article.slug() + "-" + attempt);
            try {
                ArticleChange change = store.insert(candidate, by, writeTime());
                publish(change);
                return new Outcome.Saved(saved(change, candidate.slug()), true);
            } catch (SlugTakenException e) {
                if (chosen) {
                    return new Outcome.Conflict(takenMessage(candidate.slug()));
                }
            }
        }
        return new Outcome.Conflict("no free slug near '" + article.slug() + "': give one in the slug field");
    }

    /**
     * The article these fields make, checked as a save would check them, without saving anything: what a preview
     * shows. A slug is not needed (one is made from the title).
     */
    public Outcome preview(Map<String, ?> fields) {
        var result = validator.validate(fields, API_FIELDS, Optional.empty(), Optional.empty());
        if (!result.valid()) {
            return new Outcome.Invalid(result.errors());
        }
        Optional<FieldError> image = imageProblem(result.article().orElseThrow());
        if (image.isPresent()) {
            return new Outcome.Invalid(List.of(image.get()));
        }
        Instant now = writeTime();
        return new Outcome.Preview(new StoredArticle(result.article().orElseThrow(), now.atZone(java.time.ZoneOffset.UTC)
                .toLocalDate(), now));
    }

    /**
     * Replaces an article created through the API, as {@code by}'s new revision, if it is still the version written at
     * {@code unchangedSince} ({@link Outcome.Stale} otherwise: another editor saved it since); file-backed articles are
     * read-only here.
     */
    public Outcome replace(String slug, Map<String, ?> fields, Optional<Instant> unchangedSince, String by) {
        Optional<StoredArticle> existing = store.findForStaff(slug);
        if (existing.isEmpty()) {
            return new Outcome.NotFound(slug);
        }
        if (existing.get().article().sourceFile().isPresent() || existing.get().partner().isPresent()) {
            return new Outcome.Conflict(readOnlyMessage(existing.get()));
        }
        Object given = fields.get("slug");
        if (given != null && !slug.equals(given)) {
            return new Outcome.Invalid(List.of(new FieldError("slug", "cannot be changed: this article is '" + slug
                    + "' (create a new article, then delete this one)")));
        }
        var result = validator.validate(fields, API_FIELDS, Optional.of(slug), Optional.empty());
        if (!result.valid()) {
            return new Outcome.Invalid(result.errors());
        }
        Optional<FieldError> image = imageProblem(result.article().orElseThrow());
        if (image.isPresent()) {
            return new Outcome.Invalid(List.of(image.get()));
        }
        Optional<ArticleChange> change;
        try {
            change = store.update(result.article().orElseThrow(), by, writeTime(), unchangedSince);
        } catch (ArticleChangedException e) {
            return new Outcome.Stale(slug, e.changedAt(), e.changedBy());
        }
        if (change.isEmpty()) {
            return new Outcome.NotFound(slug);
        }
        publish(change.get());
        return new Outcome.Saved(saved(change.get(), slug), false);
    }

    /**
     * Removes an article created through the API (restorable for {@link #RESTORABLE}); file-backed articles go when
     * their file goes.
     */
    public Outcome delete(String slug, String by) {
        Optional<StoredArticle> existing = store.findForStaff(slug);
        if (existing.isEmpty()) {
            return new Outcome.NotFound(slug);
        }
        if (existing.get().article().sourceFile().isPresent() || existing.get().partner().isPresent()) {
            return new Outcome.Conflict(readOnlyMessage(existing.get()));
        }
        Optional<ArticleChange> change = store.remove(slug, "deleted by " + by, clock.instant());
        change.ifPresent(this::publish);
        return change.isPresent() ? new Outcome.Deleted(slug) : new Outcome.NotFound(slug);
    }

    /**
     * Hides a partner item, saying why: it leaves every feed, page and search like a removed article (and can be shown
     * again within {@link #RESTORABLE}), and no later poll of any source stores it again. PSG's own articles are
     * deleted, not hidden.
     */
    public Outcome hide(String slug, String reason) {
        Optional<StoredArticle> existing = store.find(slug);
        boolean held = existing.isEmpty() && awaitingApproval(slug);
        if (existing.isEmpty() && !held) {
            return new Outcome.NotFound(slug);
        }
        if (!held && existing.get().partner().isEmpty()) {
            return new Outcome.Conflict("article '" + slug + "' is PSG's own, not a partner item: delete it instead of hiding it");
        }
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > 500) {
            return new Outcome.Invalid(List.of(new FieldError("reason", why.isEmpty()
                    ? "required: say why the item is hidden (staff see it beside the item)" : "at most 500 characters")));
        }
        Instant now = clock.instant();
        partners.hide(slug, why, now);
        tally.add(Metric.PARTNER_HIDDEN, held ? "(awaiting approval)"
                : existing.get().partner().flatMap(p -> p.sources().stream().findFirst()).orElse(""));
        // one held for approval is out of the feeds already: it only says why from now on
        Optional<ArticleChange> change = held ? Optional.empty() : store.remove(slug, "hidden: " + why, now);
        change.ifPresent(this::publish);
        LOG.info("partner item hidden: slug={} why={}", slug, why);
        return new Outcome.Deleted(slug);
    }

    /**
     * Gives a partner item the topics and regions staff chose ({@code fields}: {@code topics}, {@code regions}, lists of
     * slugs of the vocabulary); every later poll keeps them. PSG's own articles are edited instead.
     */
    public Outcome retag(String slug, Map<String, ?> fields) {
        Optional<StoredArticle> existing = store.find(slug);
        if (existing.isEmpty()) {
            return new Outcome.NotFound(slug);
        }
        if (existing.get().partner().isEmpty()) {
            return new Outcome.Conflict("article '" + slug + "' is PSG's own, not a partner item: edit it to change its"
                    + " topics and regions");
        }
        ArticleValidator.Tags tags = validator.tags(fields);
        if (!tags.errors().isEmpty()) {
            return new Outcome.Invalid(tags.errors());
        }
        Optional<ArticleChange> change = partners.retag(slug, tags.topics(), tags.regions(), clock.instant());
        change.ifPresent(this::publish);
        LOG.info("partner item retagged: slug={} topics={} regions={}", slug, tags.topics(), tags.regions());
        return store.find(slug).<Outcome>map(found -> new Outcome.Saved(found, false)).orElseGet(() -> new Outcome.NotFound(slug));
    }

    /**
     * The time a write is stamped with: whole microseconds, as the database keeps it, so that the version an editor
     * is given (its ETag) is the one stored.
     */
    private Instant writeTime() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /** Who the revisions of changes made by editing article files are recorded as. */
    public static final String FILES = "article file";

    /** The revisions of a PSG article, the latest first (empty for partner items, which follow their source). */
    public List<uk.org.perusupportgroup.quipu.article.Revision> revisions(String slug) {
        return store.revisions(slug);
    }

    public Optional<uk.org.perusupportgroup.quipu.article.Revision> revision(String slug, long id) {
        return store.revision(slug, id);
    }

    /**
     * Makes an earlier revision the article again, as a new revision by {@code by} (the ones after it are kept), if the
     * article is still the version written at {@code unchangedSince}. Its status and time are the revision's: a
     * revision of a draft makes it a draft again.
     */
    public Outcome restoreRevision(String slug, long id, Optional<Instant> unchangedSince, String by) {
        Optional<uk.org.perusupportgroup.quipu.article.Revision> revision = store.revision(slug, id);
        if (revision.isEmpty()) {
            return new Outcome.NotFound(slug);
        }
        return replace(slug, fieldsOf(revision.get().article()), unchangedSince, by);
    }

    /** An article as the API's fields, for the validator (which renders its Markdown again). */
    private static Map<String, Object> fieldsOf(Article article) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("title", article.title());
        fields.put("summary", article.summary());
        fields.put("body", article.body());
        fields.put("published", uk.org.perusupportgroup.quipu.article.Dates.format(article.published()));
        article.updated().ifPresent(updated -> fields.put("updated", uk.org.perusupportgroup.quipu.article.Dates.format(updated)));
        fields.put("topics", article.topics());
        fields.put("regions", article.regions());
        fields.put("language", article.language());
        article.translation().ifPresent(translation -> fields.put("translation", translation));
        article.author().ifPresent(author -> fields.put("author", author));
        article.url().ifPresent(url -> fields.put("url", url.toString()));
        fields.put("status", article.status().word());
        article.image().ifPresent(image -> fields.put("image", Map.of("id", image.mediaId(), "alt", image.alt(),
                "caption", image.caption(), "credit", image.credit())));
        return fields;
    }

    /** How long a removed article can be restored: then the daily clean-up deletes it for good. */
    public static final java.time.Duration RESTORABLE = java.time.Duration.ofDays(30);

    /**
     * Publishes a removed article again (within {@link #RESTORABLE}); a file's article becomes the staff pages' own, a
     * hidden partner item is shown again (and polls update it again).
     */
    public Outcome restore(String slug, String by) {
        Optional<ArticleStore.Removed> removed = store.removed(slug);
        if (removed.isPresent() && removed.get().why().equals(PartnerStore.AWAITING_APPROVAL)) {
            return approve(slug);
        }
        if (removed.isEmpty()) {
            return store.findForStaff(slug).<Outcome>map(found -> new Outcome.Conflict("article '" + slug + "' is "
                            + (found.article().heldAt(clock.instant()) ? "a draft or scheduled, not removed" : "published")
                            + ": nothing to restore"))
                    .orElseGet(() -> new Outcome.NotFound(slug));
        }
        if (removed.get().removedAt().plus(RESTORABLE).isBefore(clock.instant())) {
            return new Outcome.Conflict("article '" + slug + "' was removed more than " + RESTORABLE.toDays()
                    + " days ago and is about to be deleted for good");
        }
        // a hidden partner item is shown again: polls may store its items again
        partners.unhide(slug);
        Optional<ArticleChange> change = store.restore(slug, by, writeTime());
        change.ifPresent(this::publish);
        LOG.info("article restored: slug={} removed={} why={}", slug, removed.get().removedAt(), removed.get().why());
        return change.<Outcome>map(done -> new Outcome.Saved(saved(done, slug), false))
                .orElseGet(() -> new Outcome.NotFound(slug));
    }

    /** Removed articles that can still be restored, the latest removal first. */
    public List<ArticleStore.Removed> restorable() {
        java.time.Instant since = clock.instant().minus(RESTORABLE);
        return store.removed().stream().filter(removed -> removed.removedAt().isAfter(since))
                .filter(removed -> !removed.why().equals(PartnerStore.AWAITING_APPROVAL)).toList();
    }

    /** The partner items of pre-moderated sources waiting for staff, the latest first. */
    public List<ArticleStore.Removed> awaitingApproval() {
        return store.removed().stream().filter(removed -> removed.why().equals(PartnerStore.AWAITING_APPROVAL)).toList();
    }

    private boolean awaitingApproval(String slug) {
        return store.removed(slug).map(removed -> removed.why().equals(PartnerStore.AWAITING_APPROVAL)).orElse(false);
    }

    /**
     * Publishes a partner item waiting for approval (its source is pre-moderated) in every feed, and queues it for
     * alerts: it alerts at its approval.
     */
    public Outcome approve(String slug) {
        Optional<ArticleChange> change = partners.approve(slug, clock.instant());
        if (change.isEmpty()) {
            return store.find(slug).<Outcome>map(found -> new Outcome.Conflict("article '" + slug + "' is published:"
                    + " nothing to approve")).orElseGet(() -> new Outcome.NotFound(slug));
        }
        publish(change.get());
        LOG.info("partner item approved: slug={}", slug);
        return new Outcome.Saved(change.get().after().orElseThrow(), false);
    }

    /**
     * Stores file-backed articles in one transaction, each replacing the one from the same file, or
     * from a file that is no longer there (a file moved to another folder keeps its article).
     *
     * @param present every article file that exists now
     * @return slug → why it was refused (its slug belongs to another file or to an API article)
     */
    Map<String, String> saveFromFiles(List<Article> articles, java.util.Set<String> present) {
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        List<Article> accepted = new java.util.ArrayList<>();
        for (Article article : articles) {
            Optional<StoredArticle> existing = store.findForStaff(article.slug());
            // free: new, or stored from this file, or from a file that is gone; an API article keeps its slug
            boolean free = existing.isEmpty() || existing.get().article().sourceFile()
                    .map(file -> file.equals(article.sourceFile().orElse(null)) || !present.contains(file)).orElse(false);
            Optional<FieldError> image = free ? imageProblem(article) : Optional.empty();
            if (!free) {
                refused.put(article.slug(), takenMessage(article.slug()));
            } else if (image.isPresent()) {
                refused.put(article.slug(), image.get().toString());
            } else {
                accepted.add(article);
            }
        }
        if (!accepted.isEmpty()) {
            publish(store.saveAll(accepted, FILES, clock.instant()));
        }
        return refused;
    }

    /** Holds back the removal of these file articles (slug → file); an empty map ends the hold. */
    void holdRemovals(Map<String, String> fileBySlug) {
        store.holdRemovals(fileBySlug, clock.instant());
    }

    /** Removes the article of a file that is gone (restorable, as every removal). */
    void removeForFile(String slug, String why) {
        store.remove(slug, why, clock.instant()).ifPresent(this::publish);
    }

    private String takenMessage(String slug) {
        return store.findForStaff(slug)
                .map(stored -> stored.article().sourceFile()
                        .map(file -> "slug '" + slug + "' is already used by the article file " + file)
                        .orElse("slug '" + slug + "' is already used by an article created through the API"))
                .or(() -> store.removed(slug).map(removed -> "slug '" + slug + "' belongs to an article removed on "
                        + removed.removedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        + ": restore it on /admin/articles, or choose another slug"))
                .orElse("slug '" + slug + "' is already used by another article");
    }

    private static String readOnlyMessage(StoredArticle stored) {
        if (stored.partner().isPresent()) {
            return "article '" + stored.article().slug() + "' is a partner's item (source " + stored.partner().get().sources().get(0)
                    + "): it follows its source; narrow the source's filter in config/partners.yaml to leave it out";
        }
        return "article '" + stored.article().slug() + "' comes from the file " + stored.article().sourceFile().orElseThrow()
                + ": edit or delete that file instead";
    }

    private void publish(ArticleChange change) {
        publish(List.of(change));
    }

    private void publish(List<ArticleChange> changes) {
        List<ArticleChange> real = changes.stream().filter(change -> !change.affected().isEmpty()).toList();
        if (real.isEmpty()) {
            return;
        }
        for (Consumer<List<ArticleChange>> listener : listeners) {
            try {
                listener.accept(real);
            } catch (RuntimeException e) {
                LOG.error("change listener failed for articles={}", real.stream()
                        .map(c -> c.after().or(c::before).map(s -> s.article().slug()).orElse("?")).toList(), e);
            }
        }
    }

    /**
     * Stores one fetch's items of a partner source (new ones queued for alert matching in the same transaction) and
     * tells the listeners what changed: partner items take the same path as PSG's own articles.
     */
    public PartnerStore.Ingest savePartnerItems(PartnerStore partners, PartnerSource source, List<PartnerItem> items) {
        PartnerStore.Ingest ingest = partners.ingest(source, items, clock.instant());
        publish(ingest.changes());
        return ingest;
    }

    /** Every feed scope a batch of changes touched. */
    public static java.util.Set<uk.org.perusupportgroup.quipu.article.Scope> affected(List<ArticleChange> changes) {
        java.util.Set<uk.org.perusupportgroup.quipu.article.Scope> scopes = new java.util.LinkedHashSet<>();
        changes.forEach(change -> scopes.addAll(change.affected()));
        return scopes;
    }

    /** The articles these changes wrote or deleted (both slugs of a renamed one). */
    public static java.util.Set<String> slugs(List<ArticleChange> changes) {
        java.util.Set<String> slugs = new java.util.LinkedHashSet<>();
        for (ArticleChange change : changes) {
            change.before().ifPresent(article -> slugs.add(article.article().slug()));
            change.after().ifPresent(article -> slugs.add(article.article().slug()));
        }
        return slugs;
    }
}
