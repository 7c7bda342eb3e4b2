package dev.pulse.gateway.http;

import dev.pulse.common.config.ConfigException;
import io.javalin.http.Context;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.InetAddressPattern;

/**
 * Who a request counts against in the per-client limits. Behind a proxy listed in {@code GATEWAY_TRUSTED_PROXIES} the
 * client is the last {@code X-Forwarded-For} entry that is not itself a trusted proxy (entries to its left could be
 * written by anyone); otherwise the connection's peer. Addresses are then grouped as one client holds them: every
 * loopback address is one, an IPv6 address counts by its /64 (one host is given a whole /64), IPv4 by itself.
 */
public final class ClientAddresses {
    private static final String VARIABLE = "GATEWAY_TRUSTED_PROXIES";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(%\\w+)?]?");
    private static final Pattern CIDR = Pattern.compile("[0-9a-fA-F:.]+(/\\d{1,3})?");

    private final List<InetAddressPattern> trusted;

    /** @param cidrs trusted proxies as addresses or CIDR blocks ({@code 10.0.0.0/8}, {@code fd00::/8}) */
    public ClientAddresses(List<String> cidrs) {
        List<InetAddressPattern> patterns = new ArrayList<>();
        for (String cidr : cidrs) {
            if (!CIDR.matcher(cidr).matches()
                    || literal(cidr.replaceAll("/.*", "")).isEmpty()) {
                throw new ConfigException(
                        VARIABLE, "comma-separated addresses or CIDR blocks such as 10.0.0.0/8", cidr);
            }
            try {
                patterns.add(InetAddressPattern.from(cidr));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(
                        VARIABLE, "comma-separated addresses or CIDR blocks such as 10.0.0.0/8", cidr);
            }
        }
        this.trusted = List.copyOf(patterns);
    }

    /** The client this request counts against, grouped (see the class comment). */
    public String of(Context ctx) {
        return group(resolve(ctx.req().getRemoteAddr(), ctx.req().getHeaders("X-Forwarded-For")));
    }

    InetAddress resolve(String peer, Enumeration<String> forwardedHeaders) {
        InetAddress client = literal(peer).orElseThrow(() -> new IllegalStateException("peer " + peer));
        if (!isTrusted(client) || forwardedHeaders == null) {
            return client;
        }
        List<String> hops = new ArrayList<>();
        while (forwardedHeaders.hasMoreElements()) {
            hops.addAll(Arrays.asList(forwardedHeaders.nextElement().split(",")));
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = literal(hops.get(i).strip());
            if (hop.isEmpty()) {
                return client;
            }
            client = hop.get();
            if (!isTrusted(client)) {
                return client;
            }
        }
        return client;
    }

    private boolean isTrusted(InetAddress address) {
        return trusted.stream().anyMatch(p -> p.test(address));
    }

    static String group(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            return String.format(
                    "%x:%x:%x:%x::/64",
                    ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff),
                    ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff),
                    ((bytes[4] & 0xff) << 8) | (bytes[5] & 0xff),
                    ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff));
        }
        return address.getHostAddress();
    }

    /** An address written as a literal; never a name (no DNS look-up for what a client wrote). */
    static Optional<InetAddress> literal(String text) {
        if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            InetAddress address = InetAddress.getByName(text.replace("[", "").replace("]", ""));
            if (address instanceof Inet4Address || address instanceof Inet6Address) {
                return Optional.of(address);
            }
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
