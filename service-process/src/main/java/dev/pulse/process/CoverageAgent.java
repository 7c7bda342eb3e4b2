package dev.pulse.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The JaCoCo agent for a service process, when the build measures coverage: it sets {@code pulse.coverage.agent} (the
 * agent jar) and {@code pulse.coverage.dir} (where the test module keeps its execution data) on the test JVM. Each
 * service appends to {@code jacoco-<service>.exec} there when its JVM exits; JaCoCo locks the file while it writes, so
 * processes of one service running side by side do not mix their data. A SIGKILLed process writes nothing.
 */
record CoverageAgent(Path agentJar, Path dataDir) {
    static final String AGENT_PROPERTY = "pulse.coverage.agent";
    static final String DIR_PROPERTY = "pulse.coverage.dir";

    /** The agent the test JVM's system properties ask for, or none (the dev stack, the benchmarks). */
    static Optional<CoverageAgent> fromSystemProperties() {
        String agent = System.getProperty(AGENT_PROPERTY, "");
        String dir = System.getProperty(DIR_PROPERTY, "");
        if (agent.isBlank() || dir.isBlank()) {
            return Optional.empty();
        }
        Path jar = Path.of(agent);
        if (!Files.isRegularFile(jar)) {
            // Better no build than a figure that silently leaves out every service process.
            throw new IllegalStateException(AGENT_PROPERTY + "=" + agent + " is not a file (the JaCoCo agent jar)");
        }
        return Optional.of(new CoverageAgent(jar, Path.of(dir)));
    }

    /** The {@code -javaagent} flag for one service; only the project's classes are instrumented. */
    List<String> jvmFlags(Service service) {
        Path dataFile = dataDir.resolve("jacoco-" + service.displayName() + ".exec");
        return List.of("-javaagent:" + agentJar + "=destfile=" + dataFile + ",append=true,includes=dev.pulse.*");
    }
}
