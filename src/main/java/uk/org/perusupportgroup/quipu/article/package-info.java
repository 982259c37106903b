/**
 * The domain: articles, the topic and region vocabulary, feed scopes, and the rules of a valid
 * article (validation, dates, Markdown rendering). No Vert.x, ROME or JDBC types.
 */
package uk.org.perusupportgroup.quipu.article;
