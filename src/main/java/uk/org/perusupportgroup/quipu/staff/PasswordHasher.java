package uk.org.perusupportgroup.quipu.staff;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Staff passwords hashed with Argon2id at the parameters of OWASP's Password Storage Cheat Sheet (19 MiB of memory, 2
 * passes, 1 lane; a 16-byte random salt, a 32-byte hash), written as a PHC string
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}) that carries its own parameters, so hashes made with others
 * still verify. About a tenth of a second of one core each. Thread-safe.
 */
public final class PasswordHasher {

    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;

    private final Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, PARALLELISM, MEMORY_KIB, ITERATIONS);

    public String hash(String password) {
        return encoder.encode(password);
    }

    /** Compares in constant time; a hash that is not an Argon2 PHC string never matches. */
    public boolean matches(String password, String hash) {
        return encoder.matches(password, hash);
    }
}
