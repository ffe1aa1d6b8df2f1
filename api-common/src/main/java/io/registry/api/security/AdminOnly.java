package io.registry.api.security;

import io.registry.access.Caller;
import io.registry.api.problem.ApiException;

/** The guard of operator routes ({@code /admin/...}): the caller must hold the {@code admin} role, else 403. */
public final class AdminOnly {

    private AdminOnly() {
    }

    /** @param operations what the route does, for the message, e.g. "Read-model operations" */
    public static void require(Caller caller, String operations) {
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("admin_role_required", operations + " need the admin role.");
        }
    }
}
