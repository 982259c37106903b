package uk.org.perusupportgroup.quipu.media;

/** What {@link MediaInspector} found a file to be: its type and, for an image, the size its header claims. */
public record Inspection(MediaType type, int width, int height) {}
