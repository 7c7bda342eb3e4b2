package dev.pulse.deploy;

/**
 * What {@code PULSE_DOCKER_TESTS} asks of the Docker tests (README, Tests). They run by default wherever a Docker
 * engine answers or can be started; the variable turns them off or asks for the slower path users take.
 */
enum DockerTestMode {
    /** {@code PULSE_DOCKER_TESTS=0}: no Docker test runs; each says so. */
    OFF,
    /**
     * Unset (or {@code 1}): the service images from the jars this build already packaged, no Maven inside Docker; the
     * Testcontainers path on the integration tests that prove it.
     */
    PACKAGED,
    /** {@code PULSE_DOCKER_TESTS=full}: the service images built from source inside Docker, as users build them. */
    FULL;

    static final String VARIABLE = "PULSE_DOCKER_TESTS";

    static DockerTestMode of(String value) {
        if (value == null || value.isBlank() || value.equals("1") || value.equalsIgnoreCase("true")) {
            return PACKAGED;
        }
        if (value.equals("0") || value.equalsIgnoreCase("false")) {
            return OFF;
        }
        if (value.equalsIgnoreCase("full")) {
            return FULL;
        }
        throw new IllegalArgumentException(VARIABLE + ": expected 0, 1 or full, got '" + value + "'");
    }

    static DockerTestMode fromEnv() {
        return of(System.getenv(VARIABLE));
    }
}
