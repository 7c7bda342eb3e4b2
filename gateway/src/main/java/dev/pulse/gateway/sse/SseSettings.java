package dev.pulse.gateway.sse;

import java.time.Duration;

/**
 * How each SSE stream behaves.
 *
 * @param heartbeat comment sent when the stream was idle this long
 * @param retry the reconnect delay suggested to clients
 * @param clientBuffer events queued per client before it counts as slow and is dropped
 * @param writeTimeout a write the client's socket has not taken for this long drops the client as slow
 */
public record SseSettings(Duration heartbeat, Duration retry, int clientBuffer, Duration writeTimeout) {}
