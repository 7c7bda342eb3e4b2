package dev.pulse.collector.engines;

import java.net.http.HttpRequest;

/**
 * Which header names the JDK's HTTP client lets a request set: checked when the file is read, not at the first poll.
 */
final class HeaderNames {
    private HeaderNames() {}

    static boolean isAllowed(String name) {
        try {
            HttpRequest.newBuilder().header(name, "x");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
