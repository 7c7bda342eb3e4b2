package dev.pulse.gateway.tcp;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.NegotiatingServerConnection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps connections that have not sent a request from holding the connection limit. When a new connection takes the
 * count past the limit, the oldest connection still without a complete first request head is closed: one of a flood of
 * half-open sockets, which the head timeout would close anyway, or, when every other connection is a client being
 * served, the new connection itself (a clean refusal: the peer reads the end of the stream at once, instead of waiting
 * in the kernel's accept queue until something else closes). Without this a flood up to the limit locked everyone else
 * out for the head timeout.
 *
 * <p>Counts network connections only (a TLS connection once, not also the HTTP connection inside it). Jetty's
 * {@code NetworkConnectionLimit} stays the hard bound on descriptors, a little above this limit, so the refused ones
 * can be accepted to be closed.
 */
public final class HalfOpenEviction implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(HalfOpenEviction.class);

    /** What was closed to make room. */
    public interface Evictions {
        void evicted(boolean newest);
    }

    private final int limit;
    private final Evictions evictions;
    private final AtomicInteger open = new AtomicInteger();
    /** Network connections in the order they opened that may still be without a request (pruned lazily). */
    private final Set<Connection> awaiting = new LinkedHashSet<>();

    public HalfOpenEviction(int limit, Evictions evictions) {
        this.limit = limit;
        this.evictions = evictions;
    }

    @Override
    public void onOpened(Connection connection) {
        if (inner(connection)) {
            return;
        }
        Connection evicted = null;
        synchronized (awaiting) {
            awaiting.add(connection);
            if (open.incrementAndGet() > limit) {
                evicted = oldestAwaiting();
            }
        }
        if (evicted != null) {
            boolean newest = evicted == connection;
            LOG.debug("connection closed at the limit newest={} remote={}", newest, remote(evicted));
            evicted.getEndPoint().close();
            evictions.evicted(newest);
        }
    }

    @Override
    public void onClosed(Connection connection) {
        if (inner(connection)) {
            return;
        }
        synchronized (awaiting) {
            awaiting.remove(connection);
            open.decrementAndGet();
        }
    }

    /** Network connections open now. */
    public int open() {
        return open.get();
    }

    private Connection oldestAwaiting() {
        // Each connection leaves the set once (a request in, or closed), so the scan costs O(1) per connection overall.
        for (Iterator<Connection> it = awaiting.iterator(); it.hasNext(); ) {
            Connection candidate = it.next();
            it.remove();
            if (candidate.getEndPoint().isOpen() && awaitingFirstRequest(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** True until the connection's first request head is in (for TLS: also during the handshake and ALPN). */
    static boolean awaitingFirstRequest(Connection network) {
        Connection connection =
                network instanceof SslConnection ssl ? ssl.getSslEndPoint().getConnection() : network;
        return switch (connection) {
            case null -> true;
            case HttpConnection http -> http.getMessagesIn() == 0;
            case NegotiatingServerConnection negotiating -> true;
            // HTTP/2: its requests are streams, which HTTP/2 bounds itself.
            default -> false;
        };
    }

    /** A connection inside another one (the HTTP connection inside TLS): the network connection counts. */
    private static boolean inner(Connection connection) {
        return connection.getEndPoint() instanceof SslConnection.SslEndPoint;
    }

    private static Object remote(Connection connection) {
        return connection.getEndPoint().getRemoteSocketAddress();
    }
}
