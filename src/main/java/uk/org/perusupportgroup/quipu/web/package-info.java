/**
 * HTTP: the route table ({@link uk.org.perusupportgroup.quipu.web.Routes}), small handlers for feeds,
 * pages, the admin API and staff pages, conditional GET, and the one error responder. Nothing outside
 * this package sees a RoutingContext.
 */
package uk.org.perusupportgroup.quipu.web;
