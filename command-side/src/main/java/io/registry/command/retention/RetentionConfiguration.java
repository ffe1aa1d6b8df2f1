package io.registry.command.retention;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class RetentionConfiguration {

    @Bean
    RetentionEntities retentionEntities(JdbcTemplate jdbc) {
        return new RetentionEntities(jdbc);
    }

    @Bean
    RetentionJob retentionJob(RetentionEntities entities, CommandGateway commands, Clock clock) {
        return new RetentionJob(entities, commands, clock);
    }

    @Bean
    ConfigurerModule retentionEntitiesErrorHandling() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(RetentionEntities.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance());
    }
}
