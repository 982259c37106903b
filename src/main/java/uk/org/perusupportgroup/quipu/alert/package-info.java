/**
 * Keyword alerts: the query language, its analysis (case, accents, stemming, synonyms) and matching
 * of articles against queries. Alerts, digests and the outbox follow.
 */
package uk.org.perusupportgroup.quipu.alert;
