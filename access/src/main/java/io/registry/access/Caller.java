package io.registry.access;

import java.util.Set;

/**
 * Who sends a request or a command: the authenticated user, their organization (null when the token names
 * none) and their roles, which may hold {@value #ADMIN}. Taken from the bearer token once, at the web edge.
 */
public record Caller(String userId, String organizationId, Set<String> roles) {

    public static final String ADMIN = "admin";

    public Caller {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN);
    }
}
