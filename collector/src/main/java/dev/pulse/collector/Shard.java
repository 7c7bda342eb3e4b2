package dev.pulse.collector;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which part of the fleet this collector polls ({@code COLLECTOR_SHARD=i/n}): the engines whose id hashes to {@code i}
 * modulo {@code n}. The hash is 32-bit FNV-1a over the id's UTF-8 bytes, read as unsigned: fixed by its definition, so
 * every collector, on any JVM and in any release, agrees on who owns which engine.
 *
 * @param index this collector's shard, 0 ≤ index &lt; count
 * @param count how many collectors share the fleet
 */
public record Shard(int index, int count) {
    public static final Shard ALL = new Shard(0, 1);
    private static final Pattern FORM = Pattern.compile("(\\d{1,4})/(\\d{1,4})");
    private static final String EXPECTED = "i/n with 0 <= i < n <= 1000, such as 0/2 (default 0/1 = every engine)";

    public Shard {
        if (count < 1 || count > 1000 || index < 0 || index >= count) {
            throw new ConfigException("COLLECTOR_SHARD", EXPECTED, index + "/" + count);
        }
    }

    public static Shard fromEnv(Env env) {
        String text = env.string("COLLECTOR_SHARD", "0/1");
        Matcher matcher = FORM.matcher(text);
        if (!matcher.matches()) {
            throw new ConfigException("COLLECTOR_SHARD", EXPECTED, text);
        }
        int index = Integer.parseInt(matcher.group(1));
        int count = Integer.parseInt(matcher.group(2));
        if (count < 1 || index >= count) {
            throw new ConfigException("COLLECTOR_SHARD", EXPECTED, text);
        }
        return new Shard(index, count);
    }

    /** Whether this collector polls the engine. */
    public boolean owns(String engineId) {
        return Integer.toUnsignedLong(fnv1a(engineId)) % count == index;
    }

    static int fnv1a(String text) {
        int hash = 0x811c9dc5;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return hash;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
