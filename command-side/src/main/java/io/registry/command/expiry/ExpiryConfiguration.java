package io.registry.command.expiry;

import io.registry.api.storage.ObjectStorage;
import io.registry.eventstore.ProcessorTokens;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class ExpiryConfiguration {

    @Bean
    PendingUploads pendingUploads(JdbcTemplate jdbc) {
        return new PendingUploads(jdbc);
    }

    @Bean
    StagingSweeper stagingSweeper(JdbcTemplate jdbc, ObjectStorage storage, PlatformTransactionManager transactions) {
        return new StagingSweeper(jdbc, storage, new TransactionTemplate(transactions));
    }

    @Bean
    UploadExpiryJob uploadExpiryJob(JdbcTemplate jdbc, CommandGateway commands, ProcessorTokens tokens, Clock clock) {
        return new UploadExpiryJob(jdbc, commands, tokens, clock);
    }

    @Bean
    ConfigurerModule pendingUploadsErrorHandling() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(PendingUploads.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance());
    }
}
