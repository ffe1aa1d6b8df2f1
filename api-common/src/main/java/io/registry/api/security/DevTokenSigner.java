package io.registry.api.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.FileAlreadyExistsException;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;

/**
 * The local run's token issuer: an RSA key kept in the data folder (so tokens survive a restart), used to
 * sign the tokens {@code POST /dev/tokens} hands out and to verify every bearer token.
 */
public final class DevTokenSigner {

    /** The issuer of the local run's tokens unless {@code registry.security.issuer} names another. */
    public static final String ISSUER = "registry-local-dev";

    private final RSAKey key;
    private final Clock clock;
    private final Duration lifetime;
    private final String issuer;

    private DevTokenSigner(RSAKey key, Clock clock, Duration lifetime, String issuer) {
        this.key = key;
        this.clock = clock;
        this.lifetime = lifetime;
        this.issuer = issuer;
    }

    /** Loads the key from {@code keyFile}, creating it on first use; tokens carry {@code issuer} as {@code iss}. */
    public static DevTokenSigner loadOrCreate(Path keyFile, Clock clock, Duration lifetime, String issuer) {
        try {
            if (Files.exists(keyFile)) {
                return new DevTokenSigner(RSAKey.parse(Files.readString(keyFile, StandardCharsets.UTF_8)), clock, lifetime,
                        issuer);
            }
            RSAKey key = new RSAKeyGenerator(2048).keyID("local-dev").generate();
            Files.createDirectories(keyFile.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(keyFile.toAbsolutePath().getParent(), "dev-jwt", ".tmp");
            Files.writeString(tmp, key.toJSONString(), StandardCharsets.UTF_8);
            try {
                // a hard link is created whole or not at all, and never replaces a key another process wrote first
                Files.createLink(keyFile, tmp);
            } catch (FileAlreadyExistsException raced) {
                return loadOrCreate(keyFile, clock, lifetime, issuer);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return new DevTokenSigner(key, clock, lifetime, issuer);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the dev signing key " + keyFile, e);
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException("The dev signing key " + keyFile + " is unusable; delete it to get a new one", e);
        }
    }

    public String issuer() {
        return issuer;
    }

    public RSAPublicKey publicKey() {
        try {
            return key.toRSAPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String sign(String subject, String organization, List<String> roles) {
        Date now = Date.from(clock.instant());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .claim("org", organization)
                .claim("roles", roles)
                .issueTime(now)
                .expirationTime(Date.from(clock.instant().plus(lifetime)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
