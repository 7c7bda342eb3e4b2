package dev.pulse.collector;

import dev.pulse.collector.engines.EnginesFile;
import dev.pulse.collector.engines.EnginesFileException;
import dev.pulse.collector.metrics.CollectorMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Re-reads the engines file when its content changes (checked every {@link #CHECK_EVERY}) and on SIGHUP, and moves the
 * fleet to it. A file that does not pass validation is refused with one log line and the running set stays; the same
 * bad content is not reported again. Content is compared rather than the modification time, which editors and ConfigMap
 * updates (a symlink swap) do not change reliably.
 */
final class EnginesReloader implements AutoCloseable {
    static final Duration CHECK_EVERY = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(EnginesReloader.class);

    private final EnginesSource source;
    private final Fleet fleet;
    private final CollectorMetrics metrics;
    private final ScheduledExecutorService checker;
    private byte[] seen;
    private SignalHandler previousHangup;

    EnginesReloader(EnginesSource source, Fleet fleet, CollectorMetrics metrics, Duration checkEvery) {
        this.source = source;
        this.fleet = fleet;
        this.metrics = metrics;
        this.seen = read();
        this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "collector-engines-reloader");
            thread.setDaemon(true);
            return thread;
        });
        checker.scheduleWithFixedDelay(
                () -> check(false), checkEvery.toMillis(), checkEvery.toMillis(), TimeUnit.MILLISECONDS);
        hangupReloads();
    }

    /**
     * SIGHUP reloads at once. The JVM treats SIGHUP as a shutdown signal by default; taking it over is refused under
     * {@code -Xrs} or where the signal does not exist, and then only the content check reloads.
     */
    private void hangupReloads() {
        try {
            previousHangup = Signal.handle(new Signal("HUP"), signal -> checker.execute(() -> check(true)));
        } catch (IllegalArgumentException e) {
            LOG.info("SIGHUP not available, the engines file is reloaded when it changes file={}", source.file());
        }
    }

    /** Reloads now if the content changed, or in any case when {@code forced} (SIGHUP). */
    synchronized void check(boolean forced) {
        byte[] content = read();
        if (content == null || (!forced && Arrays.equals(content, seen))) {
            return;
        }
        seen = content;
        try {
            Fleet.Change change = fleet.apply(source.load());
            metrics.reload(change.isEmpty() ? "unchanged" : "applied");
            LOG.info(
                    "engines file reloaded file={} added={} removed={} changed={} polled={}",
                    source.file(),
                    change.added(),
                    change.removed(),
                    change.changed(),
                    fleet.size());
        } catch (EnginesFileException e) {
            metrics.reload("refused");
            LOG.warn(
                    "engines file refused, keeping the running engines polled={} error=\"{}\"",
                    fleet.size(),
                    e.getMessage());
        } catch (RuntimeException e) {
            metrics.reload("refused");
            LOG.error("engines file reload failed, keeping the running engines file={}", source.file(), e);
        }
    }

    private byte[] read() {
        try {
            long size = Files.size(source.file());
            if (size > EnginesFile.MAX_BYTES) {
                // Not read into memory: a stand-in that differs per size and time, so load() refuses it once.
                return (size + "@" + Files.getLastModifiedTime(source.file())).getBytes(StandardCharsets.UTF_8);
            }
            return Files.readAllBytes(source.file());
        } catch (IOException e) {
            // A file being replaced may be missing for a moment; the next check reads it.
            return null;
        }
    }

    @Override
    public void close() {
        checker.shutdownNow();
        if (previousHangup != null) {
            try {
                Signal.handle(new Signal("HUP"), previousHangup);
            } catch (IllegalArgumentException e) {
                // nothing to restore
            }
        }
    }
}
