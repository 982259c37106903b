package uk.org.perusupportgroup.quipu.media;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/**
 * Makes the files of {@code src/test/resources/media/} (run {@link #main} to make them again; {@code photo.webp} and
 * {@code alpha.webp} are then made from {@code webp-source.png} and {@code alpha.png} by Debian's {@code cwebp}, see the
 * README there). Photos are drawn, never taken: the GPS position, camera and serial in {@code gps-exif.jpg} are made up.
 */
public final class MediaFixtures {

    /** In {@code gps-exif.jpg}: the words every metadata block carries, looked for in every output. */
    public static final String CAMERA_SERIAL = "QUIPU-SERIAL-4242";
    public static final String XMP_CREATOR = "Quipu Fixture Photographer";
    public static final String COMMENT = "Quipu fixture comment";

    private MediaFixtures() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/media");
        Files.createDirectories(dir);
        Files.write(dir.resolve("gps-exif.jpg"), gpsExifJpeg());
        Files.write(dir.resolve("huge-ihdr.png"), pngClaiming(100_000, 100_000));
        Files.writeString(dir.resolve("svg-with-script.png"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\">\n"
                + "  <script>fetch('/api/articles', {credentials: 'include'})</script>\n"
                + "  <rect width=\"100\" height=\"100\" fill=\"red\"/>\n</svg>\n");
        Files.write(dir.resolve("polyglot.jpg"), polyglotJpeg());
        Files.writeString(dir.resolve("page.html"), "<!DOCTYPE html>\n<html><head><title>Not a photo</title></head>"
                + "<body><script>alert(document.cookie)</script></body></html>\n");
        Files.writeString(dir.resolve("notes.txt"), "Minutes of the meeting, 3 March.\n");
        Files.write(dir.resolve("empty.jpg"), new byte[0]);
        byte[] photo = jpeg(drawing(800, 600, false));
        Files.write(dir.resolve("truncated.jpg"), Arrays.copyOf(photo, photo.length / 2));
        byte[] png = png(drawing(300, 200, true));
        Files.write(dir.resolve("truncated.png"), Arrays.copyOf(png, png.length * 2 / 3));
        Files.write(dir.resolve("alpha.png"), png);
        Files.write(dir.resolve("opaque.png"), png(drawing(320, 200, false)));
        Files.write(dir.resolve("webp-source.png"), png(drawing(240, 180, false)));
        Files.write(dir.resolve("drawing.gif"), gif(drawing(200, 150, false)));
        Files.write(dir.resolve("document.pdf"), pdf());
    }

