/**
 * Publishing: articles in (the editor's API and the article files), feeds out. Feed documents are
 * built from the store, written by ROME (RSS, Atom) or as JSON Feed, kept as {@link
 * uk.org.perusupportgroup.quipu.publish.Snapshot}s with strong ETags in a bounded Caffeine cache, and
 * invalidated scope by scope when an article changes; OPML; WebSub pings.
 */
package uk.org.perusupportgroup.quipu.publish;
