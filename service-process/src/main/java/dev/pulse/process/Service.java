package dev.pulse.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/** The services of the pipeline as users deploy them: a module's jar, its target/lib/ and its main class. */
public enum Service {
    SIMULATOR("engine-simulator", "dev.pulse.simulator.SimulatorMain", "SIMULATOR_PORT"),
    COLLECTOR("collector", "dev.pulse.collector.CollectorMain", "COLLECTOR_PORT"),
    PROCESSOR("processor", "dev.pulse.processor.ProcessorMain", "PROCESSOR_PORT"),
    GATEWAY("gateway", "dev.pulse.gateway.GatewayMain", "GATEWAY_PORT");

    private final String module;
    private final String mainClass;
    private final String portVariable;

    Service(String module, String mainClass, String portVariable) {
        this.module = module;
        this.mainClass = mainClass;
        this.portVariable = portVariable;
    }

    public String module() {
        return module;
    }

    public String mainClass() {
        return mainClass;
    }

    /** The environment variable that sets the service's HTTP port. */
    public String portVariable() {
        return portVariable;
    }

    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The classpath of the packaged service: {@code <module>/target/<module>-*.jar} and {@code target/lib/*}. */
    public String classpath(Path projectHome) {
        Path target = projectHome.resolve(module).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            Path jar = files.filter(p ->
                            p.getFileName().toString().matches("\\Q" + module + "\\E-.*(?<!-sources|-tests)\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no jar in " + target + ": run ./mvnw -DskipTests package first"));
            return jar + File.pathSeparator + target.resolve("lib") + "/*";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + target + ": run ./mvnw -DskipTests package first", e);
        }
    }
}
