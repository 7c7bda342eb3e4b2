package dev.pulse.collector.publish;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Whether Kafka acknowledges readings; logs once per change (and once per outage for drops), never per reading. */
final class KafkaLink {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaLink.class);

    private enum State {
        UNKNOWN,
        UP,
        DOWN
    }

    private final String bootstrapServers;
    private final ReadingBuffer buffer;
    private State state = State.UNKNOWN;
    private boolean dropsLogged;
    private String reason = "no reading acknowledged yet";

    KafkaLink(String bootstrapServers, ReadingBuffer buffer) {
        this.bootstrapServers = bootstrapServers;
        this.buffer = buffer;
    }

    synchronized boolean isUp() {
        return state == State.UP;
    }

    synchronized void up() {
        if (state == State.UP) {
            return;
        }
        if (state == State.DOWN) {
            LOG.info(
                    "kafka reachable again bootstrap={} draining={} dropped={}",
                    bootstrapServers,
                    buffer.size(),
                    buffer.dropped());
        } else {
            LOG.info("kafka reachable bootstrap={}", bootstrapServers);
        }
        state = State.UP;
        dropsLogged = false;
    }

    /** Why it went down last; a state change logs only the first reason, this is the latest. */
    synchronized String reason() {
        return reason;
    }

    synchronized void down(String reason) {
        this.reason = reason;
        if (state == State.DOWN) {
            return;
        }
        state = State.DOWN;
        LOG.warn(
                "kafka not taking readings, buffering them bootstrap={} buffered={} capacity={} reason=\"{}\"",
                bootstrapServers,
                buffer.size(),
                buffer.capacity(),
                reason);
    }

    synchronized void dropped() {
        if (!dropsLogged) {
            dropsLogged = true;
            LOG.warn(
                    "reading buffer full, dropping the oldest readings capacity={} max_bytes={}",
                    buffer.capacity(),
                    buffer.maxBytes());
        }
    }
}
