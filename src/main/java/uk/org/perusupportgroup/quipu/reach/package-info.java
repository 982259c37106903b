/**
 * Reach: who the feeds and alerts reach, counted per day without tracking anyone. Feed answers per feed (200 and 304,
 * bytes), the subscriber counts aggregators state and client families (both read from the User-Agent by {@link
 * uk.org.perusupportgroup.quipu.reach.UserAgents}, which keeps nothing of it), and an estimate of distinct readers
 * (an HLL sketch of a keyed hash that changes every day, never stored); alerts, mail and partner items per day
 * ({@link uk.org.perusupportgroup.quipu.reach.Tally}). Counts are added in memory and written in batches through
 * {@code store.ReachStore}; no address or User-Agent is ever written.
 */
package uk.org.perusupportgroup.quipu.reach;
