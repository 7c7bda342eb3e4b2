package dev.pulse.gateway;

import dev.pulse.ops.ServiceRunner;

/** Runs one gateway replica from the environment (see docs/gateway.md). */
public final class GatewayMain {
    private GatewayMain() {}

    public static void main(String[] args) {
        ServiceRunner.run("gateway", env -> GatewayService.start(GatewayConfig.fromEnv(env)));
    }
}
