/**
 * Subscribers and their alerts, as plain records: an {@link uk.org.perusupportgroup.quipu.subscriber.Alert} (what a
 * subscriber has: a query, topics, regions, a frequency and a language, and its state), a request for one, and the
 * frequencies. The rules of alerts live in {@code alert}; their tables in {@code store}.
 */
package uk.org.perusupportgroup.quipu.subscriber;
