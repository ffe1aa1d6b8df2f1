package io.registry.cli.versions;

import io.registry.cli.Json;
import io.registry.cli.api.RegistryApi;

import java.util.Map;

/** A VERSION argument: a version id, or {@code active} for the entity's active version. */
final class Versions {

    static final String ACTIVE = "active";

    private Versions() {
    }

    /** The version id; {@code active} is looked up (404 {@code no_active_version} when there is none). */
    static String resolve(RegistryApi api, String entityId, String version) {
        if (!ACTIVE.equals(version)) {
            return version;
        }
        return Json.text(api.read(entityId, RegistryApi.entityPath(entityId, "versions", ACTIVE), Map.of()).json(), "id");
    }
}
