package io.registry.api.storage;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
public class StorageConfiguration {

    @Bean(destroyMethod = "close")
    ObjectStorage objectStorage(StorageProperties properties) {
        return new ObjectStorage(properties);
    }

    @Bean
    HealthIndicator s3HealthIndicator(ObjectStorage storage, StorageProperties properties) {
        return () -> {
            try {
                storage.checkBucket();
                return Health.up().withDetail("bucket", properties.bucket()).build();
            } catch (RuntimeException e) {
                return Health.down(e).withDetail("bucket", properties.bucket()).build();
            }
        };
    }
}
