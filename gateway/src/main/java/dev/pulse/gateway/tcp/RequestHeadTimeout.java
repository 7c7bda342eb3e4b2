package dev.pulse.gateway.tcp;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that has not sent a whole first request head this long after it opened (slowloris: a head dripped
 * a byte at a time never trips the idle timeout). Later requests of a kept-alive connection are covered by the idle
 * timeout only.
 */
public final class RequestHeadTimeout implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(RequestHeadTimeout.class);

    private final Duration timeout;
    private final Scheduler scheduler;

    public RequestHeadTimeout(Duration timeout, Scheduler scheduler) {
        this.timeout = timeout;
        this.scheduler = scheduler;
    }

    @Override
    public void onOpened(Connection connection) {
        // HTTP/1 only: a TLS connection counts no requests itself (the HTTP/1 one inside it is checked), and HTTP/2
        // bounds its streams by itself.
        if (!(connection instanceof HttpConnection)) {
            return;
        }
        scheduler.schedule(() -> closeIfNoRequest(connection), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void closeIfNoRequest(Connection connection) {
        if (connection.getMessagesIn() == 0 && connection.getEndPoint().isOpen()) {
            LOG.debug("request head timeout remote={}", connection.getEndPoint().getRemoteSocketAddress());
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        // nothing held per connection: the scheduled check finds it closed
    }
}
