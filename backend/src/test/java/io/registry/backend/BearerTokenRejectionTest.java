package io.registry.backend;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.registry.api.security.DevTokenSigner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Value;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Bearer tokens the backend must refuse, forged with Nimbus: each is a 401 problem ({@code invalid_token}), and
 * a mutation sent with one records nothing. The local run's tokens are signed with the dev key; tests sign with
 * that key (read from its file) where only a claim is to be wrong.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BearerTokenRejectionTest extends BackendTestSupport {

    @Value("${registry.dev-tokens.key-file}")
    private Path keyFile;

    private RSAKey devKey;
    private String alice;

    @BeforeAll
    void keys() throws Exception {
        alice = token("alice", "acme"); // creates the key file if needed
        devKey = RSAKey.parse(Files.readString(keyFile, StandardCharsets.UTF_8));
    }

    /** A valid token's claims: the dev issuer, alice of acme, valid for an hour. */
    private static JWTClaimsSet.Builder validClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(DevTokenSigner.ISSUER)
                .subject("alice")
                .claim("org", "acme")
                .claim("roles", List.of())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))));
    }

    private String signed(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private String devSigned(UnaryOperator<JWTClaimsSet.Builder> change) {
        return signed(devKey, change.apply(validClaims()).build());
    }

    Stream<Arguments> forgedTokens() throws Exception {
        Instant now = Instant.now();
        RSAKey otherKey = new RSAKeyGenerator(2048).keyID("local-dev").generate();
        String valid = devSigned(c -> c);
        String[] parts = valid.split("\\.");
        String adminPayload = Base64URL.encode(validClaims().claim("roles", List.of("admin")).build().toString()
                .getBytes(StandardCharsets.UTF_8)).toString();
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), validClaims().build());
        hmac.sign(new MACSigner(devKey.toRSAPublicKey().getEncoded()));
        return Stream.of(
                arguments("signed by another key", signed(otherKey, validClaims().build())),
                arguments("alg none", new PlainJWT(validClaims().build()).serialize()),
                arguments("alg none, signature kept", new PlainJWT(validClaims().build()).serialize() + parts[2]),
                arguments("HS256 keyed with the public key", hmac.serialize()),
                arguments("payload changed after signing", parts[0] + "." + adminPayload + "." + parts[2]),
                arguments("signature cut off", parts[0] + "." + parts[1] + "."),
                arguments("not a JWT", "not-a-token"),
                arguments("expired", devSigned(c -> c.issueTime(Date.from(now.minus(Duration.ofHours(2))))
                        .expirationTime(Date.from(now.minus(Duration.ofMinutes(5)))))),
                arguments("not yet valid", devSigned(c -> c.notBeforeTime(Date.from(now.plus(Duration.ofMinutes(5)))))),
                arguments("another issuer", devSigned(c -> c.issuer("https://issuer.example"))),
                arguments("no issuer", devSigned(c -> c.issuer(null))),
                arguments("no sub", devSigned(c -> c.subject(null))),
                arguments("empty sub", devSigned(c -> c.subject(""))),
                arguments("sub with a space", devSigned(c -> c.subject("ali ce"))),
                arguments("sub with leading whitespace", devSigned(c -> c.subject(" alice"))),
                arguments("sub with a control character", devSigned(c -> c.subject("ali\u0000ce"))),
                arguments("sub with a newline", devSigned(c -> c.subject("alice\nadmin"))),
                arguments("sub with a bidi override", devSigned(c -> c.subject("\u202ealice"))),
                arguments("sub too long", devSigned(c -> c.subject("a".repeat(201)))),
                arguments("org with a space", devSigned(c -> c.claim("org", "acme corp"))),
                arguments("org not a string", devSigned(c -> c.claim("org", 42))),
                arguments("roles not an array", devSigned(c -> c.claim("roles", "admin"))),
                arguments("roles not strings", devSigned(c -> c.claim("roles", List.of(1)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedTokens")
    void a_forged_token_is_refused_and_its_mutation_records_nothing(String name, String token) {
        String id = uniqueId("forged");
        Map<String, Object> body = Map.of("id", id, "zone_id", "zone-jwt", "name", "n", "store", "public");

        Response refused = call("POST", "/api/entities", token, body);

        assertThat(refused.status()).as(name + ": " + refused.body()).isEqualTo(401);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("code").asText()).isEqualTo("invalid_token");
        assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");
        Response read = call("GET", "/api/entities/" + id, token, null);
        assertThat(read.status()).as(name).isEqualTo(401);
        // nothing was recorded: the id is still free
        assertThat(call("POST", "/api/entities", alice, body).status()).as(name).isEqualTo(201);
    }

    @Test
    void a_token_signed_with_the_dev_key_and_valid_claims_is_accepted() {
        String token = devSigned(c -> c.subject("auth0|5f7c8ec7c33c6c004bbafe82").claim("org", "org_123"));

        Response created = call("POST", "/api/entities", token,
                Map.of("id", uniqueId("valid"), "zone_id", "zone-jwt", "name", "n", "store", "public"));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @Test
    void a_token_within_the_clock_skew_is_accepted() {
        Instant now = Instant.now();
        String token = devSigned(c -> c.issueTime(Date.from(now.minus(Duration.ofHours(1))))
                .expirationTime(Date.from(now.minus(Duration.ofSeconds(20))))
                .notBeforeTime(Date.from(now.plus(Duration.ofSeconds(20)))));

        Response response = call("GET", "/api/entities/" + uniqueId("skew"), token, null);
        assertThat(response.status()).as(response.body()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Bearer", "Bearer ", "Bearer a b", "Basic YWxpY2U6c2VjcmV0"})
    void a_malformed_authorization_header_is_refused(String authorization) {
        RawHttp.Reply reply = RawHttp.exchange(port, "GET", "/api/entities/x", "Authorization: " + authorization);

        assertThat(reply.status()).as(reply.body()).isEqualTo(401);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.code()).isIn("invalid_token", "unauthenticated");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {" alice", "ali ce", "\u202ealice", "alice\u0000"})
    @ContractCheck.InvalidRequestsOnPurpose("user ids that are not user ids")
    void the_dev_token_route_refuses_to_sign_an_invalid_user_id(String sub) {
        Response response = call("POST", "/dev/tokens", null, Map.of("sub", sub, "org", "acme", "roles", List.of()));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo("sub");
    }

    @Test
    void dev_tokens_carry_the_dev_issuer() throws Exception {
        assertThat(SignedJWT.parse(alice).getJWTClaimsSet().getIssuer()).isEqualTo(DevTokenSigner.ISSUER);
    }
}
