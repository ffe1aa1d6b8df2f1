package io.registry.cli.versions;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.cli.CliFailure;
import io.registry.cli.Json;
import io.registry.cli.api.RegistryApi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Walks a paged listing of the registry ({@code items} and {@code pagination.after_cursor}) page after page with the
 * {@code after} cursor, until the last page or {@code max} items.
 */
public final class Pages {

    static final int PAGE_SIZE = 100;

    private Pages() {
    }

    /** Answers the {@code total_count} of the last page read. */
    static long walk(RegistryApi api, String entityId, String path, String startAfter, Integer max,
                     Consumer<JsonNode> page) {
        return walk(api, entityId, path, Map.of(), startAfter, max, page);
    }

    /** As above, with the listing's own query parameters ({@code filters}: strings or lists of strings). */
    public static long walk(RegistryApi api, String entityId, String path, Map<String, ?> filters, String startAfter,
                            Integer max, Consumer<JsonNode> page) {
        if (max != null && max < 1) {
            throw CliFailure.usage("--limit must be at least 1");
        }
        String after = startAfter;
        long seen = 0;
        long total = 0;
        while (true) {
            int size = max == null ? PAGE_SIZE : (int) Math.min(PAGE_SIZE, max - seen);
            Map<String, Object> query = new LinkedHashMap<>(filters);
            query.put("limit", Integer.toString(size));
            query.put("after", after);
            JsonNode answer = api.read(entityId, path, query).json();
            page.accept(answer);
            seen += answer.path("items").size();
            total = answer.path("pagination").path("total_count").asLong();
            after = Json.text(answer.path("pagination"), "after_cursor");
            if (after == null || answer.path("items").isEmpty() || (max != null && seen >= max)) {
                return total;
            }
        }
    }
}
