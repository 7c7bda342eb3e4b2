package dev.pulse.collector.publish;

import ch.qos.logback.classic.Level;
import org.slf4j.LoggerFactory;

/**
 * Kafka's network client warns on every reconnect attempt while a broker is away: one line a second for as long as the
 * outage lasts. The publisher reports the outage itself, once, so that logger is raised to ERROR here, unless an
 * operator configured it explicitly.
 */
final class KafkaClientLogs {
    private static final String NETWORK_CLIENT = "org.apache.kafka.clients.NetworkClient";

    private KafkaClientLogs() {}

    static void quietReconnectWarnings() {
        if (LoggerFactory.getLogger(NETWORK_CLIENT) instanceof ch.qos.logback.classic.Logger logger
                && logger.getLevel() == null) {
            logger.setLevel(Level.ERROR);
        }
    }
}
