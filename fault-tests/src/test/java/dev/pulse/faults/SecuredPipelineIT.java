package dev.pulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.faults.CollectedReadings.Delivery;
import dev.pulse.kafka.ScramUser;
import dev.pulse.process.Service;
import dev.pulse.processor.ProcessorConfig;
import dev.pulse.testing.Hold;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The pipeline on a secured cluster as managed Kafka runs one: SASL_SSL (SCRAM-SHA-512 over TLS, a test CA of the run),
 * an authorizer that allows nothing by default, and each service logged in as its own user with only the ACLs of
 * {@link PipelineAcls}, all through {@code KAFKA_*} variables. Every collected reading must reach the dashboards and an
 * SSE client exactly once. The refusals come second: once granted, their processor reprocesses the raw topic under an
 * application id of its own, which must not happen while the first test counts the dashboards.
 */
@Isolated("TLS handshakes and SCRAM logins of a whole pipeline keep both cores busy")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuredPipelineIT {
    private static final ScramUser COLLECTOR = ScramUser.named("pulse-collector");
    private static final ScramUser PROCESSOR = ScramUser.named("pulse-processor");
    private static final ScramUser GATEWAY = ScramUser.named("pulse-gateway");
    private static final ScramUser NOBODY = ScramUser.named("pulse-nobody");
    private static final String REFUSED_APPLICATION_ID = "pulse-processor-refused";

    private static FaultStack stack;
    private static int aclBindings;

    @BeforeAll
    static void startTheSecuredClusterWithTheAcls() throws Exception {
        PipelineTopics topics = PipelineTopics.PUBLIC;
        List<AclBinding> acls = new ArrayList<>();
        acls.addAll(PipelineAcls.collector(COLLECTOR, topics));
        acls.addAll(PipelineAcls.processor(PROCESSOR, topics, ProcessorConfig.DEFAULT_APPLICATION_ID));
        acls.addAll(PipelineAcls.gateway(GATEWAY, topics));
        aclBindings = acls.size();
        stack = FaultStack.startSecured(
                "secured-pipeline",
                Map.of(Service.COLLECTOR, COLLECTOR, Service.PROCESSOR, PROCESSOR, Service.GATEWAY, GATEWAY),
                List.of(NOBODY));
        try (Admin admin = stack.cluster().newAdmin()) {
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void shouldRunEndToEndWhenEachServiceHasOnlyTheAclsItNeeds() throws Exception {
        long started = System.currentTimeMillis();
        ClusterPipeline pipeline = ClusterPipeline.start(stack, "engine-secured");
        try (SseClient client = pipeline.streamingClient()) {
            long streamingAfterMs = System.currentTimeMillis() - started;
            pipeline.collector().stop();
            Delivery delivery = CollectedReadings.awaitDelivered(stack, client);

            delivery.addTo(Figures.of("secured-pipeline")
                            .put("protocol", "SASL_SSL")
                            .put("mechanism", ScramUser.MECHANISM)
                            .put("aclBindings", aclBindings)
                            .put("streamingAfterStartMs", streamingAfterMs)
                            .put(
                                    "rawReadings",
                                    delivery.readings().rawSequences().values().stream()
                                            .mapToInt(List::size)
                                            .sum()))
                    .report();

            delivery.assertExact();
        }
    }

    /**
     * A wrong password, and a user without ACLs: the gateway stops at start-up, the processor and the collector turn
     * not-ready, each with one line that says what Kafka refused, and no log holds a password. Granted the ACLs, the
     * processor and the collector turn ready without a restart.
     */
    @Test
    @Order(2)
    void shouldSayInOneLineWhatKafkaRefusedAndNeverLogAPassword() throws Exception {
        ScramUser impostor = new ScramUser(GATEWAY.name(), "wrong-" + GATEWAY.password());
        ServiceNode gateway = stack.node("gateway-wrong-password", Service.GATEWAY, loginAs(impostor));
        // An application id of its own: granted below, it must not join the group of the other test's processor.
        ServiceNode processor = stack.node(
                "processor-without-acls",
                Service.PROCESSOR,
                mapWith(loginAs(NOBODY), "PROCESSOR_APPLICATION_ID", REFUSED_APPLICATION_ID));
        ServiceNode collector = stack.node(
                "collector-without-acls",
                Service.COLLECTOR,
                mapWith(loginAs(NOBODY), "ENGINE_URLS", "engine-refused=http://127.0.0.1:9/engines/engine-refused"));
        long launched = System.currentTimeMillis();
        gateway.launch();
        processor.launch();
        collector.launch();

        await("the gateway with a wrong password ends")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !gateway.isAlive());
        long gatewayEndedMs = System.currentTimeMillis() - launched;
        await("the processor and the collector say why they are not ready")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> Http.get(processor.uri("/ready")).body().contains("ACL is missing")
                        && Http.get(collector.uri("/ready")).body().contains("ACL is missing"));
        String processorReady = Http.get(processor.uri("/ready")).body();
        String collectorReady = Http.get(collector.uri("/ready")).body();
        // At least one more of the processor's retries (every 5 s): the refusal must still be one line.
        Hold.holdFor(Duration.ofSeconds(6));
        List<String> gatewayLines = lines(gateway, "failed to start");
        List<String> processorLines = lines(processor, "stream thread stopped");
        List<String> collectorLines = lines(collector, "kafka not taking readings");

        // then: once an operator grants what they lack, both go on by themselves
        try (Admin admin = stack.cluster().newAdmin()) {
            List<AclBinding> grants = new ArrayList<>(PipelineAcls.collector(NOBODY, PipelineTopics.PUBLIC));
            grants.addAll(PipelineAcls.processor(NOBODY, PipelineTopics.PUBLIC, REFUSED_APPLICATION_ID));
            admin.createAcls(grants).all().get(30, TimeUnit.SECONDS);
        }
        long granted = System.currentTimeMillis();
        await("the processor and the collector ready once granted")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> Http.get(processor.uri("/ready")).status() == 200
                        && Http.get(collector.uri("/ready")).status() == 200);
        long readyAfterGrantMs = System.currentTimeMillis() - granted;
        List<String> allowedAgain = lines(processor, "kafka allows the processor again");
        collector.stop();
        processor.stop();

        Figures.of("secured-refusals")
                .put("gatewayEndedAfterMs", gatewayEndedMs)
                .put("gatewayLines", gatewayLines.size())
                .put("processorRefusalLines", processorLines.size())
                .put("collectorRefusalLines", collectorLines.size())
                .put("bothReadyAfterGrantMs", readyAfterGrantMs)
                .report();

        assertThat(gatewayLines)
                .as("the gateway's start-up failure")
                .singleElement(InstanceOfAssertFactories.STRING)
                .contains("kafka refused the login", "invalid credentials");
        assertThat(processorReady).contains(PipelineTopics.PUBLIC.raw().name());
        assertThat(processorLines)
                .as("the processor's refusal, over its retries")
                .singleElement(InstanceOfAssertFactories.STRING)
                .contains("ACL is missing", PipelineTopics.PUBLIC.raw().name());
        assertThat(collectorReady)
                .contains("ACL is missing", PipelineTopics.PUBLIC.raw().name());
        assertThat(collectorLines).as("the collector's refusal").hasSize(1);
        assertThat(allowedAgain).as("the processor's line once granted").hasSize(1);
        for (ServiceNode node : List.of(gateway, processor, collector)) {
            String output = String.join("\n", node.outputOfLatestStart());
            for (String password : List.of(impostor.password(), NOBODY.password(), GATEWAY.password())) {
                assertThat(output).as("%s's log", node.name()).doesNotContain(password);
            }
        }
    }

    private static Map<String, String> loginAs(ScramUser user) {
        return FaultStack.variables(stack.cluster().clientProperties(user));
    }

    private static Map<String, String> mapWith(Map<String, String> base, String name, String value) {
        Map<String, String> map = new HashMap<>(base);
        map.put(name, value);
        return map;
    }

    private static List<String> lines(ServiceNode node, String containing) throws IOException {
        return node.outputOfLatestStart().stream()
                .filter(line -> line.contains(containing))
                .toList();
    }
}
