package dev.pulse.gateway.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pulse.common.json.Json;
import dev.pulse.gateway.fanout.FanOut;
import dev.pulse.gateway.snapshot.SnapshotCache;
import dev.pulse.ops.Readiness;
import io.javalin.http.Context;
import io.javalin.http.ServiceUnavailableResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /api/v1/snapshot[?engine=][&streams=]}: the latest event per engine and stream, as {@code {"token": ...,
 * "engines": {id: {stream: event}}}}. The token is the position of exactly this snapshot:
 * {@code /events?lastEventId=<token>} continues live after it with no gap.
 */
public final class SnapshotEndpoint {
    private final FanOut fanOut;
    private final Readiness readiness;

    public SnapshotEndpoint(FanOut fanOut, Readiness readiness) {
        this.fanOut = fanOut;
        this.readiness = readiness;
    }

    public void handle(Context ctx) throws IOException {
        readiness.notReadyReason().ifPresent(reason -> {
            throw new ServiceUnavailableResponse("not ready: " + reason);
        });
        FanOut.Snapshot snapshot = fanOut.snapshot(AccessScope.of(ctx).restrict(ctx, RequestParams.subscription(ctx)));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (JsonGenerator json = Json.mapper().getFactory().createGenerator(body)) {
            json.writeStartObject();
            json.writeStringField("token", snapshot.token());
            json.writeObjectFieldStart("engines");
            String engine = null;
            for (SnapshotCache.Entry entry : snapshot.entries()) {
                if (!entry.engineId().equals(engine)) {
                    if (engine != null) {
                        json.writeEndObject();
                    }
                    engine = entry.engineId();
                    json.writeObjectFieldStart(engine);
                }
                json.writeFieldName(entry.stream().wireName());
                // The record's JSON as it is: written once, by the processor.
                json.writeRawValue(new String(entry.json(), StandardCharsets.UTF_8));
            }
            if (engine != null) {
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        ctx.contentType("application/json").result(body.toByteArray());
    }
}
