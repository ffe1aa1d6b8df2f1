package io.registry.query.listing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.registry.events.EventJson;

import java.util.List;

/** Turns version documents into the documented {@code PackageVersion} shape. */
public final class PackageVersionView {

    /** Required fields of {@code PackageVersion}, always present. */
    private static final List<String> REQUIRED = List.of("id", "created_at", "manifest_sha", "name", "owner_type", "version");
    /** Optional fields of {@code PackageVersion}, present only when they have a value. */
    private static final List<String> OPTIONAL = List.of("archived_at", "created_by", "description", "icon_url",
            "inputs", "links", "outputs", "properties", "tags");
    /** What the entity surface adds: the versions document's fields. */
    private static final List<String> ENTITY_SURFACE = List.of("entity_id", "active", "source_hash",
            "base_version_id", "storage_path", "file_size_bytes", "package_sha256", "package_lock_path",
            "lockfile_sha256", "service_dependencies", "package_json");

    private PackageVersionView() {
    }

    /** Exactly the zone listing document's {@code PackageVersion}. */
    public static ObjectNode packageVersion(ObjectNode doc) {
        ObjectNode view = EventJson.mapper().createObjectNode();
        REQUIRED.forEach(field -> view.set(field, doc.get(field)));
        for (String field : OPTIONAL) {
            JsonNode value = doc.get(field);
            if (value != null && !value.isNull()) {
                view.set(field, value);
            }
        }
        return view;
    }

    /** {@code PackageVersion} plus the versions document's fields (entity surface). */
    public static ObjectNode entityVersion(ObjectNode doc) {
        ObjectNode view = packageVersion(doc);
        for (String field : ENTITY_SURFACE) {
            JsonNode value = doc.get(field);
            view.set(field, value == null ? EventJson.mapper().nullNode() : value);
        }
        view.set("archived_at", doc.get("archived_at") == null ? EventJson.mapper().nullNode() : doc.get("archived_at"));
        return view;
    }
}
