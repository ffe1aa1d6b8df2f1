package io.registry.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

import java.time.Duration;

/**
 * A JWT decoder that remembers the tokens it verified: a client sends the same token with every request, and checking
 * its signature and claims again each time was about 5% of the CPU of a publish. A remembered token is used again only
 * while its {@code exp} / {@code nbf} still hold (the same 60 s of clock skew as the verification), and at most
 * {@link #REMEMBER_FOR} after it was verified; the key is the whole token, signature included, so a token that was
 * not verified never matches. What this gives up: a signing key withdrawn from the issuer's JWKS stops accepting the
 * tokens it signed up to {@link #REMEMBER_FOR} later (JWTs have no revocation to give up beyond that).
 */
public final class RememberingJwtDecoder implements JwtDecoder {

    static final Duration REMEMBER_FOR = Duration.ofMinutes(5);
    private static final int TOKENS = 10_000;

    private final JwtDecoder delegate;
    private final Cache<String, Jwt> verified = Caffeine.newBuilder().maximumSize(TOKENS)
            .expireAfterWrite(REMEMBER_FOR).build();
    private final OAuth2TokenValidator<Jwt> stillValid = new JwtTimestampValidator();

    public RememberingJwtDecoder(JwtDecoder delegate) {
        this.delegate = delegate;
    }

    /** Every {@link JwtDecoder} bean (the dev key's, or the issuer's from Spring Boot) remembers what it verified. */
    public static BeanPostProcessor forEveryDecoder() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof JwtDecoder decoder && !(bean instanceof RememberingJwtDecoder)
                        ? new RememberingJwtDecoder(decoder) : bean;
            }
        };
    }

    @Override
    public Jwt decode(String token) {
        Jwt remembered = verified.getIfPresent(token);
        if (remembered != null) {
            if (!stillValid.validate(remembered).hasErrors()) {
                return remembered;
            }
            verified.invalidate(token);
        }
        Jwt jwt = delegate.decode(token);
        verified.put(token, jwt);
        return jwt;
    }
}
