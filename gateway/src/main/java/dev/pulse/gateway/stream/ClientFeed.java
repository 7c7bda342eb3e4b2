package dev.pulse.gateway.stream;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One client as the fan-out sees it: its subscription and a bounded queue of ready-made SSE frames.
 * The fan-out only ever offers (never blocks); a full queue means the client fell behind and is
 * dropped, so it can neither slow the others nor grow memory.
 */
public final class ClientFeed {

    private final Subscription subscription;
    private final int streamMask;
    private final ArrayBlockingQueue<Frame> queue;
    private volatile boolean dropped;

    // Guarded by the fan-out's lock.
    long[] start;
    boolean ahead;
    boolean overflowed;

    public ClientFeed(Subscription subscription, int capacity) {
        this.subscription = subscription;
        this.streamMask = subscription.streamMask();
        // One spare slot, so the end marker always fits.
        this.queue = new ArrayBlockingQueue<>(capacity + 1);
    }

    public Subscription subscription() {
        return subscription;
    }

    int streamMask() {
        return streamMask;
    }

    /** False when the client's queue is full. */
    boolean offer(Frame frame) {
        return queue.remainingCapacity() > 1 && queue.offer(frame);
    }

    void markDropped() {
        dropped = true;
        // What it would have got is useless now (it resumes from its last id): free it at once.
        queue.clear();
        end(Frame.DROPPED);
    }

    void shutdown() {
        end(Frame.SHUTDOWN);
    }

    /** The connection failed or closed: the writer stops at once instead of at its next write. */
    public void gone() {
        end(Frame.GONE);
    }

    private void end(Frame marker) {
        if (!queue.offer(marker)) {
            queue.clear();
            queue.offer(marker);
        }
    }

    public boolean dropped() {
        return dropped;
    }

    /** The next frame, or null after the timeout. */
    public Frame poll(Duration timeout) throws InterruptedException {
        return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Moves up to max waiting frames into the list without waiting. */
    public int drainTo(List<Frame> frames, int max) {
        return queue.drainTo(frames, max);
    }
}
