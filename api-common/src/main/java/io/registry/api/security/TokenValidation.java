package io.registry.api.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;

/**
 * What a bearer token must satisfy beyond its signature and validity period (which Spring Security's default
 * validators check, with 60 s of clock skew). Spring Boot adds every {@code OAuth2TokenValidator<Jwt>} bean to
 * the decoder it builds from the issuer's JWKS. The local decoder ({@link LocalDevTokens}) checks the same: the
 * caller claims, and its signer's issuer, which is {@code registry.security.issuer} when that is set.
 */
@Configuration(proxyBeanMethods = false)
public class TokenValidation {

    /** A valid caller: user id, organization, roles. */
    @Bean
    CallerClaimsValidator callerClaimsValidator() {
        return new CallerClaimsValidator();
    }

    /** {@code registry.security.issuer}: when set, a token must carry exactly this {@code iss}. */
    @Bean
    @ConditionalOnProperty("registry.security.issuer")
    OAuth2TokenValidator<Jwt> configuredIssuerValidator(@Value("${registry.security.issuer}") String issuer) {
        return new JwtIssuerValidator(issuer);
    }
}
