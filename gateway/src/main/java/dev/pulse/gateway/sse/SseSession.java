package dev.pulse.gateway.sse;

import dev.pulse.common.model.StreamName;
import dev.pulse.gateway.GatewayMetrics;
import dev.pulse.gateway.alert.AlertHub;
import dev.pulse.gateway.fanout.ClientFeed;
import dev.pulse.gateway.fanout.FanOut;
import dev.pulse.gateway.fanout.Frame;
import dev.pulse.gateway.http.EventsRequest;
import dev.pulse.gateway.kafka.CatchUpReader;
import dev.pulse.gateway.kafka.CatchUps;
import dev.pulse.gateway.kafka.ClusterWatch;
import dev.pulse.gateway.kafka.EnginePartitions;
import dev.pulse.gateway.kafka.PartitionLayout;
import dev.pulse.gateway.kafka.Positions;
import dev.pulse.gateway.resume.ResumeToken;
import dev.pulse.gateway.resume.TokenPositions;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of one SSE client: the start (snapshot, or replay from Kafka after a resume point) on a virtual thread of
 * its own, then the frames the fan-out queued, with a heartbeat comment when idle. An idle client has no thread: a
 * frame arriving starts a virtual thread that writes until the queue is empty (a parked thread per client cost heap per
 * idle connection: see docs/gateway.md and BENCHMARKS.md). A failed write means the client is gone; the session then
 * ends and frees its slot.
 */
final class SseSession {
    private static final Logger LOG = LoggerFactory.getLogger(SseSession.class);
    private static final int BATCH = 64;
    /**
     * A replay that writes nothing for this long (its filter matched nothing) writes a comment: only a write tells a
     * gone client, so a replay for nobody stops within about this long.
     */
    private static final long REPLAY_PROBE_NANOS = 1_000_000_000L;

    private final FrameWriter out;
    private final Runnable abort;
    private final EventsRequest request;
    private final ClientFeed feed;
    private final FanOut fanOut;
    private final CatchUps catchUps;
    private final SseSettings settings;
    private final GatewayMetrics metrics;
    private final AlertHub alerts;
    private final Supplier<ClusterWatch.Change> kafkaStatus;
    private final String address;
    private final long expiresAtNanos;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile long lastWriteNanos = System.nanoTime();
    private volatile boolean connectionGone;
    private volatile boolean expired;
    private final AtomicBoolean stalled = new AtomicBoolean();

    SseSession(
            OutputStream out,
            EventsRequest request,
            FanOut fanOut,
            CatchUps catchUps,
            SseSettings settings,
            GatewayMetrics metrics,
            AlertHub alerts,
            Supplier<ClusterWatch.Change> kafkaStatus,
            String address,
            Optional<Instant> expiresAt,
            Runnable abort) {
        this.out = new FrameWriter(out, metrics);
        this.abort = abort;
        this.alerts = alerts;
        this.kafkaStatus = kafkaStatus;
        this.request = request;
        this.feed = new ClientFeed(request.subscription(), settings.clientBuffer(), this::wake);
        this.fanOut = fanOut;
        this.catchUps = catchUps;
        this.settings = settings;
        this.metrics = metrics;
        this.address = address;
        long now = System.nanoTime();
        this.expiresAtNanos = expiresAt
                .map(at -> now + Math.max(0, Duration.between(Instant.now(), at).toNanos()))
                .orElse(Long.MAX_VALUE);
    }

    CompletableFuture<Void> done() {
        return done;
    }

    /** The container saw the connection fail or end. */
    void connectionGone() {
        connectionGone = true;
        feed.gone();
    }

