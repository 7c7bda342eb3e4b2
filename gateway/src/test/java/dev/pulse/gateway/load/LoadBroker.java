package dev.pulse.gateway.load;

import dev.pulse.kafka.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;

/** Load-run helper: a Kafka broker in its own process; writes its bootstrap address to the file given. */
public final class LoadBroker {
    private LoadBroker() {}

    public static void main(String[] args) throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start();
        Files.writeString(Path.of(args[0]), broker.bootstrapServers());
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        Thread.currentThread().join();
    }
}
