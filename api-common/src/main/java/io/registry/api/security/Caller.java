package io.registry.api.security;

import org.springframework.security.oauth2.jwt.Jwt;

import java.util.List;
import java.util.Set;

/**
 * The authenticated user behind a request, from the bearer token: {@code sub} is the user,
 * {@code org} the organization, {@code roles} may hold {@code admin}.
 */
public record Caller(String userId, String organizationId, Set<String> roles) {

    public static final String ADMIN = "admin";

    public boolean isAdmin() {
        return roles.contains(ADMIN);
    }

    public static Caller from(Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList("roles");
        return new Caller(jwt.getSubject(), jwt.getClaimAsString("org"), roles == null ? Set.of() : Set.copyOf(roles));
    }
}
