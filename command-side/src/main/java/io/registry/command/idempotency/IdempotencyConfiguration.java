package io.registry.command.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class IdempotencyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyConfiguration.class);

    @Bean
    IdempotencyStore idempotencyStore(JdbcTemplate jdbc,
                                      @Value("${registry.idempotency.pending-timeout:PT5M}") Duration pendingTimeout) {
        return new IdempotencyStore(jdbc, pendingTimeout);
    }

    /** Runs after Spring Security's chain has authenticated the caller (order 0 > its -100). */
    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotencyStore store, ObjectMapper objectMapper) {
        FilterRegistrationBean<IdempotencyFilter> registration =
                new FilterRegistrationBean<>(new IdempotencyFilter(store, objectMapper));
        registration.setOrder(0);
        return registration;
    }

    @Bean
    IdempotencyPurge idempotencyPurge(IdempotencyStore store,
                                      @Value("${registry.idempotency.retention:P1D}") Duration retention) {
        return new IdempotencyPurge(store, retention);
    }

    /** Keeps request ids for the retention period (default one day), then forgets them. */
    static class IdempotencyPurge {
        private final IdempotencyStore store;
        private final Duration retention;

        IdempotencyPurge(IdempotencyStore store, Duration retention) {
            this.store = store;
            this.retention = retention;
        }

        @Scheduled(fixedDelayString = "${registry.idempotency.purge-interval:PT10M}", initialDelay = 60_000)
        void purge() {
            int purged = store.purgeOlderThan(retention);
            if (purged > 0) {
                log.info("Forgot {} idempotency records older than {}", purged, retention);
            }
        }
    }
}
