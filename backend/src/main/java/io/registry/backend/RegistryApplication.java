package io.registry.backend;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Both sides in one process behind one base URL: commands and queries share the port. */
@SpringBootApplication(scanBasePackages = {"io.registry.command", "io.registry.query", "io.registry.backend"})
public class RegistryApplication {
}
