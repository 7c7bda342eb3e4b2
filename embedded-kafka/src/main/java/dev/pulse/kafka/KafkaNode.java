package dev.pulse.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of an {@link EmbeddedKafkaCluster} as a process of its own, so that a test can kill it (SIGKILL) like a
 * crashed broker: {@code KafkaNode <properties file> <cluster id> [<credentials file>]} formats the node's log
 * directory when it is empty (with the SCRAM credentials of the file, one {@code --add-scram} argument per line),
 * starts the node and runs until it is stopped or killed.
 */
public final class KafkaNode {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaNode.class);

    private KafkaNode() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 2 || args.length > 3) {
            LOG.error("usage: KafkaNode <properties file> <cluster id> [<credentials file>]");
            System.exit(2);
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
            properties.load(in);
        }
        Path logDir = Path.of(properties.getProperty("log.dirs"));
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            Files.createDirectories(logDir);
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            List<String> format = new ArrayList<>(List.of("format", "-t", args[1], "-c", args[0]));
            if (args.length == 3) {
                for (String credential : Files.readAllLines(Path.of(args[2]))) {
                    format.addAll(List.of("--add-scram", credential));
                }
            }
            int exit = kafka.tools.StorageTool.execute(
                    format.toArray(String[]::new), new PrintStream(output, true, StandardCharsets.UTF_8));
            if (exit != 0) {
                LOG.error("formatting failed: {}", output.toString(StandardCharsets.UTF_8));
                System.exit(1);
            }
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
            stopped.countDown();
        }));
        server.startup();
        stopped.await();
    }
}
