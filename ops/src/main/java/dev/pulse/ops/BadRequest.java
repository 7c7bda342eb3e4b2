package dev.pulse.ops;

/** A request the service will not serve, answered as 400 with a JSON {@link ApiError}. */
public final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadRequest(String message) {
        super(message, null, false, false);
    }
}