    /**
     * Starts the stream on the calling thread: the retry hint, then the snapshot or the replay, then what is queued.
     */
    void run() {
        boolean live = false;
        try {
            write(SseFrames.retry(settings.retry().toMillis()), false);
            flush();
            if (request.resumes()) {
                resume();
            } else {
                for (byte[] frame : fanOut.joinFresh(feed).snapshotFrames()) {
                    write(frame, true);
                }
                flush();
            }
            if (request.subscription().alerts()) {
                // Not replayed on resume: the active alerts of now, then transitions live (docs/gateway.md).
                write(alerts.join(feed), true);
                flush();
            }
            // After the start, so the page shows why the data it just got is not moving; a change meanwhile is queued.
            Optional<byte[]> kafka = KafkaNotices.atConnect(kafkaStatus.get());
            if (kafka.isPresent()) {
                write(kafka.get(), false);
                flush();
            }
            live = true;
        } catch (IOException e) {
            LOG.debug("client gone error={}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("stream failed error={}", e.toString());
            tryEndWith("internal", "the stream failed; reconnect with your last id to resume");
        } finally {
            if (!live) {
                finish();
            }
        }
        if (live) {
            writeQueued();
        }
    }

    /** The fan-out queued a frame for this idle client: a new writer takes over. */
    private void wake() {
        Thread.startVirtualThread(this::writeQueued);
    }

    /**
     * Sends a heartbeat comment when nothing was written for the heartbeat interval; ends the stream when the client's
     * access token has run out.
     */
    void heartbeatIfIdle(long nowNanos) {
        if (nowNanos - expiresAtNanos >= 0 && !expired) {
            expired = true;
            feed.expire();
        } else if (nowNanos - lastWriteNanos >= settings.heartbeat().toNanos()) {
            feed.heartbeat();
        }
    }

    /**
     * Drops the client when its socket has not taken a write for the write timeout: it stopped reading, and the
     * socket's send buffer (bounded by GATEWAY_SEND_BUFFER) and its receive window are full. Closing the connection
     * fails the blocked write, so the writer ends and the slot is freed.
     */
    void dropIfStalled(long nowNanos) {
        long stalledNanos = out.stalledNanos(nowNanos);
        if (stalledNanos < settings.writeTimeout().toNanos() || !stalled.compareAndSet(false, true)) {
            return;
        }
        boolean queueFullFirst = feed.dropped();
        LOG.info(
                "client dropped as slow reason={} address={} stalledMs={} writeBytes={} queueFullFirst={}",
                GatewayMetrics.WRITE_STALLED,
                address,
                stalledNanos / 1_000_000,
                out.writingBytes(),
                queueFullFirst);
        if (!queueFullFirst) {
            // A client whose queue overflowed first was counted then.
            metrics.droppedSlow(GatewayMetrics.WRITE_STALLED);
        }
        abort.run();
    }

    private void writeQueued() {
        boolean ended = true;
        try {
            ended = forward();
        } catch (IOException e) {
            LOG.debug("client gone error={}", e.toString());
        } catch (RuntimeException e) {
            LOG.warn("stream failed error={}", e.toString());
            tryEndWith("internal", "the stream failed; reconnect with your last id to resume");
        } finally {
            if (ended) {
                finish();
            }
        }
    }

    private void finish() {
        fanOut.leave(feed);
        alerts.leave(feed);
        done.complete(null);
    }

    private void resume() throws IOException, InterruptedException {
        PartitionLayout layout = fanOut.layout();
        Set<StreamName> streams = request.subscription().streams();
        Positions from = Positions.zero(layout);
        List<Map<String, Object>> notices = new ArrayList<>();
        if (request.token().isPresent()) {
            TokenPositions mapped = TokenPositions.map(request.token().get(), layout, streams);
            from = mapped.positions();
            notices.addAll(mapped.notices());
        }
        try (CatchUpReader reader = catchUps.open(address)) {
            if (request.since().isPresent()) {
                from = reader.seekTime(request.since().get(), streams, from);
            }
            CatchUpReader.Checked checked = reader.checkRetention(streams, from);
            notices.addAll(checked.notices());
            for (Map<String, Object> notice : notices) {
                write(SseFrames.notice("error", notice), false);
            }
            flush();
            Positions until = fanOut.join(feed, checked.positions());
            Positions start = EnginePartitions.skipOthers(
                    checked.positions(), until, streams, request.subscription().engines());
            reader.replay(streams, start, until, (index, record, after) -> {
                if (connectionGone) {
                    throw new IOException("client gone during its replay");
                }
                boolean tombstoneWithoutEngine = record.value() == null && record.key() == null;
                if (!tombstoneWithoutEngine && request.subscription().wantsEngine(record.key())) {
                    String id = ResumeToken.encode(after, streams);
                    write(SseFrames.ofRecord(layout.stream(index), record.key(), record.value(), id), true);
                } else if (System.nanoTime() - lastWriteNanos > REPLAY_PROBE_NANOS) {
                    write(SseFrames.HEARTBEAT, false);
                    flush();
                }
            });
            flush();
        }
    }

    /**
     * Writes queued frames in batches until the queue is empty (false: this writer ends, the next frame starts another)
     * or the stream ends (true).
     */
    private boolean forward() throws IOException {
        List<Frame> batch = new ArrayList<>();
        while (true) {
            feed.drainTo(batch, BATCH);
            if (batch.isEmpty()) {
                if (feed.idle()) {
                    return false;
                }
                continue;
            }
            for (Frame frame : batch) {
                switch (frame) {
                    case Frame.Event event -> write(event.bytes(), true);
                    case Frame.Notice notice -> write(notice.bytes(), false);
                    case Frame.Heartbeat heartbeat -> write(SseFrames.HEARTBEAT, false);
                    case Frame.Dropped dropped -> {
                        LOG.info(
                                "client dropped as slow reason={} address={} queuedEvents={}",
                                GatewayMetrics.QUEUE_FULL,
                                address,
                                settings.clientBuffer());
                        endWith(
                                "too_slow",
                                "this client fell more than " + settings.clientBuffer()
                                        + " events behind and was disconnected; reconnect with your last id to "
                                        + "resume");
                        return true;
                    }
                    case Frame.Shutdown shutdown -> {
                        endWith(
                                "reconnect",
                                "this gateway is shutting down; reconnect with your last id to resume on another");
                        return true;
                    }
                    case Frame.Expired expiredFrame -> {
                        endWith(
                                "access_expired",
                                "the access token expired; reconnect with a new token (and your last id to resume)");
                        return true;
                    }
                    case Frame.Gone gone -> {
                        return true;
                    }
                }
            }
            flush();
            // Consumer read to written-and-flushed: the gateway's share of the delivery latency.
            long now = System.nanoTime();
            for (Frame frame : batch) {
                if (frame instanceof Frame.Event event) {
                    metrics.delivered(now - event.readAtNanos());
                }
            }
            batch.clear();
        }
    }

    private void endWith(String error, String message) throws IOException {
        flush();
        write(SseFrames.notice("error", Map.of("error", error, "message", message)), false);
        flush();
    }

    private void tryEndWith(String error, String message) {
        try {
            endWith(error, message);
        } catch (IOException | RuntimeException ignored) {
            // the client is gone already
        }
    }

    private void write(byte[] frame, boolean event) throws IOException {
        out.write(frame, event);
    }

    private void flush() throws IOException {
        out.flush();
        lastWriteNanos = System.nanoTime();
    }
}
