/**
 * Photos and documents staff upload for articles: what a file is, told from its bytes, never its name
 * ({@link uk.org.perusupportgroup.quipu.media.MediaInspector}); a clean copy of a photo, decoded and written again from
 * its pixels alone, at a few widths ({@link uk.org.perusupportgroup.quipu.media.ImageProcessor}); a PDF kept as sent;
 * and the service that checks, processes, stores and serves them ({@link uk.org.perusupportgroup.quipu.media.MediaLibrary}).
 * Plain Java and ImageIO (TwelveMonkeys' readers, Thumbnailator): no HTTP, no JDBC (the files are kept through
 * {@link uk.org.perusupportgroup.quipu.store.MediaStore}).
 */
package uk.org.perusupportgroup.quipu.media;
