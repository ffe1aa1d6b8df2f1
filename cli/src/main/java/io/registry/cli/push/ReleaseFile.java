package io.registry.cli.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.registry.cli.CliFailure;
import io.registry.cli.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code push --release release.json}: the release metadata sent with the confirm, one JSON object with any of the
 * confirm's release fields. They are checked by the registry at confirm (400 naming each bad field); a key that is
 * not one of them is refused here, before anything is uploaded.
 */
final class ReleaseFile {

    static final Set<String> FIELDS = Set.of("description", "icon_url", "inputs", "outputs", "links", "properties",
            "tags", "service_dependencies");

    private ReleaseFile() {
    }

    static ObjectNode read(Path file) {
        JsonNode release;
        try {
            release = Json.parse(Files.readString(file));
        } catch (IOException e) {
            throw CliFailure.usage("cannot read the release file " + file + ": " + firstLine(e));
        }
        if (!release.isObject()) {
            throw CliFailure.usage("the release file " + file + " must hold one JSON object");
        }
        List<String> unknown = new ArrayList<>();
        release.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw CliFailure.usage("the release file " + file + " has fields a release does not: " + unknown
                    + " (allowed: description, icon_url, inputs, outputs, links, properties, tags, service_dependencies)");
        }
        return (ObjectNode) release;
    }

    /** {@code package.json} at the tree's root, sent as {@code package_json}; null when there is none. */
    static JsonNode packageJson(Path directory) {
        Path file = directory.resolve("package.json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        JsonNode packageJson;
        try {
            packageJson = Json.parse(Files.readString(file));
        } catch (IOException e) {
            throw CliFailure.usage("cannot read " + file + ": " + firstLine(e));
        }
        if (!packageJson.isObject()) {
            throw CliFailure.usage(file + " must hold one JSON object");
        }
        return packageJson;
    }

    private static String firstLine(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    }
}
