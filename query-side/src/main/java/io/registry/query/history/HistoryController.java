package io.registry.query.history;

import io.registry.api.request.ValidEntityId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.registry.access.AccessPolicy;
import io.registry.api.problem.ApiException;
import io.registry.api.paging.OpaqueToken;
import io.registry.api.paging.Pagination;
import io.registry.api.problem.FieldViolation;
import io.registry.access.Caller;
import io.registry.events.EventJson;
import io.registry.query.listing.VersionListing;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/entities/{entityId}/history?after=&before=&limit=}: every recorded event of the entity, oldest
 * first, read from the event store (the audit log itself, each event as it was recorded, with its revision): who,
 * when, what, and the event's position (its sequence in the entity and its global position in the store).
 * Publishers and admins only; other readers get 403, everyone else 404. The same cursor contract as the listings:
 * {@code after} pages towards newer events, {@code before} towards older ones, not both; limit 1..100, default 50.
 */
@RestController
public class HistoryController {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;
    private static final List<String> ACTOR_FIELDS = List.of("created_by", "granted_by", "revoked_by", "shared_by",
            "unshared_by", "changed_by", "requested_by", "confirmed_by", "archived_by");

    private final VersionListing listing;
    private final JdbcTemplate jdbc;

    public HistoryController(VersionListing listing, JdbcTemplate jdbc) {
        this.listing = listing;
        this.jdbc = jdbc;
    }

    @GetMapping("/api/entities/{entityId}/history")
    public Map<String, Object> history(@PathVariable @ValidEntityId String entityId,
                                       @RequestParam(value = "after", required = false) String after,
                                       @RequestParam(value = "before", required = false) String before,
                                       @RequestParam(value = "limit", required = false) Integer limit,
                                       Caller caller) {
        ObjectNode entity = listing.readableEntity(caller, null, entityId);
        if (!AccessPolicy.canPublish(caller, VersionListing.access(entity))) {
            throw ApiException.forbidden("publisher_role_required",
                    "The history of " + entityId + " is open to its publishers and to admins.");
        }
        List<FieldViolation> violations = new ArrayList<>();
        long afterSequence = cursor("after", after, entityId, violations);
        long beforeSequence = cursor("before", before, entityId, violations);
        if (after != null && before != null) {
            violations.add(new FieldViolation("before", "exclusive_cursors", "give either after or before, not both"));
        }
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            violations.add(new FieldViolation("limit", "out_of_range", "must be between 1 and " + MAX_LIMIT));
        }
        if (!violations.isEmpty()) {
            throw ApiException.badRequest(violations);
        }
        int size = limit == null ? DEFAULT_LIMIT : limit;
        boolean backwards = before != null;
        List<ObjectNode> items = new ArrayList<>(jdbc.query(
                "SELECT global_index, sequence_number, event_identifier, payload_type, payload_revision, payload, "
                        + "time_stamp FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number > ? "
                        + "AND sequence_number < ? ORDER BY sequence_number " + (backwards ? "DESC" : "ASC") + " LIMIT ?",
                (rs, i) -> item(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getBytes(6), rs.getString(7)),
                entityId, afterSequence, backwards ? beforeSequence : Long.MAX_VALUE, size + 1));
        boolean more = items.size() > size;
        List<ObjectNode> page = new ArrayList<>(more ? items.subList(0, size) : items);
        if (backwards) {
            java.util.Collections.reverse(page);
        }
        Long total = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, entityId);
        // Cursors at the ends are null: newer events exist after a backwards page, older ones before a page that
        // was reached with `after`.
        boolean newer = backwards || more;
        boolean older = backwards ? more : after != null;
        Pagination pagination = new Pagination(
                newer && !page.isEmpty() ? encode(entityId, page.get(page.size() - 1).get("sequence").asLong()) : null,
                older && !page.isEmpty() ? encode(entityId, page.get(0).get("sequence").asLong()) : null,
                total == null ? 0 : total);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page);
        body.put("pagination", pagination);
        return body;
    }

    /** The sequence a cursor points at; -1 when there is none (or it is not one of ours: then a violation). */
    private static long cursor(String name, String value, String entityId, List<FieldViolation> violations) {
        if (value == null) {
            return -1;
        }
        long sequence = decode(value, entityId);
        if (sequence < 0) {
            violations.add(new FieldViolation(name, "invalid_cursor",
                    "is not a cursor returned by this history for this entity"));
        }
        return sequence;
    }

    private static ObjectNode item(long position, long sequence, String eventId, String type, String revision,
                                   byte[] payload, String recordedAt) {
        JsonNode data;
        try {
            data = EventJson.mapper().readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode item = EventJson.mapper().createObjectNode();
        item.put("position", position);
        item.put("sequence", sequence);
        item.put("event_id", eventId);
        item.put("type", type);
        item.put("revision", revision);
        item.put("recorded_at", recordedAt);
        item.put("actor", actorOf(data));
        item.set("data", data);
        return item;
    }

    private static String actorOf(JsonNode data) {
        for (String field : ACTOR_FIELDS) {
            JsonNode actor = data.get(field);
            if (actor != null && actor.isTextual()) {
                return actor.asText();
            }
        }
        return "system";
    }

    private static final String CURSOR_KIND = "h1";

    private static String encode(String entityId, long sequence) {
        return new OpaqueToken(CURSOR_KIND, sequence, entityId).encode();
    }

    /** The sequence of a cursor of this entity's history; -1 when it is not one. */
    private static long decode(String cursor, String entityId) {
        return OpaqueToken.decode(cursor, CURSOR_KIND).filter(token -> token.scope().equals(entityId))
                .map(OpaqueToken::number).orElse(-1L);
    }
}
