package dev.pulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class DashboardAssetsIT {
    private static final Pattern WEBJAR = Pattern.compile("(?:href|src)=\"(webjars/[^\"]+)\"");

    @Test
    void shouldServeThePageWithTheChartLibraryAtTheVersionTheBuildFilledIn(KafkaCluster cluster) {
        try (GatewayHarness gateway = GatewayHarness.start(cluster)) {
            // when: the page is fetched
            String page = SseTestClient.get(gateway.uri("/"), Map.of()).body();

            // then: it names the uPlot WebJar at the pom's version, and the gateway serves what it names
            List<String> assets =
                    WEBJAR.matcher(page).results().map(m -> m.group(1)).toList();
            assertThat(assets)
                    .hasSize(2)
                    .allMatch(path -> path.startsWith("webjars/uplot/" + System.getProperty("uplot.version") + "/"));
            for (String asset : assets) {
                assertThat(SseTestClient.get(gateway.uri("/" + asset), Map.of()).statusCode())
                        .as(asset)
                        .isEqualTo(200);
            }
        }
    }
}
