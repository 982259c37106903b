package uk.org.perusupportgroup.quipu.article;

import java.time.Instant;

/**
 * One saved version of one of PSG's articles: who saved it, when, and the article as saved (its Markdown; {@code
 * bodyHtml} is empty: it is rendered again when the revision is restored).
 *
 * @param by the staff member's name; {@code file …} for a change made by editing the article's file
 */
public record Revision(long id, Instant at, String by, Article article) {}
