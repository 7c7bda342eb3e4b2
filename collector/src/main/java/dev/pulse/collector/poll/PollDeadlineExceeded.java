package dev.pulse.collector.poll;

/**
 * The poll period ran out before a call could be (re)tried: the poll gives up rather than delay the next one. Carries
 * the failure of the last attempt, if there was one. Not a failure of the engine itself.
 */
final class PollDeadlineExceeded extends Exception {
    private static final long serialVersionUID = 1L;

    PollDeadlineExceeded(Throwable lastFailure) {
        super(
                "poll period exceeded" + (lastFailure == null ? "" : " after: " + FailureCause.describe(lastFailure)),
                lastFailure,
                false,
                false);
    }
}
