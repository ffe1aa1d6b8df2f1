package io.registry.queryapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The query side on its own (as in docker-compose); the local run hosts both sides in one process. */
@SpringBootApplication(scanBasePackages = "io.registry.query")
public class QuerySideApplication {

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication app = new SpringApplication(QuerySideApplication.class);
        app.setDefaultProperties(java.util.Map.of("spring.config.name", "query-side"));
        app.run(args);
    }
}
