package io.registry.query.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.events.ChannelRemoved;
import io.registry.events.ChannelSet;
import io.registry.events.EventCatalog;
import io.registry.events.EventJson;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * An entity's recorded events as every reader of the event store sees them: read by sequence range (with their
 * global position, which Axon's aggregate stream does not carry), then deserialized with the contract's serializer
 * through the upcaster chain, so an event recorded under an older revision reads in its current one.
 */
public class EntityHistory {

    private static final List<String> ACTOR_FIELDS = List.of("created_by", "granted_by", "revoked_by", "shared_by",
            "unshared_by", "changed_by", "requested_by", "confirmed_by", "archived_by", "set_by", "removed_by");

    /** A channel's own history: the events of the types that change a channel, naming it in their data. */
    private static final String OF_CHANNEL = " AND payload_type IN ('"
            + EventCatalog.descriptorOf(ChannelSet.class).name() + "', '"
            + EventCatalog.descriptorOf(ChannelRemoved.class).name() + "')"
            + " AND convert_from(payload, 'UTF8')::jsonb ->> 'channel' = ?";

    private final JdbcTemplate jdbc;
    private final Serializer eventSerializer;
    private final EventUpcaster upcasters;

    public EntityHistory(JdbcTemplate jdbc, Serializer eventSerializer, EventUpcaster upcasters) {
        this.jdbc = jdbc;
        this.eventSerializer = eventSerializer;
        this.upcasters = upcasters;
    }

    /**
     * At most {@code limit} events with a sequence strictly between {@code after} and {@code before}, the oldest ones
     * of that range, or the newest ones when {@code newestFirst}; in the order they are read. With a {@code channel},
     * only the events of that channel.
     */
    public List<HistoryItem> events(String entityId, String channel, long after, long before, int limit,
                                    boolean newestFirst) {
        List<Object> arguments = new ArrayList<>(List.of(entityId, after, before));
        if (channel != null) {
            arguments.add(channel);
        }
        arguments.add(limit);
        List<Row> rows = jdbc.query("SELECT global_index, sequence_number, event_identifier, payload_type, "
                        + "payload_revision, payload, meta_data, time_stamp FROM domain_event_entry "
                        + "WHERE aggregate_identifier = ? AND sequence_number > ? AND sequence_number < ? "
                        + (channel == null ? "" : OF_CHANNEL)
                        + " ORDER BY sequence_number " + (newestFirst ? "DESC" : "ASC") + " LIMIT ?",
                (rs, i) -> new Row(rs.getLong(1), rs.getString(8), new GenericDomainEventEntry<>("PackageEntity",
                        entityId, rs.getLong(2), rs.getString(3), rs.getString(8), rs.getString(4), rs.getString(5),
                        rs.getBytes(6), rs.getBytes(7))),
                arguments.toArray());
        List<HistoryItem> items = new ArrayList<>(rows.size());
        for (Row row : rows) {
            items.add(item(row));
        }
        return items;
    }

    /** How many events the entity has recorded (of the {@code channel}, when one is given). */
    public long count(String entityId, String channel) {
        Long count = channel == null
                ? jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                        Long.class, entityId)
                : jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?"
                        + OF_CHANNEL, Long.class, entityId, channel);
        return count == null ? 0 : count;
    }

    private HistoryItem item(Row row) {
        List<IntermediateEventRepresentation> upcast = upcasters.upcast(
                Stream.of(new InitialEventRepresentation(row.entry(), eventSerializer))).toList();
        if (upcast.size() != 1) {
            throw new IllegalStateException("Event " + row.entry().getEventIdentifier() + " upcasts to "
                    + upcast.size() + " events; the history shows one item per recorded event");
        }
        IntermediateEventRepresentation event = upcast.get(0);
        JsonNode data = EventJson.mapper().valueToTree(eventSerializer.deserialize(event.getData()));
        return new HistoryItem(row.position(), row.entry().getSequenceNumber(), row.entry().getEventIdentifier(),
                event.getType().getName(), event.getType().getRevision(), row.recordedAt(), actorOf(data), data);
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

    /** {@code recordedAt}: the store's timestamp as stored (ISO-8601, UTC, milliseconds). */
    private record Row(long position, String recordedAt, GenericDomainEventEntry<byte[]> entry) {
    }
}
