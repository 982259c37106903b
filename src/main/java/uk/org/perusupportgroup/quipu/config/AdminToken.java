package uk.org.perusupportgroup.quipu.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin token: the configured one, else the one generated on first start and kept in
 * {@code data-dir/admin-token} (mode 0600).
 */
public final class AdminToken {

    private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);
    static final String FILE = "admin-token";

    private AdminToken() {}

    /** @throws ConfigException when the token file cannot be read or written */
    public static String resolve(QuipuConfig config) {
        if (config.adminToken().isPresent()) {
            return config.adminToken().get();
        }
        Path file = config.dataDir().resolve(FILE).toAbsolutePath();
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(file);
                } catch (FileAlreadyExistsException e) {
                    return read(file);
                }
                Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
                LOG.info("admin.token is not set: generated one in {} (mode 0600); use it as the Bearer token of the"
                        + " admin API and the password of /admin/", file);
                return token;
            }
            String token = read(file);
            LOG.info("admin.token is not set: using the generated token in {}", file);
            return token;
        } catch (IOException e) {
            throw new ConfigException("admin.token: not set, and the generated token file " + file + " cannot be used: " + e.getMessage());
        }
    }

    private static String read(Path file) throws IOException {
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.length() < 16) {
            throw new ConfigException("admin.token: the token in " + file + " is shorter than 16 characters");
        }
        return token;
    }
}
