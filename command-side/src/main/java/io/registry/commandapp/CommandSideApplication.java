package io.registry.commandapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The command side on its own (as in docker-compose); the local run hosts both sides in one process. */
@SpringBootApplication(scanBasePackages = "io.registry.command")
public class CommandSideApplication {

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication app = new SpringApplication(CommandSideApplication.class);
        app.setDefaultProperties(java.util.Map.of("spring.config.name", "command-side"));
        app.run(args);
    }
}
