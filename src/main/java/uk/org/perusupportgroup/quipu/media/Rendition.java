package uk.org.perusupportgroup.quipu.media;

/** One clean file made of an upload: a photo at one width, or the PDF as it was sent. Width and height 0 for a PDF. */
public record Rendition(String name, int width, int height, MediaType type, byte[] bytes) {}
