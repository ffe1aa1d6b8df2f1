package io.registry.api.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Outside the {@code local} profile, tokens are verified with the issuer's keys; without them the service
 * would refuse every request, so it refuses to start and says what to set. Runs after Spring Boot's
 * resource-server configuration, which provides the decoder when the JWKS is configured.
 */
@AutoConfiguration(after = OAuth2ResourceServerAutoConfiguration.class)
public class MissingTokenIssuerConfiguration {

    @Bean
    @ConditionalOnMissingBean(JwtDecoder.class)
    JwtDecoder missingTokenIssuer() {
        throw new IllegalStateException("No token issuer is configured: set "
                + "spring.security.oauth2.resourceserver.jwt.jwk-set-uri (env SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI) "
                + "to the issuer's JWKS, or run with the 'local' profile to get POST /dev/tokens and a local signing key.");
    }
}
