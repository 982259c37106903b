package uk.org.perusupportgroup.quipu.config;

import java.nio.file.Path;

/** The DKIM private key file of {@code mail.dkim.private-key}. */
public final class DkimKey {

    private DkimKey() {}

    /**
     * The base64 body of a PKCS#8 PEM key file ({@code -----BEGIN PRIVATE KEY-----}), checked to be an RSA key.
     *
     * @throws IllegalArgumentException saying what is wrong with the file
     */
    public static String read(Path file) {
        String pem;
        try {
            pem = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        if (pem.contains("BEGIN RSA PRIVATE KEY")) {
            throw new IllegalArgumentException(file + " is a PKCS#1 key; convert it: openssl pkcs8 -topk8 -nocrypt -in "
                    + file.getFileName() + " -out dkim.pem");
        }
        String body = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            java.security.KeyFactory.getInstance("RSA").generatePrivate(
                    new java.security.spec.PKCS8EncodedKeySpec(java.util.Base64.getDecoder().decode(body)));
        } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " is not a PKCS#8 PEM RSA private key (-----BEGIN PRIVATE KEY-----)");
        }
        return body;
    }

}
