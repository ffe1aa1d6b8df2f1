package io.registry.api.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code registry.security.issuer} pins the {@code iss} of accepted tokens, on both decoders: the local one
 * (whose signer then issues that {@code iss}) and the one Spring Boot builds from the issuer's JWKS, which
 * also checks the caller claims.
 */
class TokenValidationTest {

    private static final String ISSUER = "https://issuer.example";

    private static RSAKey key;
    private static HttpServer jwks;

    @BeforeAll
    static void anIssuerWithItsJwks() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        byte[] keys = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            exchange.getResponseBody().write(keys);
            exchange.close();
        });
        jwks.start();
    }

    @AfterAll
    static void stop() {
        jwks.stop(0);
    }

    @Test
    void the_local_signer_issues_the_configured_issuer_and_its_decoder_requires_it(@TempDir Path dir) {
        localContext()
                .withPropertyValues("spring.profiles.active=local", "registry.security.issuer=" + ISSUER,
                        "registry.dev-tokens.key-file=" + dir.resolve("key.json"))
                .run(context -> {
                    JwtDecoder decoder = context.getBean(JwtDecoder.class);
                    String token = context.getBean(DevTokenSigner.class).sign("alice", "acme", List.of());
                    assertThat(decoder.decode(token).getClaimAsString("iss")).isEqualTo(ISSUER);

                    RSAKey devKey = RSAKey.parse(Files.readString(dir.resolve("key.json")));
                    String defaultIssuer = sign(devKey, c -> c.issuer(DevTokenSigner.ISSUER));
                    assertThatThrownBy(() -> decoder.decode(defaultIssuer)).isInstanceOf(JwtValidationException.class);
                });
    }

    @Test
    void without_the_property_the_local_run_keeps_its_own_issuer(@TempDir Path dir) {
        localContext()
                .withPropertyValues("spring.profiles.active=local", "registry.dev-tokens.key-file=" + dir.resolve("k.json"))
                .run(context -> {
                    String token = context.getBean(DevTokenSigner.class).sign("alice", "acme", List.of());
                    assertThat(context.getBean(JwtDecoder.class).decode(token).getClaimAsString("iss"))
                            .isEqualTo(DevTokenSigner.ISSUER);
                });
    }

    @Test
    void the_jwks_decoder_requires_the_configured_issuer_and_a_valid_caller() {
        jwksContext().withPropertyValues("registry.security.issuer=" + ISSUER).run(context -> {
            JwtDecoder decoder = context.getBean(JwtDecoder.class);

            assertThat(decoder.decode(sign(key, c -> c)).getSubject()).isEqualTo("alice");
            assertThatThrownBy(() -> decoder.decode(sign(key, c -> c.issuer("https://other.example"))))
                    .isInstanceOf(JwtValidationException.class);
            assertThatThrownBy(() -> decoder.decode(sign(key, c -> c.issuer(null))))
                    .isInstanceOf(JwtValidationException.class);
            assertThatThrownBy(() -> decoder.decode(sign(key, c -> c.subject("\u202ealice"))))
                    .isInstanceOf(JwtValidationException.class).hasMessageContaining("sub");
        });
    }

    @Test
    void without_the_property_the_jwks_decoder_accepts_any_issuer_but_still_checks_the_caller() {
        jwksContext().run(context -> {
            JwtDecoder decoder = context.getBean(JwtDecoder.class);

            assertThat(decoder.decode(sign(key, c -> c.issuer("https://other.example"))).getSubject()).isEqualTo("alice");
            assertThatThrownBy(() -> decoder.decode(sign(key, c -> c.subject(null))))
                    .isInstanceOf(JwtValidationException.class);
            assertThatThrownBy(() -> decoder.decode(sign(key, c -> c.claim("org", "acme corp"))))
                    .isInstanceOf(JwtValidationException.class).hasMessageContaining("org");
        });
    }

    private static ApplicationContextRunner localContext() {
        return new ApplicationContextRunner()
                // as in a Spring Boot application: @Value durations such as the token lifetime convert
                .withInitializer(context -> context.getBeanFactory()
                        .setConversionService(ApplicationConversionService.getSharedInstance()))
                .withUserConfiguration(TokenValidation.class, LocalDevTokens.class);
    }

    private static WebApplicationContextRunner jwksContext() {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
                        OAuth2ResourceServerAutoConfiguration.class))
                .withUserConfiguration(TokenValidation.class)
                .withPropertyValues("spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:"
                        + jwks.getAddress().getPort() + "/jwks");
    }

    private static String sign(RSAKey signingKey, UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = change.apply(new JWTClaimsSet.Builder()
                .issuer(ISSUER).subject("alice").claim("org", "acme").claim("roles", List.of())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(),
                claims);
        jwt.sign(new RSASSASigner(signingKey));
        return jwt.serialize();
    }
}
