package io.registry.command.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;
import java.util.concurrent.TimeUnit;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KafkaTopicProperties.class)
public class KafkaConfiguration {

    @Bean(destroyMethod = "close")
    ReplaceableProducer eventProducer(@Value("${spring.kafka.bootstrap-servers}") String bootstrap) {
        return new ReplaceableProducer(() -> new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 25_000,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.CLIENT_ID_CONFIG, "registry-event-forwarder"),
                new StringSerializer(), new ByteArraySerializer()));
    }

    @Bean(destroyMethod = "close")
    Admin kafkaAdmin(@Value("${spring.kafka.bootstrap-servers}") String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

    @Bean
    ParkedEvents parkedEvents(JdbcTemplate jdbc, MeterRegistry meters) {
        ParkedEvents parked = new ParkedEvents(jdbc);
        Gauge.builder("registry.kafka.parked.events", parked, ParkedEvents::count)
                .description("Events the broker refused for good, set aside until an operator publishes them again")
                .register(meters);
        return parked;
    }

    @Bean
    KafkaEventForwarder kafkaEventForwarder(ReplaceableProducer producer, Admin admin,
                                            KafkaTopicProperties properties, ParkedEvents parked,
                                            MeterRegistry meters) {
        return new KafkaEventForwarder(producer, admin, properties, parked, new KafkaSendMetrics(meters));
    }

    /** A broker outage pauses and retries the forwarder instead of skipping events. */
    @Bean
    ConfigurerModule kafkaForwarderErrorHandling() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(KafkaEventForwarder.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance());
    }

    @Bean
    HealthIndicator kafkaHealthIndicator(Admin admin) {
        return () -> {
            try {
                var cluster = admin.describeCluster();
                return Health.up().withDetail("clusterId", cluster.clusterId().get(5, TimeUnit.SECONDS))
                        .withDetail("nodes", cluster.nodes().get(5, TimeUnit.SECONDS).size()).build();
            } catch (Exception e) {
                return Health.down(e).build();
            }
        };
    }
}
