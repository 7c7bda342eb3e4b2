package dev.pulse.gateway.fanout;

import dev.pulse.common.model.StreamName;
import dev.pulse.gateway.kafka.PartitionLayout;
import dev.pulse.gateway.kafka.Positions;
import dev.pulse.gateway.resume.ResumeToken;
import dev.pulse.gateway.snapshot.SnapshotCache;
import dev.pulse.gateway.sse.SseFrames;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Hands every record the shared consumer reads to the clients that want it, as ready-made frames. A tombstone (an
 * engine retired) leaves the snapshot cache and reaches the clients as a {@code retired} event.
 *
 * <p>One lock orders everything: the position (next offset per partition after the last dispatched record), the
 * snapshot cache and the set of clients change together, so a client that joins sees the cache and position of one
 * instant and then every later record, with no gap and no duplicate.
 */
public final class FanOut {
    /** What a fresh client gets: the latest events, then everything after {@code position}. */
    public record Join(List<byte[]> snapshotFrames, Positions position) {}

    /** A consistent snapshot: the latest events and the token to continue live after them. */
    public record Snapshot(List<SnapshotCache.Entry> entries, String token) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final PartitionLayout layout;
    private final SnapshotCache cache;
    private Positions position;
    private final Set<ClientFeed> feeds = new LinkedHashSet<>();
    private final Consumer<ClientFeed> onDropped;
    private boolean closed;

    public FanOut(PartitionLayout layout, SnapshotCache cache, Consumer<ClientFeed> onDropped) {
        this.layout = layout;
        this.cache = cache;
        this.position = Positions.zero(layout);
        this.onDropped = onDropped;
    }

    public PartitionLayout layout() {
        return layout;
    }

    /** Sets where each partition starts, before the first record is dispatched. */
    public void seed(Positions beginning) {
        lock.lock();
        try {
            position = beginning;
        } finally {
            lock.unlock();
        }
    }

    /** Called by the shared consumer only; never blocks on a client. */
    public void dispatch(Iterable<ConsumerRecord<String, byte[]>> records) {
        long readAt = System.nanoTime();
        List<ClientFeed> dropped = new ArrayList<>();
        lock.lock();
        try {
            for (ConsumerRecord<String, byte[]> record : records) {
                int index = layout.index(record.topic(), record.partition());
                if (index < 0) {
                    continue;
                }
                StreamName stream = layout.stream(index);
                position = position.with(index, record.offset() + 1);
                if (record.key() != null) {
                    cache.put(stream, record.key(), record.value());
                }
                // A tombstone (the engine retired) has no engine to name without a key: nothing to tell then.
                if (record.value() != null || record.key() != null) {
                    offer(stream, index, record, readAt, dropped);
                }
            }
            dropped.forEach(feeds::remove);
        } finally {
            lock.unlock();
        }
        announceDropped(dropped);
    }

    private void offer(
            StreamName stream,
            int index,
            ConsumerRecord<String, byte[]> record,
            long readAt,
            List<ClientFeed> dropped) {
        Frame[] shared = new Frame[1 << StreamName.values().length];
        // A bit test, not Set.contains: this loop runs once per client per record on the consumer thread.
        int streamBit = 1 << stream.ordinal();
        for (ClientFeed feed : feeds) {
            if (feed.overflowed
                    || (feed.streamMask() & streamBit) == 0
                    || !feed.subscription().wantsEngine(record.key())
                    || record.offset() < feed.start.next(index)) {
                continue;
            }
            Frame frame;
            if (feed.ahead && (feed.ahead = isAhead(feed))) {
                // The client resumed with a token ahead of this replica: its ids must not go back.
                Positions merged = position.furthest(feed.start);
                frame = new Frame.Event(
                        SseFrames.ofRecord(
                                stream,
                                record.key(),
                                record.value(),
                                ResumeToken.encode(merged, feed.subscription().streams())),
                        readAt);
            } else {
                int mask = feed.streamMask();
                if (shared[mask] == null) {
                    shared[mask] = new Frame.Event(
                            SseFrames.ofRecord(
                                    stream,
                                    record.key(),
                                    record.value(),
                                    ResumeToken.encode(
                                            position, feed.subscription().streams())),
                            readAt);
                }
                frame = shared[mask];
            }
            if (!feed.offer(frame)) {
                feed.overflowed = true;
                dropped.add(feed);
            }
        }
    }

    /** Adds a client without a resume point: it gets the cached latest events first. */
    public Join joinFresh(ClientFeed feed) {
        lock.lock();
        try {
            String token = ResumeToken.encode(position, feed.subscription().streams());
            List<byte[]> frames = cache.entries(feed.subscription()).stream()
                    .map(e -> SseFrames.event(e.stream().wireName(), token, e.json()))
                    .toList();
            feed.start = Positions.zero(layout);
            feed.ahead = false;
            add(feed);
            return new Join(frames, position);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds a client that resumes from {@code start}: from now on it gets every record at or after its start. Returns
     * the position up to which the caller must replay from Kafka itself.
     */
    public Positions join(ClientFeed feed, Positions start) {
        lock.lock();
        try {
            feed.start = start;
            feed.ahead = isAhead(feed);
            add(feed);
            return position;
        } finally {
            lock.unlock();
        }
    }

    private void add(ClientFeed feed) {
        if (closed) {
            feed.shutdown();
        } else {
            feeds.add(feed);
        }
    }

    public void leave(ClientFeed feed) {
        lock.lock();
        try {
            feeds.remove(feed);
        } finally {
            lock.unlock();
        }
    }

    /** The current position. */
    public Positions position() {
        lock.lock();
        try {
            return position;
        } finally {
            lock.unlock();
        }
    }

    public Snapshot snapshot(Subscription subscription) {
        lock.lock();
        try {
            return new Snapshot(cache.entries(subscription), ResumeToken.encode(position, subscription.streams()));
        } finally {
            lock.unlock();
        }
    }

    /** Queues a notice for every client; one whose queue is full is dropped as slow, as for an event. */
    public void broadcast(byte[] notice) {
        Frame frame = new Frame.Notice(notice);
        List<ClientFeed> dropped = new ArrayList<>();
        lock.lock();
        try {
            for (ClientFeed feed : feeds) {
                if (!feed.overflowed && !feed.offer(frame)) {
                    feed.overflowed = true;
                    dropped.add(feed);
                }
            }
            dropped.forEach(feeds::remove);
        } finally {
            lock.unlock();
        }
        announceDropped(dropped);
    }

    /** Ends each dropped feed and counts it, after the lock is released: clients adding or leaving need not wait. */
    private void announceDropped(List<ClientFeed> dropped) {
        dropped.forEach(feed -> {
            feed.markDropped();
            onDropped.accept(feed);
        });
    }

    /** Tells every client to go (after what is already queued); they resume elsewhere. */
    public void shutdownAll() {
        lock.lock();
        try {
            closed = true;
            feeds.forEach(ClientFeed::shutdown);
            feeds.clear();
        } finally {
            lock.unlock();
        }
    }

    public int clientCount() {
        lock.lock();
        try {
            return feeds.size();
        } finally {
            lock.unlock();
        }
    }

    private boolean isAhead(ClientFeed feed) {
        return feed.start.isAheadOf(position, feed.subscription().streams());
    }
}
