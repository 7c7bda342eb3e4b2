package dev.pulse.collector.poll;

import dev.pulse.common.model.RawReading;

/** Where the poller hands readings; must not block (the publisher buffers). */
@FunctionalInterface
public interface ReadingSink {
    void accept(RawReading reading);
}
