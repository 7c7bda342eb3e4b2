package dev.pulse.simulator.http;

import dev.pulse.simulator.fault.FaultTable;
import java.time.Clock;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Makes a DOWN engine look crashed: its requests get no answer, the connection is simply closed. This sits in front of
 * Javalin (as a Jetty handler) because a servlet-level abort makes Javalin log an error for every request.
 */
final class DownGate extends Handler.Wrapper {
    private static final String ENGINES_PREFIX = "/engines/";

    private final FaultTable faults;
    private final String defaultEngineId;
    private final Clock clock;

    DownGate(FaultTable faults, String defaultEngineId, Clock clock) {
        this.faults = faults;
        this.defaultEngineId = defaultEngineId;
        this.clock = clock;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String engineId = engineOf(Request.getPathInContext(request));
        if (engineId != null
                && faults.faultOf(engineId)
                        .map(f -> f.isDownAt(clock.instant()))
                        .orElse(false)) {
            request.getConnectionMetaData().getConnection().getEndPoint().close();
            callback.succeeded();
            return true;
        }
        return super.handle(request, response, callback);
    }

    /** The engine a path of the engine API belongs to, or null for any other path (admin, metrics). */
    private String engineOf(String path) {
        if (path.startsWith(ENGINES_PREFIX)) {
            int end = path.indexOf('/', ENGINES_PREFIX.length());
            return end < 0 ? null : path.substring(ENGINES_PREFIX.length(), end);
        }
        return EngineRoutes.isEnginePath(path) ? defaultEngineId : null;
    }
}
