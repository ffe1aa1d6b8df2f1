package io.registry.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.registry.cli.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Read-your-writes across invocations: the consistency token of the last command this user ran on each entity (per
 * registry), sent back as {@code X-Consistency-Token} on reads of that entity, so that {@code registry push ... &&
 * registry versions E} lists what was just pushed. Kept in {@code consistency-tokens.json} beside the login (0600);
 * losing it only means a read may not wait. {@code login} empties it.
 */
public final class WriteTokens {

    static final String FILE = "consistency-tokens.json";
    private static final int KEPT = 200;

    private final Path file;

    public WriteTokens(Path configDirectory) {
        this.file = configDirectory.resolve(FILE);
    }

    public String lastWrite(String baseUrl, String entityId) {
        return Json.text(read(), key(baseUrl, entityId));
    }

    public void remember(String baseUrl, String entityId, String token) {
        ObjectNode tokens = read();
        tokens.remove(key(baseUrl, entityId));
        tokens.put(key(baseUrl, entityId), token);
        List<String> oldestFirst = new ArrayList<>();
        tokens.fieldNames().forEachRemaining(oldestFirst::add);
        for (int i = 0; tokens.size() > KEPT; i++) {
            tokens.remove(oldestFirst.get(i));
        }
        try {
            PrivateFiles.write(file, Json.compact(tokens));
        } catch (IOException e) {
            // a read may then not wait for this write: nothing else depends on the file
        }
    }

    public void forgetAll() throws IOException {
        Files.deleteIfExists(file);
    }

    private ObjectNode read() {
        try {
            if (Files.isRegularFile(file)) {
                JsonNode tokens = Json.parse(Files.readString(file));
                if (tokens.isObject()) {
                    return (ObjectNode) tokens;
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // start afresh
        }
        return Json.MAPPER.createObjectNode();
    }

    private static String key(String baseUrl, String entityId) {
        return baseUrl + " " + entityId;
    }
}
