/**
 * Persistence: the connection pool and Flyway migrations ({@link uk.org.perusupportgroup.quipu.store.Database}),
 * and the article store on JDBC, the same SQL on H2 and PostgreSQL. Blocking; never called on an event loop.
 */
package uk.org.perusupportgroup.quipu.store;
