package dev.pulse.bench.fanout;

/** One of the two servers under fan-out load, as the harness sees it. */
interface SseServer extends AutoCloseable {
    String name();

    long pid();

    int port();

    /** The request path that subscribes to all three dashboard streams. */
    String path();

    /** Heap in use right after a full GC, in bytes (-1 if unknown). */
    long heapAfterGc();

    @Override
    void close();
}