    /** A noisy gradient (compresses like a photo), with transparent corners when {@code alpha}. */
    public static BufferedImage drawing(int width, int height, boolean alpha) {
        var image = new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 90, 160), width, height, new Color(220, 170, 60)));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 4, height / 4);   // top left: where "up" is
        g.dispose();
        Random random = new Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x, y);
                int noise = random.nextInt(17) - 8;
                int r = clamp((rgb >> 16 & 0xFF) + noise);
                int gr = clamp((rgb >> 8 & 0xFF) + noise);
                int b = clamp((rgb & 0xFF) + noise);
                int a = alpha && (x < width / 8 || y < height / 8) ? 0x40 : 0xFF;
                image.setRGB(x, y, a << 24 | r << 16 | gr << 8 | b);
            }
        }
        return image;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    public static byte[] jpeg(BufferedImage image) {
        return write(image, "jpeg");
    }

    static byte[] png(BufferedImage image) {
        return write(image, "png");
    }

    static byte[] gif(BufferedImage image) {
        return write(image, "gif");
    }

    private static byte[] write(BufferedImage image, String format) {
        var out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A 1100 × 1000 JPEG as a phone writes one: EXIF (camera make, model and serial, orientation 6 = turn 90° clockwise to
     * view, a GPS position in Lima), XMP (a creator), an ICC profile and a comment, each in its own segment after SOI.
     */
    static byte[] gpsExifJpeg() {
        byte[] plain = jpeg(drawing(1100, 1000, false));
        var out = new ByteArrayOutputStream();
        out.write(plain, 0, 2);   // SOI
        segment(out, 0xE1, concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), exifTiff()));
        segment(out, 0xE1, concat("http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1), (
                "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:creator>" + XMP_CREATOR
                + "</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>").getBytes(StandardCharsets.UTF_8)));
        byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
        segment(out, 0xE2, concat("ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1), new byte[] {1, 1}, icc));
        segment(out, 0xFE, (COMMENT + " " + CAMERA_SERIAL).getBytes(StandardCharsets.US_ASCII));
        out.write(plain, 2, plain.length - 2);
        return out.toByteArray();
    }

    /** A JPEG whose comment segment holds an HTML page. */
    static byte[] polyglotJpeg() {
        byte[] plain = jpeg(drawing(120, 90, false));
        var out = new ByteArrayOutputStream();
        out.write(plain, 0, 2);
        segment(out, 0xFE, "<HTML><Script>alert(document.domain)</Script></HTML>".getBytes(StandardCharsets.US_ASCII));
        out.write(plain, 2, plain.length - 2);
        return out.toByteArray();
    }

    private static void segment(ByteArrayOutputStream out, int marker, byte[] payload) {
        int length = payload.length + 2;
        out.write(0xFF);
        out.write(marker);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.write(payload, 0, payload.length);
    }

    /** Big-endian TIFF: IFD0 (Make, Model, Orientation, serial as ImageDescription, GPS pointer), then the GPS IFD. */
    private static byte[] exifTiff() {
        ByteBuffer b = ByteBuffer.allocate(1024);
        b.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
        byte[] make = "QuipuCam\0".getBytes(StandardCharsets.US_ASCII);
        byte[] model = "Fixture 1\0".getBytes(StandardCharsets.US_ASCII);
        byte[] serial = (CAMERA_SERIAL + "\0").getBytes(StandardCharsets.US_ASCII);
        int entries = 5;
        int ifd0End = 8 + 2 + entries * 12 + 4;
        int makeAt = ifd0End;
        int modelAt = makeAt + make.length;
        int serialAt = modelAt + model.length;
        int gpsAt = serialAt + serial.length + (serialAt + serial.length) % 2;
        b.putShort((short) entries);
        entry(b, 0x010E, 2, serial.length, serialAt);      // ImageDescription
        entry(b, 0x010F, 2, make.length, makeAt);          // Make
        entry(b, 0x0110, 2, model.length, modelAt);        // Model
        b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 6).putShort((short) 0);   // Orientation 6
        entry(b, 0x8825, 4, 1, gpsAt);                     // GPS IFD
        b.putInt(0);
        b.put(make).put(model).put(serial);
        while (b.position() < gpsAt) {
            b.put((byte) 0);
        }
        int gpsEntries = 4;
        int latitudeAt = gpsAt + 2 + gpsEntries * 12 + 4;
        int longitudeAt = latitudeAt + 24;
        b.putShort((short) gpsEntries);
        b.putShort((short) 1).putShort((short) 2).putInt(2).put(new byte[] {'S', 0, 0, 0});   // GPSLatitudeRef
        entry(b, 2, 5, 3, latitudeAt);                                                           // GPSLatitude
        b.putShort((short) 3).putShort((short) 2).putInt(2).put(new byte[] {'W', 0, 0, 0});   // GPSLongitudeRef
        entry(b, 4, 5, 3, longitudeAt);                                                          // GPSLongitude
        b.putInt(0);
        b.putInt(12).putInt(1).putInt(2).putInt(1).putInt(4600).putInt(100);   // 12° 2' 46.00"
        b.putInt(77).putInt(1).putInt(1).putInt(1).putInt(4200).putInt(100);   // 77° 1' 42.00"
        return Arrays.copyOf(b.array(), b.position());
    }

    private static void entry(ByteBuffer b, int tag, int type, int count, int offset) {
        b.putShort((short) tag).putShort((short) type).putInt(count).putInt(offset);
    }

    private static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(part, 0, part.length);
        }
        return out.toByteArray();
    }

    /** A small PNG whose IHDR claims {@code width} × {@code height} (CRCs correct), with a few bytes of image data. */
    static byte[] pngClaiming(int width, int height) {
        var out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, 0, 8);
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        var deflater = new Deflater();
        deflater.setInput(new byte[1024]);
        deflater.finish();
        byte[] data = new byte[1024];
        int length = deflater.deflate(data);
        chunk(out, "IDAT", Arrays.copyOf(data, length));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array(), 0, 4);
        out.write(name, 0, 4);
        out.write(data, 0, data.length);
        var crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array(), 0, 4);
    }

    /** A one-page PDF with a line of text, offsets in its cross-reference table correct. */
    static byte[] pdf() {
        String[] objects = {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R"
                    + " /Resources << /Font << /F1 5 0 R >> >> >>",
            null,
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
        String stream = "BT /F1 18 Tf 20 70 Td (Peru Support Group) Tj ET";
        objects[3] = "<< /Length " + stream.length() + " >>\nstream\n" + stream + "\nendstream";
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        int[] offsets = new int[objects.length];
        for (int i = 0; i < objects.length; i++) {
            offsets[i] = pdf.length();
            pdf.append(i + 1).append(" 0 obj\n").append(objects[i]).append("\nendobj\n");
        }
        int xref = pdf.length();
        pdf.append("xref\n0 ").append(objects.length + 1).append("\n0000000000 65535 f \n");
        for (int offset : offsets) {
            pdf.append(String.format("%010d 00000 n \n", offset));
        }
        pdf.append("trailer\n<< /Size ").append(objects.length + 1).append(" /Root 1 0 R >>\nstartxref\n").append(xref)
                .append("\n%%EOF\n");
        return pdf.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
