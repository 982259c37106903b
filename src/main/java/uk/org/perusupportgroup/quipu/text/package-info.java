/**
 * The sentences of the service in English and in Spanish: message bundles that pages, error answers and the refusals of
 * form fields share. Depends on nothing of the service but {@link uk.org.perusupportgroup.quipu.article.Language}.
 */
package uk.org.perusupportgroup.quipu.text;
