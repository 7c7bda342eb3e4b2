package dev.pulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin API answers only to loopback names (and SIMULATOR_PUBLIC_ORIGINS): no DNS-rebinding page reaches it. */
class AdminHostIT {
    private static SimulatorService simulator;

    @BeforeAll
    static void startSimulator() {
        simulator = SimulatorService.start(SimulatorConfig.onFreePort());
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @Test
    void shouldRefuseAFaultSentUnderAForeignHostName() throws IOException {
        String answer = send("DELETE /admin/engines/engine-1/fault", "rebind.example:" + simulator.port());

        assertThat(answer).startsWith("HTTP/1.1 421").contains("does not answer to host 'rebind.example");
    }

    @Test
    void shouldTakeAFaultSentToLocalhost() throws IOException {
        String answer = send("DELETE /admin/engines/engine-1/fault", "localhost:" + simulator.port());

        assertThat(answer).startsWith("HTTP/1.1 200");
    }

    @Test
    void shouldServeTheEngineApiUnderAnyNameAsTheCollectorUsesIt() throws IOException {
        String answer = send("GET /health", "simulator:8081");

        assertThat(answer).startsWith("HTTP/1.1 200");
    }

    private static String send(String requestLine, String host) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", simulator.port()), 2_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
