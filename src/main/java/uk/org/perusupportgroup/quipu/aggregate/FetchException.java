package uk.org.perusupportgroup.quipu.aggregate;

import java.time.Duration;
import java.util.Optional;

/**
 * A fetch that did not yield a feed or page: an HTTP error status, a network failure, a timeout, a
 * body over the limit, a redirect loop, a refusal by robots.txt, or a request Quipu refuses to make (an
 * address that is not public, a redirect from https to http). The message says which, for staff.
 *
 * @param status the HTTP status, when the partner answered
 * @param retryAfter the partner's {@code Retry-After}, when it sent one
 */
public final class FetchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Optional<Integer> status;
    private final transient Optional<Duration> retryAfter;
    private final boolean refused;

    public FetchException(String message, Optional<Integer> status, Optional<Duration> retryAfter) {
        this(message, status, retryAfter, false);
    }

    private FetchException(String message, Optional<Integer> status, Optional<Duration> retryAfter, boolean refused) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
        this.refused = refused;
    }

    /**
     * A request Quipu will not make: its address is not a public one, or a redirect would leave https for http.
     *
     * @param status the status of the redirect that led there, if one did
     */
    static FetchException refused(String message, Optional<Integer> status) {
        return new FetchException(message, status, Optional.empty(), true);
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

    /** Whether Quipu refused to make the request (see {@link #refused(String, Optional)}): it was not sent. */
    public boolean refused() {
        return refused;
    }

    /** 410 Gone: the partner says the resource will not come back. */
    public boolean gone() {
        return status.filter(s -> s == 410).isPresent();
    }
}
