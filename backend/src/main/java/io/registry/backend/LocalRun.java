package io.registry.backend;

import io.registry.stack.ServiceStack;
import io.registry.stack.StackConfig;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What {@code ./run.sh} starts: the service stack (native by default, see the README) with its state in
 * the data folder, then the backend in the {@code local} profile on {@code PORT} (8080). The services' endpoints
 * are written to {@code <data>/stack/stack.properties}. Ctrl-C or SIGTERM stops the backend first, then the
 * services.
 */
public final class LocalRun {

    private LocalRun() {
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        System.setProperty("axoniq.update-checker.disabled", "true");
        Path dataDir = Path.of(env("REGISTRY_DATA_DIR", "data")).toAbsolutePath();
        String port = env("PORT", "8080");
        say("Starting the service stack, state in " + dataDir + " ...");
        ServiceStack stack = ServiceStack.start(StackConfig.persistentIn(dataDir.resolve("stack"))
                .withProgress(line -> say("  " + line)));
        stack.writeProperties(dataDir.resolve("stack").resolve("stack.properties"));
        say("Service stack (" + stack.mode() + ") ready; starting the backend ...");

        Map<String, Object> defaults = new HashMap<>(stack.springProperties());
        defaults.put("server.port", port);
        defaults.put("registry.dev-tokens.key-file", dataDir.resolve("dev-jwt-key.json").toString());
        SpringApplication app = new SpringApplication(RegistryApplication.class);
        app.setDefaultProperties(defaults);
        app.setAdditionalProfiles("local");
        app.setRegisterShutdownHook(false);
        app.addListeners((ApplicationReadyEvent ready) -> say(String.format(
                "Registry ready on http://localhost:%s (started in %.1f s); the console: http://localhost:%s/ui/. "
                        + "Ctrl-C stops it.",
                port, (System.nanoTime() - started) / 1e9, port)));
        ConfigurableApplicationContext context;
        try {
            context = app.run(args);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("Stopping the backend ...");
            context.close();
            say("Stopping the service stack ...");
            stack.close();
            say("Stopped.");
        }, "registry-shutdown"));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void say(String line) {
        System.out.println("[registry] " + line);
        System.out.flush();
    }
}
