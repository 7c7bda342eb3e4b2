package dev.pulse.bench.fanout;

import dev.pulse.bench.stack.BenchStack;
import dev.pulse.kafka.EmbeddedKafkaBroker;

/** Wikimedia's KafkaSSE on Node, serving the same topics from the same broker. */
final class PeerServer implements SseServer {
    private final KafkaSsePeer peer;

    PeerServer(BenchStack stack, int clients) {
        this.peer = KafkaSsePeer.start(
                stack.home(),
                EmbeddedKafkaBroker.freePort(),
                stack.bootstrapServers(),
                clients,
                stack.logDir().resolve("kafka-sse.log"));
    }

    @Override
    public String name() {
        return "kafka-sse 0.4.2";
    }

    @Override
    public long pid() {
        return peer.pid();
    }

    @Override
    public int port() {
        return peer.port();
    }

    @Override
    public String path() {
        return "/dashboard.analytics,dashboard.memory,dashboard.graph";
    }

    @Override
    public long heapAfterGc() {
        return peer.heapUsedAfterGc();
    }

    @Override
    public void close() {
        peer.close();
    }
}
