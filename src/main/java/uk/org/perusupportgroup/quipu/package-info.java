/**
 * Quipu, the Peru Support Group's syndication and alerts service. {@link uk.org.perusupportgroup.quipu.Main}
 * and {@link uk.org.perusupportgroup.quipu.QuipuVerticle} start and wire it; each subpackage owns one part.
 */
package uk.org.perusupportgroup.quipu;
