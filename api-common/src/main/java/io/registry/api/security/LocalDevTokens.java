package io.registry.api.security;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.registry.api.problem.ApiException;
import io.registry.api.problem.FieldViolation;
import io.registry.api.request.Identifiers;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code local} profile only: {@code POST /dev/tokens} issues tokens, and bearer tokens are verified
 * with the dev key. No other profile has this route or this key.
 */
@Configuration(proxyBeanMethods = false)
@Profile("local")
public class LocalDevTokens {

    @Bean
    DevTokenSigner devTokenSigner(@Value("${registry.dev-tokens.key-file:data/dev-jwt-key.json}") Path keyFile,
                                  @Value("${registry.dev-tokens.lifetime:PT12H}") Duration lifetime,
                                  @Value("${registry.security.issuer:" + DevTokenSigner.ISSUER + "}") String issuer) {
        return DevTokenSigner.loadOrCreate(keyFile, Clock.systemUTC(), lifetime, issuer);
    }

    /**
     * Verifies with the dev key; a token must carry the signer's issuer ({@code registry.security.issuer},
     * default {@value DevTokenSigner#ISSUER}), be within its validity (60 s of clock skew) and name a valid caller.
     */
    @Bean
    JwtDecoder devJwtDecoder(DevTokenSigner signer, CallerClaimsValidator callerClaims) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(signer.publicKey()).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(signer.issuer()), callerClaims));
        return decoder;
    }

    /** What {@code POST /dev/tokens} takes. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TokenRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = Identifiers.USER_ID,
                    description = "The user id the token names") String sub,
            @Schema(pattern = Identifiers.USER_ID, description = "The user's organization") String org,
            @Schema(description = "Roles; `admin` is the platform admin") List<String> roles) {
    }

    /** What {@code POST /dev/tokens} answers: a signed bearer token (RS256 JWT). */
    public record DevToken(String token) {
    }

    /** Registered as a member of this configuration, so it exists only in the {@code local} profile. */
    @RestController
    public static class DevTokenController {
        private final DevTokenSigner signer;

        DevTokenController(DevTokenSigner signer) {
            this.signer = signer;
        }

        @PostMapping("/dev/tokens")
        public DevToken issue(@RequestBody TokenRequest request) {
            List<FieldViolation> violations = new ArrayList<>();
            if (request.sub() == null || request.sub().isEmpty()) {
                violations.add(new FieldViolation("sub", "required", "the user id is required"));
            } else if (!Identifiers.isUserId(request.sub())) {
                violations.add(new FieldViolation("sub", "invalid_format", Identifiers.USER_ID_MESSAGE));
            }
            if (request.org() != null && !Identifiers.isUserId(request.org())) {
                violations.add(new FieldViolation("org", "invalid_format", Identifiers.USER_ID_MESSAGE));
            }
            List<String> roles = request.roles() == null ? List.of() : request.roles();
            for (int i = 0; i < roles.size(); i++) {
                if (roles.get(i) == null || roles.get(i).isBlank()) {
                    violations.add(new FieldViolation("roles[" + i + "]", "invalid", "must be a non-empty string"));
                }
            }
            if (!violations.isEmpty()) {
                throw ApiException.badRequest(violations);
            }
            return new DevToken(signer.sign(request.sub(), request.org(), roles));
        }
    }
}
