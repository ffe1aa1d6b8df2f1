package io.registry.api.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RememberingJwtDecoderTest {

    private final List<String> verified = new ArrayList<>();

    /** Verifies a token whose text names how long it is valid ("valid-60": 60 s from now; "bad": refused). */
    private final JwtDecoder issuer = token -> {
        verified.add(token);
        if (token.startsWith("bad")) {
            throw new BadJwtException("refused");
        }
        long seconds = Long.parseLong(token.substring(token.indexOf('-') + 1));
        Instant now = Instant.now();
        return Jwt.withTokenValue(token).header("alg", "RS256").subject("alice")
                .issuedAt(now.minusSeconds(600)).expiresAt(now.plusSeconds(seconds)).build();
    };

    @Test
    void aTokenIsVerifiedOnceWhileItIsValid() {
        RememberingJwtDecoder decoder = new RememberingJwtDecoder(issuer);

        Jwt first = decoder.decode("valid-600");
        Jwt again = decoder.decode("valid-600");

        assertThat(again).isSameAs(first);
        assertThat(verified).containsExactly("valid-600");
    }

    @Test
    void anExpiredTokenIsVerifiedAgainAndRefusedThen() {
        RememberingJwtDecoder decoder = new RememberingJwtDecoder(issuer);
        // expired 90 s ago when remembered: beyond the 60 s of clock skew
        decoder.decode("valid--90");

        decoder.decode("valid--90");

        assertThat(verified).containsExactly("valid--90", "valid--90");
    }

    @Test
    void aRefusedTokenIsNeverRemembered() {
        RememberingJwtDecoder decoder = new RememberingJwtDecoder(issuer);

        assertThatThrownBy(() -> decoder.decode("bad-1")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("bad-1")).isInstanceOf(BadJwtException.class);

        assertThat(verified).containsExactly("bad-1", "bad-1");
    }
}
