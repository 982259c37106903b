package uk.org.perusupportgroup.quipu.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.org.perusupportgroup.quipu.article.PartnerItem;
import uk.org.perusupportgroup.quipu.article.PartnerSource;
import uk.org.perusupportgroup.quipu.article.SourceState;

/**
 * Partner items (kept in the article store beside PSG's articles), items held until their date, and
 * each source's polling state. Blocking: call it off the event loop.
 */
public interface PartnerStore {

    /** Why a new item of a pre-moderated source is out of the feeds: it waits in the staff queue. */
    String AWAITING_APPROVAL = "awaiting approval";

    /**
     * Stores one fetch's items of a source in one transaction: a new item becomes an article (held for approval,
     * and no change, when the source is pre-moderated); an item already known (by the source's key, or by its
     * canonical link through another source) is updated in place when its content changed, and otherwise left alone,
     * as is one whose article is out of the feeds (held or removed).
     */
    Ingest ingest(PartnerSource source, List<PartnerItem> items, Instant now);

    /**
     * @param changes what changed, for the feeds and alerts; a known story newly found in another
     *     source is a change of attribution only
     * @param added items stored for the first time
     * @param updated known items whose content changed
     */
    record Ingest(List<ArticleChange> changes, int added, int updated) {}

    /**
     * Records a partner article as hidden by staff: each source's key of its items and its canonical link, with
     * {@code reason}, so that no later poll of any source stores it again (items a fetch carries that are hidden are
     * left out of {@link #ingest}). The article itself is removed by the article store; one held for approval says
     * from now on why it was hidden.
     *
     * @return false when {@code slug} is no partner article
     */
    boolean hide(String slug, String reason, Instant now);

    /**
     * Publishes an item held for approval (its source is pre-moderated) and queues it for alert matching: it alerts at
     * its approval.
     *
     * @return what changed; empty when {@code slug} is not waiting for approval
     */
    Optional<ArticleChange> approve(String slug, Instant now);

    /** Lets polls store the article's items again (it is shown again); false when it was not hidden. */
    boolean unhide(String slug);

    /**
     * Gives a published partner article these topics and regions (in its feeds at once), and keeps them through every
     * later poll, whatever the item's words would give it.
     *
     * @return what changed; empty when {@code slug} is no published partner article
     */
    Optional<ArticleChange> retag(String slug, List<String> topics, List<String> regions, Instant now);

    /** Keeps an item dated in the future until {@code due}; a later copy replaces it. */
    void hold(String source, String key, Instant due, String payload);

    /** Removes and returns the held items whose date has come. */
    List<Held> releaseDue(Instant now);

    record Held(String source, String key, Instant due, String payload) {}

    /** Every source's state, by id; sources never polled are absent. */
    Map<String, SourceState> states();

    /** Saves a source's state after a poll, and ends the poller's lease on it. */
    void save(SourceState state);

    /**
     * Leases a source to one poller until {@code until}, when it is due by the state every instance shares (its next
     * check has come) and no other poller holds it. Several instances on one database thus poll each source once per
     * interval; a lease left by a dead instance lapses.
     *
     * @return whether this poller won the lease, and the source's shared state (empty when never polled)
     */
    Claim claim(String id, String owner, Instant now, Instant until);

    record Claim(boolean won, Optional<SourceState> state) {}
}
