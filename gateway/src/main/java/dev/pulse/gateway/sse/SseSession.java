package dev.pulse.gateway.sse;

import dev.pulse.common.model.StreamName;
import dev.pulse.gateway.GatewayMetrics;
import dev.pulse.gateway.http.EventsRequest;
import dev.pulse.gateway.stream.CatchUpReader;
import dev.pulse.gateway.stream.CatchUps;
import dev.pulse.gateway.stream.ClientFeed;
import dev.pulse.gateway.stream.FanOut;
import dev.pulse.gateway.stream.Frame;
import dev.pulse.gateway.stream.PartitionLayout;
import dev.pulse.gateway.stream.ResumeToken;
import dev.pulse.gateway.stream.SseFrames;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of one SSE client: the start (snapshot, or replay from Kafka after a resume point) on a virtual thread of
 * its own, then the frames the fan-out queued, with a heartbeat comment when idle. An idle client has no thread: a
 * frame arriving starts a virtual thread that writes until the queue is empty (a parked thread per client cost 3 KB of
 * heap). A failed write means the client is gone; the session then ends and frees its slot.
 */
final class SseSession {
    private static final Logger LOG = LoggerFactory.getLogger(SseSession.class);
    private static final int BATCH = 64;

    private final FrameWriter out;
    private final EventsRequest request;
    private final ClientFeed feed;
    private final FanOut fanOut;
    private final CatchUps catchUps;
    private final SseSettings settings;
    private final GatewayMetrics metrics;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile long lastWriteNanos = System.nanoTime();

    SseSession(
            OutputStream out,
            EventsRequest request,
            FanOut fanOut,
            CatchUps catchUps,
            SseSettings settings,
            GatewayMetrics metrics) {
        this.out = new FrameWriter(out, metrics);
        this.request = request;
        this.feed = new ClientFeed(request.subscription(), settings.clientBuffer(), this::wake);
        this.fanOut = fanOut;
        this.catchUps = catchUps;
        this.settings = settings;
        this.metrics = metrics;
    }

    CompletableFuture<Void> done() {
        return done;
    }

    /** The container saw the connection fail or end. */
    void connectionGone() {
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

    /** Sends a heartbeat comment when nothing was written for the heartbeat interval. */
    void heartbeatIfIdle(long nowNanos) {
        if (nowNanos - lastWriteNanos >= settings.heartbeat().toNanos()) {
            feed.heartbeat();
        }
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
        done.complete(null);
    }

    private void resume() throws IOException, InterruptedException {
        PartitionLayout layout = fanOut.layout();
        Set<StreamName> streams = request.subscription().streams();
        int[] indexes = layout.indexes(streams);
        long[] from = new long[layout.size()];
        List<Map<String, Object>> notices = new ArrayList<>();
        request.token().ifPresent(token -> TokenPositions.fill(token, layout, streams, from, notices));
        try (CatchUpReader reader = catchUps.open()) {
            request.since().ifPresent(since -> reader.seekTime(since, indexes, from));
            notices.addAll(reader.checkRetention(indexes, from));
            for (Map<String, Object> notice : notices) {
                write(SseFrames.notice("error", notice), false);
            }
            flush();
            long[] until = fanOut.join(feed, from);
            long[] current = from.clone();
            reader.replay(indexes, from, until, (index, record) -> {
                current[index] = record.offset() + 1;
                if (record.value() != null && request.subscription().wantsEngine(record.key())) {
                    String id = ResumeToken.encode(layout, current, streams);
                    write(SseFrames.event(layout.stream(index).wireName(), id, record.value()), true);
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
                if (frame == Frame.DROPPED) {
                    endWith(
                            "too_slow",
                            "this client fell more than " + settings.clientBuffer()
                                    + " events behind and was disconnected; reconnect with your last id to resume");
                    return true;
                }
                if (frame == Frame.GONE) {
                    return true;
                }
                if (frame == Frame.SHUTDOWN) {
                    endWith(
                            "reconnect",
                            "this gateway is shutting down; reconnect with your last id to resume on another");
                    return true;
                }
                write(frame.bytes(), frame != Frame.HEARTBEAT);
            }
            flush();
            // Consumer read to written-and-flushed: the gateway's share of the delivery latency.
            long now = System.nanoTime();
            for (Frame frame : batch) {
                if (frame != Frame.HEARTBEAT) {
                    metrics.delivered(now - frame.readAtNanos());
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
