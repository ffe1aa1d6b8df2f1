package io.registry.command.domain;

import java.util.Set;

/** Who sends a command: the authenticated user, their organization and roles. */
public record Actor(String userId, String organizationId, Set<String> roles) {

    public boolean isAdmin() {
        return roles.contains("admin");
    }
}
