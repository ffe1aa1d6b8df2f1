package io.registry.command;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

/** Defaults of the command side, overridable by any application property. */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:registry-command-defaults.properties")
public class CommandSideConfiguration {

    /**
     * Loaded entities stay in memory between commands (released under memory pressure), so a command
     * does not replay the entity's events each time. Another instance's concurrent write is still caught
     * by the event store's unique (entity, sequence) key.
     */
    @Bean
    Cache entityCache() {
        return new WeakReferenceCache();
    }
}
