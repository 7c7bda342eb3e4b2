package dev.pulse.gateway.fanout;

import dev.pulse.gateway.kafka.Positions;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client as the fan-out sees it: its subscription and a bounded queue of ready-made SSE frames. The fan-out only
 * ever offers (never blocks); a full queue means the client fell behind and is dropped, so it can neither slow the
 * others nor grow memory.
 *
 * <p>No thread waits on an idle client: the first frame offered to an empty, unattended queue calls the client's
 * {@code wake} action, which starts a writer; the writer drains the queue and gives it up again with {@link #idle()}.
 * At most one writer runs per client.
 */
public final class ClientFeed {

    private final Subscription subscription;
    private final int streamMask;
    private final int capacity;
    // Lock-free: the consumer thread offers to every client per record, and nobody waits on the
    // queue (an idle client has no thread), so a blocking queue's locks and signals were pure cost.
    private final ConcurrentLinkedQueue<Frame> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final Runnable wake;
    // Starts true: the client's first writer is the thread that sets it up (snapshot or replay).
    private final AtomicBoolean attended = new AtomicBoolean(true);
    private volatile boolean dropped;

    // Guarded by the fan-out's lock.
    Positions start;
    boolean ahead;
    boolean overflowed;

    /** A feed whose frames are only ever polled (tests). */
    public ClientFeed(Subscription subscription, int capacity) {
        this(subscription, capacity, () -> {});
    }

    /** @param wake starts a writer for this client; called when a frame arrives and none is running */
    public ClientFeed(Subscription subscription, int capacity, Runnable wake) {
        this.subscription = subscription;
        this.streamMask = subscription.streamMask();
        // Linked, not an array: an array queue would allocate all its slots up front (4 KB at the
        // default 1000), though most clients hold 0–2 frames.
        this.capacity = capacity;
        this.wake = wake;
    }

    public Subscription subscription() {
        return subscription;
    }

    int streamMask() {
        return streamMask;
    }

    /** False when the client's queue is full. */
    public boolean offer(Frame frame) {
        if (size.get() >= capacity) {
            return false;
        }
        add(frame);
        return true;
    }

    private void add(Frame frame) {
        size.incrementAndGet();
        queue.offer(frame);
        wakeWriter();
    }

    /** Ends the stream of a client that fell behind with a notice (it resumes from its last id). */
    public void markDropped() {
        dropped = true;
        // What it would have got is useless now (it resumes from its last id): free it at once.
        clear();
        end(Frame.DROPPED);
    }

    void shutdown() {
        end(Frame.SHUTDOWN);
    }

    /** The client's access token expired: the writer ends the stream with a notice. */
    public void expire() {
        end(Frame.EXPIRED);
    }

    /** The connection failed or closed: the writer stops at once instead of at its next write. */
    public void gone() {
        end(Frame.GONE);
    }

    /** Asks for a heartbeat comment; nothing to do when frames are waiting anyway. */
    public void heartbeat() {
        if (size.get() == 0) {
            add(Frame.HEARTBEAT);
        }
    }

    /** End markers always fit: the queue is bounded for frames only. */
    private void end(Frame marker) {
        add(marker);
    }

    private void clear() {
        while (queue.poll() != null) {
            size.decrementAndGet();
        }
    }

    private void wakeWriter() {
        if (attended.compareAndSet(false, true)) {
            wake.run();
        }
    }

    /**
     * The writer found the queue empty and wants to stop. True: it may (a later frame wakes a new writer). False: a
     * frame arrived meanwhile and the writer must go on.
     */
    public boolean idle() {
        attended.set(false);
        return queue.isEmpty() || !attended.compareAndSet(false, true);
    }

    public boolean dropped() {
        return dropped;
    }

    /** The next frame, or null if none is waiting. */
    public Frame poll() {
        Frame frame = queue.poll();
        if (frame != null) {
            size.decrementAndGet();
        }
        return frame;
    }

    /** Moves up to max waiting frames into the list without waiting. */
    public int drainTo(List<Frame> frames, int max) {
        int moved = 0;
        Frame frame;
        while (moved < max && (frame = poll()) != null) {
            frames.add(frame);
            moved++;
        }
        return moved;
    }
}
