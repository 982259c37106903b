package uk.org.perusupportgroup.quipu.mail;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Writes each message as an RFC 5322 file, {@code {yyyyMMdd-HHmmss}-{message id}.eml}, in one directory, for when
 * no SMTP server is configured: the files open in any mail program. Files appear whole (written aside, then moved
 * into place). A message id that already has a file is written over that same file, so a retried message leaves one
 * file.
 */
public final class EmlMailer implements Mailer {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._@+=-]");
    private static final int MAX_NAME = 180;

    private final Vertx vertx;
    private final Path dir;
    private final Clock clock;

    /** @param dir created on the first write if missing */
    public EmlMailer(Vertx vertx, Path dir) {
        this(vertx, dir, Clock.systemUTC());
    }

    /** @param clock gives the Date field and the file-name time stamp */
    public EmlMailer(Vertx vertx, Path dir, Clock clock) {
        this.vertx = vertx;
        this.dir = dir;
        this.clock = clock;
    }

    /** Writes the file on a worker thread; fails with a transient {@link MailException} when it cannot. */
    @Override
    public Future<Void> send(MailMessage message) {
        return vertx.<Void>executeBlocking(() -> {
            write(message);
            return null;
        }, false);
    }

    /** Writes the message now, on the calling thread. @return the file */
    Path write(MailMessage message) {
        Instant now = clock.instant();
        byte[] content = MimeWriter.write(message, now).getBytes(StandardCharsets.UTF_8);
        String id = fileNameOf(message.messageId());
        synchronized (this) {
            Path tmp = null;
            try {
                Files.createDirectories(dir);
                Path target = existing(id);
                if (target == null) {
                    target = dir.resolve(STAMP.format(now) + "-" + id + ".eml");
                }
                tmp = Files.createTempFile(dir, ".quipu-", ".eml.tmp");
                try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(content);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                tmp = null;
                return target;
            } catch (IOException e) {
                throw new MailException("could not write " + message.messageId() + " to " + dir + ": " + e, false,
                        OptionalInt.empty(), e);
            } finally {
                if (tmp != null) {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException e) {
                        // the write already failed; a stray temporary file is harmless
                    }
                }
            }
        }
    }

    /**
     * Deletes every file whose {@code To} field names {@code address} (compared without regard to case): an erased
     * subscriber leaves no message behind in the directory either.
     *
     * @throws UncheckedIOException when the directory cannot be read or a file not deleted
     */
    @Override
    public int forget(String address) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.eml")) {
            for (Path file : files) {
                if (recipients(file).stream().anyMatch(address::equalsIgnoreCase)) {
                    Files.deleteIfExists(file);
                    deleted++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the copies of messages to an erased address in " + dir, e);
        }
        return deleted;
    }

    /** The addresses of a written file's {@code To} field (as {@link MimeWriter} writes it: unfolded, comma-separated). */
    static List<String> recipients(Path file) throws IOException {
        StringBuilder to = null;
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null && !line.isEmpty(); line = lines.readLine()) {
                if (to != null && (line.startsWith(" ") || line.startsWith("\t"))) {
                    to.append(line);
                } else if (to != null) {
                    break;
                } else if (line.regionMatches(true, 0, "To:", 0, 3)) {
                    to = new StringBuilder(line.substring(3));
                }
            }
        }
        if (to == null) {
            return List.of();
        }
        List<String> addresses = new ArrayList<>();
        for (String mailbox : to.toString().split(",")) {
            int open = mailbox.lastIndexOf('<');
            int close = mailbox.lastIndexOf('>');
            addresses.add((open >= 0 && close > open ? mailbox.substring(open + 1, close) : mailbox).strip());
        }
        return addresses;
    }

    /** The file already written for this id, if any. */
    private Path existing(String id) throws IOException {
        Pattern name = Pattern.compile("\\d{8}-\\d{6}-" + Pattern.quote(id) + "\\.eml");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.eml")) {
            for (Path file : files) {
                if (name.matcher(file.getFileName().toString()).matches()) {
                    return file;
                }
            }
        }
        return null;
    }

    /**
     * The message id without its angle brackets, every character outside {@code A-Z a-z 0-9 . _ @ + = -} written as
     * {@code %XX}: distinct ids give distinct names, safe on any file system. Very long ids are cut and end in a hash.
     */
    static String fileNameOf(String messageId) {
        String bare = messageId.substring(1, messageId.length() - 1);
        StringBuilder out = new StringBuilder(bare.length());
        for (byte b : bare.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && SAFE.matcher(String.valueOf(c)).matches()) {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        if (out.length() <= MAX_NAME) {
            return out.toString();
        }
        return out.substring(0, MAX_NAME - 33) + "-" + sha256(bare).substring(0, 32);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
