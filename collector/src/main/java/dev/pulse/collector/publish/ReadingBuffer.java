package dev.pulse.collector.publish;

import dev.pulse.common.model.RawReading;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The readings Kafka has not acknowledged yet: queued ones and those handed to the producer (in flight). Together they
 * never exceed the capacity: when full, the oldest queued reading is dropped, so the newest survive an outage. Pollers
 * only {@link #offer}, which never blocks.
 */
public final class ReadingBuffer {
    private final int capacity;
    private final int maxInFlight;
    private final Deque<RawReading> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition sendable = lock.newCondition();
    private int inFlight;
    private long dropped;

    public ReadingBuffer(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2");
        }
        this.capacity = capacity;
        // In-flight readings cannot be dropped any more; keep them a small part of the capacity.
        this.maxInFlight = Math.max(1, Math.min(1_000, capacity / 4));
    }

    /** Adds a reading, dropping the oldest queued one if the buffer is full. Returns false if one was dropped. */
    public boolean offer(RawReading reading) {
        lock.lock();
        try {
            boolean room = queue.size() + inFlight < capacity;
            if (!room) {
                queue.pollFirst();
                dropped++;
            }
            queue.addLast(reading);
            sendable.signal();
            return room;
        } finally {
            lock.unlock();
        }
    }

    /** The next reading to send, counted as in flight; null if none is sendable within the timeout. */
    public RawReading takeForSend(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (queue.isEmpty() || inFlight >= maxInFlight) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = sendable.awaitNanos(nanos);
            }
            inFlight++;
            return queue.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** A reading taken for sending went back unsent: it goes first again, in order. */
    public void requeue(RawReading reading) {
        lock.lock();
        try {
            inFlight--;
            queue.addFirst(reading);
            sendable.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Kafka acknowledged (or finally refused) a reading in flight. */
    public void completed() {
        lock.lock();
        try {
            inFlight--;
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
}
