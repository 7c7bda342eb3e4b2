package dev.pulse.gateway.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ConnectionBudgetTest {
    @Test
    void shouldKeepAReserveOfTheDescriptorLimit() {
        // 20,000 descriptors: a tenth kept for the rest of the process
        assertThat(new ConnectionBudget(OptionalLong.of(20_000), 1_000_000).connections())
                .isEqualTo(18_000);
        // a small limit keeps at least the minimum reserve
        assertThat(new ConnectionBudget(OptionalLong.of(1_024), 1_000_000).connections())
                .isEqualTo(1_024 - ConnectionBudget.MIN_DESCRIPTOR_RESERVE);
    }

    @Test
    void shouldBeBoundByTheHeapsStreamsPlusRoomForShortRequests() {
        assertThat(new ConnectionBudget(OptionalLong.of(1_000_000), 3_000).connections())
                .isEqualTo(3_000 + ConnectionBudget.SHORT_REQUEST_ROOM);
    }

    @Test
    void shouldUseTheHeapAloneWhereTheDescriptorLimitIsUnknown() {
        assertThat(new ConnectionBudget(OptionalLong.empty(), 3_000).connections())
                .isEqualTo(3_000 + ConnectionBudget.SHORT_REQUEST_ROOM);
    }
}
