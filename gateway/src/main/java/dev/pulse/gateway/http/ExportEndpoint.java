package dev.pulse.gateway.http;

import dev.pulse.common.model.StreamName;
import dev.pulse.gateway.fanout.Subscription;
import dev.pulse.gateway.kafka.CatchUpReader;
import dev.pulse.gateway.kafka.CatchUps;
import dev.pulse.gateway.kafka.PartitionLayout;
import dev.pulse.gateway.kafka.Positions;
import dev.pulse.ops.BadRequest;
import dev.pulse.ops.Readiness;
import io.javalin.http.Context;
import io.javalin.http.ServiceUnavailableResponse;
import io.javalin.http.TooManyRequestsResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/export?since=&until=[&streams=][&engine=][&format=csv|ndjson]}: the stream events the topics still
 * hold for a time range, streamed as they are read. It reads with the catch-up reader that resuming clients use (a
 * {@code since=} time seek, then a bounded replay), so exports share the replica's catch-up slots with them; limits on
 * range, records and concurrent exports keep one request from tying up the replica (docs/gateway.md, "Export").
 */
public final class ExportEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ExportEndpoint.class);

    private final CatchUps catchUps;
    private final ClientAddresses clients;
    private final PartitionLayout layout;
    private final Readiness readiness;
    private final Clock clock;
    private final ExportLimits limits;
    private final Semaphore running;
    private final Counter exports;
    private final Counter refused;
    private final Counter records;

    public ExportEndpoint(
            CatchUps catchUps,
            PartitionLayout layout,
            Readiness readiness,
            Clock clock,
            ExportLimits limits,
            ClientAddresses clients,
            MeterRegistry registry) {
        this.clients = clients;
        this.catchUps = catchUps;
        this.limits = limits;
        this.running = new Semaphore(limits.maxConcurrent());
        this.layout = layout;
        this.readiness = readiness;
        this.clock = clock;
        this.exports = Counter.builder("pulse.gateway.exports")
                .description("exports started")
                .register(registry);
        this.refused = Counter.builder("pulse.gateway.exports.refused")
                .description("exports refused: over a limit (400) or too many at once (429)")
                .register(registry);
        this.records = Counter.builder("pulse.gateway.export.records")
                .description("stream events written by exports")
                .register(registry);
    }

    public void handle(Context ctx) throws IOException, InterruptedException {
        readiness.notReadyReason().ifPresent(reason -> {
            throw new ServiceUnavailableResponse("not ready: " + reason);
        });
        ExportRequest asked;
        try {
            asked = ExportRequest.of(ctx, clock.instant(), limits.maxRange());
        } catch (BadRequest e) {
            refused.increment();
            throw e;
        }
        // A JWT's scope: 403 for a stream or engine named beyond it, the rest narrowed to it (as on /events).
        Subscription granted = AccessScope.of(ctx).restrict(ctx, new Subscription(asked.streams(), asked.engines()));
        ExportRequest request = asked.withStreams(granted.streams());
        if (!running.tryAcquire()) {
            refused.increment();
            throw new TooManyRequestsResponse("at most " + limits.maxConcurrent()
                    + " exports run at once on this gateway; try again when one has finished");
        }
        try (CatchUpReader reader = catchUps.open(clients.of(ctx))) {
            export(ctx, request, granted, reader);
        } finally {
            running.release();
        }
    }

    private void export(Context ctx, ExportRequest request, Subscription granted, CatchUpReader reader)
            throws IOException {
        Positions start = Positions.zero(layout);
        Positions from = reader.seekTime(request.since(), request.streams(), start);
        Positions until = reader.seekTime(request.until(), request.streams(), start);
        long held = 0;
        for (int i : layout.indexes(request.streams())) {
            held += Math.max(0, until.next(i) - from.next(i));
        }
        if (held > limits.maxRecords()) {
            refused.increment();
            throw new BadRequest("the range holds " + held + " records, more than the limit of " + limits.maxRecords()
                    + " per export; export a shorter range or fewer streams");
        }
        exports.increment();
        long started = System.nanoTime();
        ctx.contentType(request.format().contentType());
        ctx.header("Content-Disposition", "attachment; filename=\"" + request.filename() + "\"");
        OutputStream out = ctx.outputStream();
        ExportRows rows = ExportRows.of(request.format(), request.streams(), out);
        rows.start();
        long[] written = {0};
        reader.replay(request.streams(), from, until, (index, record, after) -> {
            // A tombstone (retired engine) has no event to export; other engines (asked for, or granted) are filtered
            // here,
            // not in Kafka.
            if (record.value() != null && granted.wantsEngine(record.key())) {
                rows.write(record.value());
                written[0]++;
            }
        });
        rows.finish();
        records.increment(written[0]);
        LOG.info(
                "export done format={} streams={} engines={} since={} until={} read={} written={} ms={}",
                request.format(),
                request.streams().stream().map(StreamName::wireName).toList(),
                request.engines().size(),
                request.since(),
                request.until(),
                held,
                written[0],
                (System.nanoTime() - started) / 1_000_000);
    }
}
