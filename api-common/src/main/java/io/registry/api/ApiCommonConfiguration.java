package io.registry.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.registry.api.problem.ProblemDetailsAdvice;
import io.registry.api.request.ClientRequestIdFilter;
import io.registry.api.security.LocalDevTokens;
import io.registry.api.security.SecurityConfiguration;
import io.registry.api.security.TokenValidation;
import io.registry.api.storage.StorageConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

import java.time.Clock;

/** Web concerns both sides share, picked up by auto-configuration. */
@AutoConfiguration(before = OAuth2ResourceServerAutoConfiguration.class)
@Import({SecurityConfiguration.class, TokenValidation.class, LocalDevTokens.class, ProblemDetailsAdvice.class,
        StorageConfiguration.class})
public class ApiCommonConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    FilterRegistrationBean<ClientRequestIdFilter> clientRequestIdFilter(ObjectMapper objectMapper) {
        FilterRegistrationBean<ClientRequestIdFilter> registration =
                new FilterRegistrationBean<>(new ClientRequestIdFilter(objectMapper));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
