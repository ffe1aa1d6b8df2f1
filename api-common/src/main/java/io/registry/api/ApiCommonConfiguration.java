package io.registry.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.registry.api.request.StrictJson;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import io.registry.api.problem.CapturedBodies;
import io.registry.api.problem.ProblemDetailsAdvice;
import io.registry.api.docs.ApiDocsConfiguration;
import io.registry.api.metrics.MetricsDefaults;
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
        CapturedBodies.class, StorageConfiguration.class, MetricsDefaults.class,
        ApiDocsConfiguration.class})
public class ApiCommonConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Request bodies are read strictly: a value must already have the JSON type of its field (no number read as a
     * string, no {@code "10"} or {@code 1.5} read as an integer, no {@code 1} or {@code "true"} read as a boolean,
     * no {@code ""} read as null), a key may appear once per object, nothing may follow the document, and nesting
     * and sizes are bounded while parsing. Unknown fields are refused by {@code fail-on-unknown-properties}.
     */
    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictRequestBodies() {
        return builder -> builder
                .featuresToEnable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .featuresToDisable(MapperFeature.ALLOW_COERCION_OF_SCALARS,
                        DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .postConfigurer(StrictJson::configure);
    }

    @Bean
    FilterRegistrationBean<ClientRequestIdFilter> clientRequestIdFilter(ObjectMapper objectMapper) {
        FilterRegistrationBean<ClientRequestIdFilter> registration =
                new FilterRegistrationBean<>(new ClientRequestIdFilter(objectMapper));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
