package dev.pulse.collector.poll;

import java.io.IOException;

/** The engine answered, but with an error status. 5xx counts against the engine, 4xx does not. */
public final class EngineHttpException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public EngineHttpException(int status, String path) {
        super("HTTP " + status + " from " + path);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public boolean isServerError() {
        return status >= 500;
    }
}
