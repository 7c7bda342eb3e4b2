package dev.pulse.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.faults.CollectedReadings.Delivery;
import dev.pulse.kafka.ScramUser;
import dev.pulse.process.Service;
import dev.pulse.processor.ProcessorConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.Test;

/**
 * The pipeline on a secured cluster as managed Kafka runs one: SASL_SSL (SCRAM-SHA-512 over TLS, a test CA of the run),
 * an authorizer that allows nothing by default, and each service logged in as its own user with only the ACLs of
 * {@link PipelineAcls}, all through {@code KAFKA_*} variables. Every collected reading must reach the dashboards and an
 * SSE client exactly once.
 */
class SecuredPipelineIT {
    private static final ScramUser COLLECTOR = ScramUser.named("pulse-collector");
    private static final ScramUser PROCESSOR = ScramUser.named("pulse-processor");
    private static final ScramUser GATEWAY = ScramUser.named("pulse-gateway");

    @Test
    void shouldRunEndToEndWhenEachServiceHasOnlyTheAclsItNeeds() throws Exception {
        PipelineTopics topics = PipelineTopics.PUBLIC;
        List<AclBinding> acls = new ArrayList<>();
        acls.addAll(PipelineAcls.collector(COLLECTOR, topics));
        acls.addAll(PipelineAcls.processor(PROCESSOR, topics, ProcessorConfig.DEFAULT_APPLICATION_ID));
        acls.addAll(PipelineAcls.gateway(GATEWAY, topics));
        try (FaultStack stack = FaultStack.startSecured(
                "secured-pipeline",
                Map.of(Service.COLLECTOR, COLLECTOR, Service.PROCESSOR, PROCESSOR, Service.GATEWAY, GATEWAY))) {
            try (Admin admin = stack.cluster().newAdmin()) {
                admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            }
            long started = System.currentTimeMillis();
            ClusterPipeline pipeline = ClusterPipeline.start(stack, "engine-secured");
            try (SseClient client = pipeline.streamingClient()) {
                long streamingAfterMs = System.currentTimeMillis() - started;
                pipeline.collector().stop();
                Delivery delivery = CollectedReadings.awaitDelivered(stack, client);

                Figures.of("secured-pipeline")
                        .put("protocol", "SASL_SSL")
                        .put("mechanism", ScramUser.MECHANISM)
                        .put("aclBindings", acls.size())
                        .put("streamingAfterStartMs", streamingAfterMs)
                        .put(
                                "rawReadings",
                                delivery.readings().rawSequences().values().stream()
                                        .mapToInt(List::size)
                                        .sum())
                        .put("dashboardMissing", delivery.dashboards().missingCount())
                        .put("dashboardDuplicates", delivery.dashboards().duplicateCount())
                        .put("sseGaps", delivery.client().missingCount())
                        .put("sseDuplicates", delivery.client().duplicateCount())
                        .report();

                assertThat(delivery.readings().rawDuplicates())
                        .as("readings written twice")
                        .isZero();
                assertThat(delivery.dashboards().exact())
                        .as("dashboards vs raw: %s", delivery.dashboards())
                        .isTrue();
                assertThat(delivery.client().exact())
                        .as("SSE client: %s", delivery.client())
                        .isTrue();
            }
        }
    }
}
