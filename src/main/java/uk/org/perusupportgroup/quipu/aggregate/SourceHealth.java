package uk.org.perusupportgroup.quipu.aggregate;

import java.time.Instant;
import java.util.Optional;
import uk.org.perusupportgroup.quipu.article.PartnerSource;
import uk.org.perusupportgroup.quipu.article.SourceState;

/**
 * A source's health as staff see it ({@code GET /api/partners}, {@code /admin/partners}).
 *
 * @param status {@code ok}, {@code failing}, {@code gone} (410: polling stopped), {@code empty} (a page
 *     that used to yield items yields none), {@code pending} (never polled) or {@code disabled}
 * @param stored how many items of the source are stored
 */
public record SourceHealth(PartnerSource source, SourceState state, String status, int stored, boolean polling) {

    /** When the source is polled next; empty when polling is off or stopped (gone), and for a source never polled yet (due now). */
    public Optional<Instant> nextCheck() {
        return polling && !state.gone() ? state.nextCheckAt() : Optional.empty();
    }

    static String status(SourceState state, boolean enabled) {
        if (!enabled) {
            return "disabled";
        }
        if (state.gone()) {
            return "gone";
        }
        if (state.consecutiveErrors() > 0) {
            return "failing";
        }
        if (state.lastFetchAt().isEmpty()) {
            return "pending";
        }
        if (state.emptyNotified()) {
            return "empty";
        }
        return "ok";
    }
}
