package uk.org.perusupportgroup.quipu.mail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks an rsa-sha256, relaxed/relaxed DKIM signature (RFC 6376 §3.4.2, §3.4.4, §3.7) of a raw message against a
 * public key: the body hash and the signature over the signed headers. Enough to test our signing; not a full verifier.
 */
final class DkimVerifier {

    private DkimVerifier() {}

    /** The tags of the message's DKIM-Signature, after checking it; throws AssertionError saying what is wrong. */
    static Map<String, String> verify(String raw, PublicKey key) throws Exception {
        int split = raw.indexOf("\r\n\r\n");
        List<String> fields = unfoldedFields(raw.substring(0, split + 2));
        String body = raw.substring(split + 4);
        String signature = fields.stream().filter(f -> f.toLowerCase(Locale.ROOT).startsWith("dkim-signature:")).findFirst()
                .orElseThrow(() -> new AssertionError("no DKIM-Signature"));
        Map<String, String> tags = new LinkedHashMap<>();
        for (String tag : signature.substring(signature.indexOf(':') + 1).split(";")) {
            int eq = tag.indexOf('=');
            if (eq > 0) {
                tags.put(tag.substring(0, eq).strip(), tag.substring(eq + 1).replaceAll("\\s", ""));
            }
        }
        if (!"rsa-sha256".equals(tags.get("a")) || !"relaxed/relaxed".equals(tags.get("c"))) {
            throw new AssertionError("unexpected a= or c=: " + tags);
        }
        String bodyHash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(relaxedBody(body).getBytes(StandardCharsets.UTF_8)));
        if (!bodyHash.equals(tags.get("bh"))) {
            throw new AssertionError("body hash differs: computed " + bodyHash + ", signed " + tags.get("bh"));
        }
        StringBuilder signed = new StringBuilder();
        List<String> remaining = new ArrayList<>(fields);
        for (String name : tags.get("h").split(":")) {
            for (int i = remaining.size() - 1; i >= 0; i--) { // the last instance first (§5.4.2)
                String field = remaining.get(i);
                if (field.substring(0, field.indexOf(':')).strip().equalsIgnoreCase(name)) {
                    signed.append(relaxedHeader(field)).append("\r\n");
                    remaining.remove(i);
                    break;
                }
            }
        }
        String own = relaxedHeader(signature).replaceAll("b=[^;]*$", "b=").replaceAll("b=[^;]*;", "b=;");
        signed.append(own);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(key);
        rsa.update(signed.toString().getBytes(StandardCharsets.UTF_8));
        if (!rsa.verify(Base64.getDecoder().decode(tags.get("b")))) {
            throw new AssertionError("the signature does not verify over:\n" + signed);
        }
        return tags;
    }

    private static List<String> unfoldedFields(String header) {
        List<String> fields = new ArrayList<>();
        for (String line : header.split("\r\n")) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                fields.set(fields.size() - 1, fields.get(fields.size() - 1) + "\r\n" + line);
            } else if (!line.isEmpty()) {
                fields.add(line);
            }
        }
        return fields;
    }

    private static String relaxedHeader(String field) {
        int colon = field.indexOf(':');
        String name = field.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = field.substring(colon + 1).replace("\r\n", "").replaceAll("[ \t]+", " ").strip();
        return name + ":" + value;
    }

    private static String relaxedBody(String body) {
        String[] lines = body.split("\r\n", -1);
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line.replaceAll("[ \t]+", " ").replaceAll(" +$", "")).append("\r\n");
        }
        String text = out.toString();
        while (text.endsWith("\r\n\r\n")) {
            text = text.substring(0, text.length() - 2);
        }
        return text.equals("\r\n") ? "" : text;
    }
}
