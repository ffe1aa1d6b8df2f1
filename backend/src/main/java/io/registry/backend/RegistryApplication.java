package io.registry.backend;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Both sides in one process behind one base URL: commands and queries share the port. {@link LocalRun} starts it
 * with its own service stack; {@link #main} starts it against services named by the usual Spring properties (the
 * benchmark harness runs it this way, as a process of its own).
 */
@SpringBootApplication(scanBasePackages = {"io.registry.command", "io.registry.query", "io.registry.backend"})
public class RegistryApplication {

    public static void main(String[] args) {
        SpringApplication.run(RegistryApplication.class, args);
    }
}
