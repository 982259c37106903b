package uk.org.perusupportgroup.quipu.aggregate;

import io.vertx.core.Future;

/** Tells PSG's staff about a source that needs a person: failing, gone, or yielding nothing. */
public interface StaffNotifier {

    /** @param subject one line; {@code text} says what happened and what to do */
    Future<Void> notify(String subject, String text);
}
