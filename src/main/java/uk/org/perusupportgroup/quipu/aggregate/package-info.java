/**
 * Partner aggregation: fetch (conditional GET) → parse or scrape → sanitise → dedupe → tag → store.
 */
package uk.org.perusupportgroup.quipu.aggregate;
