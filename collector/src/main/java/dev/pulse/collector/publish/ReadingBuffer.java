package dev.pulse.collector.publish;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The readings Kafka has not acknowledged yet: queued ones and those handed to the producer (in flight). Together they
 * never exceed the capacity in readings nor, but for the one reading just offered, the capacity in bytes: when full,
 * the oldest queued readings are dropped, so the newest survive an outage. Pollers only {@link #offer}, which never
 * blocks.
 */
public final class ReadingBuffer {
    private final int capacity;
    private final long maxBytes;
    private final int maxInFlight;
    private final long maxInFlightBytes;
    private final Deque<Pending> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition sendable = lock.newCondition();
    private int inFlight;
    private long bytes;
    private long inFlightBytes;
    private long dropped;

    /** A buffer bounded by count only. */
    public ReadingBuffer(int capacity) {
        this(capacity, Long.MAX_VALUE);
    }

    public ReadingBuffer(int capacity, long maxBytes) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2");
        }
        if (maxBytes < 2) {
            throw new IllegalArgumentException("maxBytes must be at least 2");
        }
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        // In-flight readings cannot be dropped any more; keep them a small part of the capacity.
        this.maxInFlight = Math.max(1, Math.min(1_000, capacity / 4));
        this.maxInFlightBytes = Math.max(1, maxBytes / 4);
    }

    /** Adds a reading, dropping the oldest queued ones while the buffer is over a bound. False if any was dropped. */
    public boolean offer(Pending reading) {
        lock.lock();
        try {
            boolean room = true;
            while (!queue.isEmpty() && (queue.size() + inFlight >= capacity || bytes + reading.bytes() > maxBytes)) {
                bytes -= queue.pollFirst().bytes();
                dropped++;
                room = false;
            }
            queue.addLast(reading);
            bytes += reading.bytes();
            sendable.signal();
            return room;
        } finally {
            lock.unlock();
        }
    }

    /** The next reading to send, counted as in flight; null if none is sendable within the timeout. */
    public Pending takeForSend(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (queue.isEmpty() || inFlight >= maxInFlight || (inFlight > 0 && inFlightBytes >= maxInFlightBytes)) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = sendable.awaitNanos(nanos);
            }
            Pending next = queue.pollFirst();
            inFlight++;
            inFlightBytes += next.bytes();
            return next;
        } finally {
            lock.unlock();
        }
    }

    /** A reading taken for sending went back unsent: it goes first again, in order. */
    public void requeue(Pending reading) {
        lock.lock();
        try {
            inFlight--;
            inFlightBytes -= reading.bytes();
            queue.addFirst(reading);
            sendable.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Kafka acknowledged (or finally refused) a reading in flight. */
    public void completed(Pending reading) {
        lock.lock();
        try {
            inFlight--;
            inFlightBytes -= reading.bytes();
            bytes -= reading.bytes();
            sendable.signal();
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return queue.size() + inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes held, queued and in flight. */
    public long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }

    public long maxBytes() {
        return maxBytes;
    }
}
