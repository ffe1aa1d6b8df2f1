package io.registry.query.history;

import io.registry.api.request.ValidChannelName;
import io.registry.api.request.ValidEntityId;
import io.registry.access.AccessPolicy;
import io.registry.api.problem.ApiException;
import io.registry.api.paging.OpaqueToken;
import io.registry.api.paging.Pagination;
import io.registry.api.problem.FieldViolation;
import io.registry.access.Caller;
import io.registry.query.read.EntityReads;
import io.registry.query.read.ReadYourWrites;
import io.registry.api.consistency.ConsistencyToken;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestHeader;
import io.registry.query.readmodel.EntityDocument;
import io.registry.api.paging.Page;
import io.registry.api.request.BoundedParameter;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/entities/{entityId}/history?after=&before=&limit=}: every recorded event of the entity, oldest
 * first, read from the event store (the audit log itself, each event in its current revision, see
 * {@link EntityHistory}): who, when, what, and the event's position (its sequence in the entity and its global
 * position in the store).
 * Publishers and admins only; other readers get 403, everyone else 404. The same cursor contract as the listings:
 * {@code after} pages towards newer events, {@code before} towards older ones, not both; limit 1..100, default 50.
 * {@code channel}: only that channel's events (its own history: every time it was set or removed).
 */
@RestController
public class HistoryController {

    /** The store's events through the contract's serializer and Axon's upcaster chain. */
    @Configuration(proxyBeanMethods = false)
    static class HistoryConfiguration {
        @Bean
        EntityHistory entityHistory(JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer eventSerializer,
                                    org.axonframework.config.Configuration axon) {
            return new EntityHistory(jdbc, eventSerializer, axon.upcasterChain());
        }
    }

    public static final BoundedParameter LIMIT = new BoundedParameter("limit", 1, 100, 50);

    private final EntityReads reads;
    private final EntityHistory history;

    public HistoryController(EntityReads reads, EntityHistory history) {
        this.reads = reads;
        this.history = history;
    }

    @GetMapping("/api/entities/{entityId}/history")
    public ResponseEntity<Page<HistoryItem>> history(@PathVariable @ValidEntityId String entityId,
                                       @RequestParam(value = "after", required = false) String after,
                                       @RequestParam(value = "before", required = false) String before,
                                       @RequestParam(value = "limit", required = false) Integer limit,
                                       @RequestParam(value = "channel", required = false) @ValidChannelName String channel,
                                       @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token,
                                       Caller caller) {
        // the events come from the store itself; the token only makes the access check (on the read model) see
        // the caller's last write, e.g. an entity created a moment ago
        EntityReads.OpenedEntity opened = reads.open(caller, entityId, token, ReadYourWrites.Reads.BY_ID);
        EntityDocument entity = opened.entity();
        if (!AccessPolicy.canPublish(caller, entity.access())) {
            throw ApiException.forbidden("publisher_role_required",
                    "The history of " + entityId + " is open to its publishers and to admins.");
        }
        List<FieldViolation> violations = new ArrayList<>();
        long afterSequence = cursor("after", after, entityId, violations);
        long beforeSequence = cursor("before", before, entityId, violations);
        if (after != null && before != null) {
            violations.add(new FieldViolation("before", "exclusive_cursors", "give either after or before, not both"));
        }
        int size = LIMIT.valueOf(limit, violations);
        if (!violations.isEmpty()) {
            throw ApiException.badRequest(violations);
        }
        boolean backwards = before != null;
        List<HistoryItem> items = history.events(entityId, channel, afterSequence, backwards ? beforeSequence : Long.MAX_VALUE,
                size + 1, backwards);
        boolean more = items.size() > size;
        List<HistoryItem> page = new ArrayList<>(more ? items.subList(0, size) : items);
        if (backwards) {
            java.util.Collections.reverse(page);
        }
        long total = history.count(entityId, channel);
        // Cursors at the ends are null: newer events exist after a backwards page, older ones before a page that
        // was reached with `after`.
        boolean newer = backwards || more;
        boolean older = backwards ? more : after != null;
        Pagination pagination = new Pagination(
                newer && !page.isEmpty() ? encode(entityId, page.get(page.size() - 1).sequence()) : null,
                older && !page.isEmpty() ? encode(entityId, page.get(0).sequence()) : null,
                total);
        return opened.respond(new Page<>(page, pagination));
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
