/**
 * Reach: who the feeds and alerts reach, counted per day without tracking anyone. Feed answers per feed (200 and 304,
 * bytes), the subscriber counts aggregators state, client families and an estimate of distinct readers (an HLL sketch
 * of a keyed hash that changes every day, never stored); alerts, mail and partner items per day ({@link
 * uk.org.perusupportgroup.quipu.reach.Tally}). Counts are added in memory and written in batches through {@code
 * store.ReachStore}; no address or User-Agent is ever written.
 */
package uk.org.perusupportgroup.quipu.reach;
