package io.registry.command;

import io.registry.command.domain.PackageEntity;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

/** Defaults of the command side, overridable by any application property. */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:registry-command-defaults.properties")
public class CommandSideConfiguration {

    /**
     * Loaded entities stay in memory between commands ({@link EntityCache}: the most recently used
     * {@code registry.commands.entity-cache-size}), so a command does not replay the entity's events each time.
     * Another instance's concurrent write is still caught by the event store's unique (entity, sequence) key; Axon then
     * drops the entity from the cache and the {@link StaleEntityRetryScheduler} runs the command again on the fresh
     * entity.
     */
    @Bean
    Cache entityCache(@Value("${registry.commands.entity-cache-size:2000}") long size) {
        return new EntityCache(size);
    }

    /**
     * The entity aggregate, registered here so that the domain class carries no Spring stereotype: loaded entities
     * stay in {@code entityCache}, and {@code entitySnapshotTrigger} (event-store module) snapshots them.
     */
    @Bean
    ConfigurerModule packageEntityAggregate(AggregateFactory<PackageEntity> packageEntityFactory, Cache entityCache,
                                            ObjectProvider<SnapshotTriggerDefinition> entitySnapshotTrigger) {
        return configurer -> configurer.configureAggregate(AggregateConfigurer.defaultConfiguration(PackageEntity.class)
                .configureAggregateFactory(axon -> packageEntityFactory)
                .configureCache(axon -> entityCache)
                .configureSnapshotTrigger(axon -> entitySnapshotTrigger.getObject()));
    }

    /** A bean, because Axon's Spring snapshotter looks the factory of the aggregate it snapshots up among the beans. */
    @Bean
    AggregateFactory<PackageEntity> packageEntityFactory() {
        return new GenericAggregateFactory<>(PackageEntity.class);
    }

    /**
     * A command that lost the race for its entity's next sequence (10 times at most), or that was refused on its first
     * attempt, is decided again on the entity as stored: see {@link StaleEntityRetryScheduler}.
     */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus,
                                  @Value("${registry.commands.concurrency-retries:10}") int retries) {
        return DefaultCommandGateway.builder().commandBus(commandBus)
                .retryScheduler(new StaleEntityRetryScheduler(retries)).build();
    }
}
