package dev.pulse.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.common.config.ConfigException;
import java.net.InetAddress;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {
    private final ClientAddresses behindProxies = new ClientAddresses(List.of("10.0.0.0/8", "fd00::/8"));

    @Test
    void shouldTakeTheLastForwardedEntryThatIsNoTrustedProxy() {
        assertThat(resolve(behindProxies, "10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.7"))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void shouldIgnoreForwardedForFromAnUntrustedPeer() {
        assertThat(resolve(behindProxies, "198.51.100.4", "203.0.113.9")).isEqualTo("198.51.100.4");
    }

    @Test
    void shouldStopAtAnEntryThatIsNoAddressAndNeverLookUpNames() {
        assertThat(resolve(behindProxies, "10.0.0.2", "203.0.113.9, example.com"))
                .isEqualTo("10.0.0.2");
    }

    @Test
    void shouldGroupLoopbackAsOneAndIpv6ByItsSlash64() throws Exception {
        assertThat(ClientAddresses.group(InetAddress.getByName("127.0.0.1"))).isEqualTo("loopback");
        assertThat(ClientAddresses.group(InetAddress.getByName("127.1.2.3"))).isEqualTo("loopback");
        assertThat(ClientAddresses.group(InetAddress.getByName("::1"))).isEqualTo("loopback");
        assertThat(ClientAddresses.group(InetAddress.getByName("2001:db8:1:2:aaaa::1")))
                .isEqualTo(ClientAddresses.group(InetAddress.getByName("2001:db8:1:2:bbbb::2")))
                .isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddresses.group(InetAddress.getByName("2001:db8:1:3::1")))
                .isEqualTo("2001:db8:1:3::/64");
    }

    @Test
    void shouldRefuseASettingThatIsNoAddressOrBlock() {
        assertThatThrownBy(() -> new ClientAddresses(List.of("proxy.internal")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("GATEWAY_TRUSTED_PROXIES: expected");
    }

    private static String resolve(ClientAddresses addresses, String peer, String forwarded) {
        return ClientAddresses.group(addresses.resolve(peer, Collections.enumeration(List.of(forwarded))));
    }
}
