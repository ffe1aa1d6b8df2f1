package io.registry.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;

/**
 * Chooses the {@link StackMode}: the setting {@code registry.stack} (system property, wins) or
 * {@code REGISTRY_STACK} (environment) = auto|native|testcontainers|external; {@code auto} (the default) means
 * external when {@code REGISTRY_DB_URL} is set, else Testcontainers when a Docker engine answers, else native.
 */
public final class ModeSelection {

    public static final String PROPERTY = "registry.stack";
    public static final String ENVIRONMENT_VARIABLE = "REGISTRY_STACK";

    /** The chosen mode and a sentence saying why. */
    public record Decision(StackMode mode, String reason) {
    }

    private ModeSelection() {
    }

    /** Decides from this process's environment, system properties and Docker engine. */
    public static Decision current() {
        return decide(System.getenv(), System.getProperties(), ModeSelection::dockerAnswers);
    }

    /** The Docker engine is only asked when the answer matters. */
    public static Decision decide(Map<String, String> environment, Properties systemProperties,
                                  BooleanSupplier dockerAnswers) {
        String fromProperty = blankToNull(systemProperties.getProperty(PROPERTY));
        String fromEnvironment = blankToNull(environment.get(ENVIRONMENT_VARIABLE));
        String setting = fromProperty != null ? fromProperty : fromEnvironment;
        String source = fromProperty != null ? "system property " + PROPERTY : "environment variable " + ENVIRONMENT_VARIABLE;
        if (setting == null) {
            setting = "auto";
        }
        switch (setting.trim().toLowerCase(Locale.ROOT)) {
            case "native":
                return new Decision(StackMode.NATIVE, source + "=" + setting);
            case "testcontainers":
                return new Decision(StackMode.TESTCONTAINERS, source + "=" + setting);
            case "external":
                return new Decision(StackMode.EXTERNAL, source + "=" + setting);
            case "auto":
                return automatic(environment, dockerAnswers);
            default:
                throw new IllegalArgumentException(source + "=" + setting
                        + " is not one of auto, native, testcontainers, external");
        }
    }

    private static Decision automatic(Map<String, String> environment, BooleanSupplier dockerAnswers) {
        if (blankToNull(environment.get(ExternalStack.DB_URL)) != null) {
            return new Decision(StackMode.EXTERNAL, "auto: " + ExternalStack.DB_URL + " is set");
        }
        if (dockerAnswers.getAsBoolean()) {
            return new Decision(StackMode.TESTCONTAINERS, "auto: a Docker engine answers");
        }
        return new Decision(StackMode.NATIVE, "auto: " + ExternalStack.DB_URL + " is not set and no Docker engine answers");
    }

    /**
     * Asks Testcontainers, but only when something could answer: without {@code DOCKER_HOST}, a Testcontainers
     * configuration file or a Docker socket in a usual place, asking would just log an error and take time.
     */
    static boolean dockerAnswers() {
        if (!dockerMayBeConfigured()) {
            return false;
        }
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private static boolean dockerMayBeConfigured() {
        if (blankToNull(System.getenv("DOCKER_HOST")) != null || blankToNull(System.getProperty("docker.host")) != null) {
            return true;
        }
        String home = System.getProperty("user.home");
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        List<Path> candidates = new ArrayList<>(List.of(
                Path.of(home, ".testcontainers.properties"),
                Path.of("/var/run/docker.sock"),
                Path.of("/run/docker.sock"),
                Path.of(home, ".docker", "run", "docker.sock"),
                Path.of(home, ".docker", "desktop", "docker.sock"),
                Path.of(home, ".colima", "default", "docker.sock"),
                Path.of(home, ".rd", "docker.sock")));
        if (runtime != null && !runtime.isBlank()) {
            candidates.add(Path.of(runtime, "docker.sock"));
            candidates.add(Path.of(runtime, "podman", "podman.sock"));
        }
        return candidates.stream().anyMatch(Files::exists);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
