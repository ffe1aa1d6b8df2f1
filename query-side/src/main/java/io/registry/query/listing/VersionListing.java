package io.registry.query.listing;

import io.registry.api.paging.Pagination;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.registry.access.AccessPolicy;
import io.registry.access.EntityAccess;
import io.registry.api.problem.ApiException;
import io.registry.api.problem.FieldViolation;
import io.registry.access.Caller;
import io.registry.events.OwnerType;
import io.registry.events.Store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cursor pagination over an entity's versions, newest first: {@code after} pages towards older versions,
 * {@code before} towards newer ones. The order key is the version number, which never changes once given,
 * so pages stay exact (no duplicate, no gap) while versions are added or archived.
 */
public class VersionListing {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    private final ReadModel readModel;

    public VersionListing(ReadModel readModel) {
        this.readModel = readModel;
    }

    public record Page(List<ObjectNode> items, String afterCursor, String beforeCursor, long totalCount) {
    }

    /** The entity document, if the caller may read it; 404 otherwise (existence does not leak). */
    public ObjectNode readableEntity(Caller caller, String zoneId, String entityId) {
        ObjectNode entity = readModel.entity(entityId).orElse(null);
        boolean inZone = entity != null && (zoneId == null || zoneId.equals(entity.path("zone_id").asText()));
        if (!inZone || !AccessPolicy.canRead(caller, access(entity))) {
            if (zoneId != null && !readModel.zoneExists(zoneId)) {
                throw ApiException.notFound("zone_not_found", "No zone " + zoneId + ".");
            }
            throw ApiException.notFound(zoneId != null ? "package_not_found" : "entity_not_found",
                    zoneId != null ? "No package " + entityId + " in zone " + zoneId + "."
                            : "No entity " + entityId + ".");
        }
        return entity;
    }

    public Page page(ObjectNode entity, String after, String before, Integer limit) {
        String entityId = entity.path("entity_id").asText();
        List<FieldViolation> violations = new ArrayList<>();
        if (after != null && before != null) {
            violations.add(new FieldViolation("after", "mutually_exclusive", "give either after or before, not both"));
            violations.add(new FieldViolation("before", "mutually_exclusive", "give either after or before, not both"));
        }
        Cursor afterCursor = cursor("after", after, entityId, violations);
        Cursor beforeCursor = cursor("before", before, entityId, violations);
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            violations.add(new FieldViolation("limit", "out_of_range", "must be between 1 and " + MAX_LIMIT));
        }
        if (!violations.isEmpty()) {
            throw ApiException.badRequest(violations);
        }
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (beforeCursor != null) {
            ReadModel.VersionPage found = readModel.versions(entityId, null, beforeCursor.version(), size + 1);
            List<ObjectNode> items = found.items();
            long total = found.total();
            boolean moreNewer = items.size() > size;
            List<ObjectNode> page = moreNewer ? items.subList(1, items.size()) : items;
            String next = page.isEmpty() ? new Cursor(entityId, beforeCursor.version() + 1).encode()
                    : new Cursor(entityId, lastVersion(page)).encode();
            String previous = moreNewer ? new Cursor(entityId, firstVersion(page)).encode() : null;
            return new Page(page, next, previous, total);
        }
        Integer olderThan = afterCursor == null ? null : afterCursor.version();
        ReadModel.VersionPage found = readModel.versions(entityId, olderThan, null, size + 1);
        List<ObjectNode> items = found.items();
        long total = found.total();
        boolean moreOlder = items.size() > size;
        List<ObjectNode> page = moreOlder ? items.subList(0, size) : items;
        String next = moreOlder ? new Cursor(entityId, lastVersion(page)).encode() : null;
        String previous = null;
        if (afterCursor != null) {
            previous = new Cursor(entityId, page.isEmpty() ? afterCursor.version() - 1 : firstVersion(page)).encode();
        }
        return new Page(page, next, previous, total);
    }

    private static Cursor cursor(String name, String text, String entityId, List<FieldViolation> violations) {
        if (text == null) {
            return null;
        }
        if (text.isEmpty() || text.length() > 255) {
            violations.add(new FieldViolation(name, "out_of_range", "must be 1 to 255 characters"));
            return null;
        }
        Cursor cursor = Cursor.decode(text).orElse(null);
        if (cursor == null || !cursor.entityId().equals(entityId)) {
            violations.add(new FieldViolation(name, "invalid_cursor",
                    "is not a cursor returned by this listing for this package"));
            return null;
        }
        return cursor;
    }

    private static int firstVersion(List<ObjectNode> page) {
        return page.get(0).path("version").asInt();
    }

    private static int lastVersion(List<ObjectNode> page) {
        return page.get(page.size() - 1).path("version").asInt();
    }

    public static EntityAccess access(JsonNode entity) {
        return new EntityAccess(OwnerType.fromWireName(entity.path("owner_type").asText()),
                entity.path("organization_id").asText(null), Store.fromWireName(entity.path("store").asText()),
                strings(entity.path("publishers")), strings(entity.path("shared_with")));
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new HashSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /** A listing body: {@code items} (each document shown through {@code view}) and {@code pagination}. */
    public Map<String, Object> listing(ObjectNode entity, String after, String before, Integer limit,
                                       java.util.function.Function<ObjectNode, ObjectNode> view) {
        Page page = page(entity, after, before, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items().stream().map(view).toList());
        body.put("pagination", new Pagination(page.afterCursor(), page.beforeCursor(), page.totalCount()));
        return body;
    }
}
