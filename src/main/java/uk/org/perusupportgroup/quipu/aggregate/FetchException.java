package uk.org.perusupportgroup.quipu.aggregate;

import java.time.Duration;
import java.util.Optional;

/**
 * A fetch that did not yield a feed or page: an HTTP error status, a network failure, a timeout, a
 * body over the limit, a redirect loop or a refusal by robots.txt. The message says which, for staff.
 *
 * @param status the HTTP status, when the partner answered
 * @param retryAfter the partner's {@code Retry-After}, when it sent one
 */
public final class FetchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Optional<Integer> status;
    private final transient Optional<Duration> retryAfter;

    public FetchException(String message, Optional<Integer> status, Optional<Duration> retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public FetchException(String message) {
        this(message, Optional.empty(), Optional.empty());
    }

    public Optional<Integer> status() {
        return status;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    /** 410 Gone: the partner says the resource will not come back. */
    public boolean gone() {
        return status.filter(s -> s == 410).isPresent();
    }
}
