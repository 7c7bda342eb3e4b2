package dev.pulse.ops;

/**
 * The JSON body of every error answer: what was wrong, never a stack trace.
 *
 * @param status the HTTP status
 * @param error a short category (bad_request, not_found, ...)
 * @param message what was wrong, for a person
 */
public record ApiError(int status, String error, String message) {}
