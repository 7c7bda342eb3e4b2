package dev.pulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.faults.SseClient.Received;
import dev.pulse.process.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Scenario 6: clients stream from gateway A; A is killed (SIGKILL); they reconnect to replica B with their last event
 * id. Meanwhile an engine whose partition the clients never received anything from starts reporting (Wikimedia's
 * KafkaSSE loses exactly those events). Then A is restarted and B killed, so the clients reconnect to a replica that is
 * just starting: no gap, no duplicate, no flood of old compacted data.
 */
@Isolated("its figures are the failover times, which a neighbour's load would stretch")
class GatewayFailoverIT {
    private static final int CLIENTS = Profile.pick(20, 100);

    @Test
    void shouldResumeEveryClientOnTheOtherReplicaWithoutGapOrDuplicateIncludingAQuietPartition() {
        String quiet = Partitions.engines("quiet", 1, p -> p == 2).getFirst();
        List<String> busy = Partitions.engines("busy", 4, p -> p != 2);
        try (FaultStack stack = FaultStack.start("gateway-failover");
                DashboardLog dashboards = new DashboardLog(stack.bootstrapServers());
                RawLoad load = new RawLoad(stack.bootstrapServers(), busy, Duration.ofMillis(200));
                RawLoad quietLoad = new RawLoad(stack.bootstrapServers(), List.of(quiet), Duration.ofMillis(200))) {
            ServiceNode processor = stack.node("processor", Service.PROCESSOR, Map.of());
            ServiceNode gatewayA = stack.node("gateway-a", Service.GATEWAY, Map.of());
            ServiceNode gatewayB = stack.node("gateway-b", Service.GATEWAY, Map.of());
            FaultStack.startAll(processor, gatewayA, gatewayB);
            load.start();
            ProcessorKillIT.awaitLiveAfter(dashboards, System.currentTimeMillis());

            List<SseClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(new SseClient(List.of(gatewayA.uri("/"), gatewayB.uri("/")), "/events"));
                }
                await("every client streaming LIVE events")
                        .atMost(Duration.ofMinutes(1))
                        .until(() -> clients.stream()
                                .allMatch(c -> c.events().stream()
                                                .filter(Received::live)
                                                .count()
                                        >= 10));
                clients.forEach(c -> c.holdReconnects(true));

                // A dies; while the clients are away, the quiet engine's first readings arrive on its partition.
                long killedA = System.currentTimeMillis();
                gatewayA.kill();
                await("every client noticed")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> clients.stream().allMatch(SseClient::offline));
                for (int i = 0; i < 5; i++) {
                    quietLoad.round();
                }
                await("the quiet engine's events committed")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> dashboards.liveSequences(quiet::equals).values().stream()
                                        .mapToInt(List::size)
                                        .sum()
                                == 15);
                long releasedAt = System.currentTimeMillis();
                clients.forEach(c -> c.holdReconnects(false));
                // On B, whichever stream of B: a catch-up that waited too long for its turn
                // (GATEWAY_MAX_CATCHUPS_PER_IP: these clients share one address) ends the stream, and the client
                // resumes once more; what counts is that nothing is missed or repeated (checked below).
                awaitOrDescribe(
                        "every client resumed on B",
                        clients,
                        quiet,
                        () -> clients.stream().allMatch(c -> onReplica(c, gatewayB, 1) && quietSeen(c, quiet) == 15));
                long resumedOnBMs = clients.stream()
                        .mapToLong(c -> firstAfter(c, 1) - releasedAt)
                        .max()
                        .orElse(-1);
                Map<SseClient, Integer> streamsBeforeKillB = new HashMap<>();
                clients.forEach(c -> streamsBeforeKillB.put(c, c.connections()));

                // A comes back; B dies while the clients are reconnecting to A as it starts.
                gatewayA.start();
                long killedB = System.currentTimeMillis();
                gatewayB.kill();
                quietLoad.round();
                awaitOrDescribe(
                        "every client resumed on the restarted A",
                        clients,
                        quiet,
                        () -> clients.stream()
                                .allMatch(c -> onReplica(c, gatewayA, streamsBeforeKillB.get(c))
                                        && quietSeen(c, quiet) == 18));
                long resumedOnAMs = clients.stream()
                        .mapToLong(c -> firstAfter(c, streamsBeforeKillB.get(c)) - killedB)
                        .max()
                        .orElse(-1);
                int mostStreams =
                        clients.stream().mapToInt(SseClient::connections).max().orElse(0);

                load.stop();
                Map<String, Long> written = new TreeMap<>(load.written());
                written.putAll(quietLoad.written());
                await("every client has every reading")
                        .atMost(Duration.ofMinutes(1))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> clients.stream()
                                .allMatch(
                                        c -> SequenceCheck.ofClient(c, written).missingCount() == 0));

                long gaps = 0;
                long duplicates = 0;
                for (SseClient client : clients) {
                    SequenceCheck check = SequenceCheck.ofClient(client, written);
                    gaps += check.missingCount();
                    duplicates += check.duplicateCount();
                }
                Figures.of("gateway-failover")
                        .put("clients", CLIENTS)
                        .put("quietEnginePartition", Partitions.of(quiet))
                        .put("quietEventsDuringDisconnect", 15)
                        .put("resumeOnBAfterReleaseMsMax", resumedOnBMs)
                        .put("resumeOnRestartedAAfterKillMsMax", resumedOnAMs)
                        .put("killedAToReleaseMs", releasedAt - killedA)
                        .put("mostStreamsOfAClient", mostStreams)
                        .put("gaps", gaps)
                        .put("duplicates", duplicates)
                        .report();

                assertThat(gaps).as("events missed by clients").isZero();
                assertThat(duplicates)
                        .as("events seen twice (or old data replayed) by clients")
                        .isZero();
            } finally {
                clients.forEach(SseClient::close);
            }
        }
    }

    /**
     * Waits up to 60 s for a resume; when it does not happen, fails with each client's state (replica, streams opened,
     * the quiet engine's LIVE events, notices), since the replicas' logs do not show a client's side. A fresh-clone run
     * once timed out here on a loaded machine and passed on its own, leaving nothing to tell which clients were behind.
     */
    private static void awaitOrDescribe(
            String alias, List<SseClient> clients, String quiet, Callable<Boolean> resumed) {
        try {
            await(alias).atMost(Duration.ofSeconds(60)).until(resumed);
        } catch (ConditionTimeoutException e) {
            StringBuilder states = new StringBuilder(alias + " did not happen within 60 s; clients:");
            for (int i = 0; i < clients.size(); i++) {
                SseClient c = clients.get(i);
                states.append(String.format(
                        "%n  client %d: replica=%s offline=%s streams=%d quietLive=%d notices=%s",
                        i, c.replica(), c.offline(), c.connections(), quietSeen(c, quiet), c.notices()));
            }
            throw new AssertionError(states.toString(), e);
        }
    }

    private static long quietSeen(SseClient client, String quiet) {
        return client.events().stream()
                .filter(e -> e.live() && quiet.equals(e.engineId()))
                .count();
    }

    /** Streaming from the replica now, on a stream opened after the first {@code streamsBefore}. */
    private static boolean onReplica(SseClient client, ServiceNode replica, int streamsBefore) {
        return !client.offline()
                && client.connections() > streamsBefore
                && client.replica().equals(replica.uri("/"));
    }

    /** When the client got its first event on a stream opened after the first {@code streamsBefore}. */
    private static long firstAfter(SseClient client, int streamsBefore) {
        return client.events().stream()
                .filter(e -> e.connection() > streamsBefore)
                .mapToLong(Received::atMs)
                .min()
                .orElse(Long.MAX_VALUE);
    }
}
