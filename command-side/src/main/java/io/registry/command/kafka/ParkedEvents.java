package io.registry.command.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Events the broker refuses for good (table {@code parked_event}), kept with the exact record that was refused so
 * an operator can publish it again once the cause is fixed (e.g. the topic's {@code max.message.bytes} raised).
 */
public class ParkedEvents {

    /** One parked event, as the admin route shows it. */
    public record Parked(String eventId, Long globalIndex, String entityId, Long sequence, String type,
                         int recordBytes, String reason, Instant parkedAt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;

    public ParkedEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Sets an event aside (idempotent: parking it again keeps the first record of it). */
    void park(String eventId, Long globalIndex, String entityId, Long sequence, String type,
              ProducerRecord<String, byte[]> record, String reason) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        jdbc.update("INSERT INTO parked_event (event_identifier, global_index, aggregate_identifier, sequence_number, "
                        + "payload_type, topic, record_key, record_value, record_headers, reason) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_identifier) DO NOTHING",
                eventId, globalIndex, entityId, sequence, type, record.topic(), record.key(), record.value(),
                toJson(headers), reason);
    }

    public List<Parked> list() {
        return jdbc.query("SELECT event_identifier, global_index, aggregate_identifier, sequence_number, payload_type, "
                        + "octet_length(record_value), reason, parked_at FROM parked_event ORDER BY global_index, parked_at",
                (rs, i) -> new Parked(rs.getString(1), (Long) rs.getObject(2), rs.getString(3), (Long) rs.getObject(4),
                        rs.getString(5), rs.getInt(6), rs.getString(7), rs.getTimestamp(8).toInstant()));
    }

    public long count() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM parked_event", Long.class);
        return count == null ? 0 : count;
    }

    /** The refused record, to publish again. */
    Optional<ProducerRecord<String, byte[]>> record(String eventId) {
        return jdbc.query("SELECT topic, record_key, record_value, record_headers FROM parked_event "
                        + "WHERE event_identifier = ?",
                rs -> {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    RecordHeaders headers = new RecordHeaders();
                    fromJson(rs.getString(4)).forEach((name, value) ->
                            headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
                    return Optional.of(new ProducerRecord<>(rs.getString(1), null, rs.getString(2), rs.getBytes(3),
                            headers));
                }, eventId);
    }

    void remove(String eventId) {
        jdbc.update("DELETE FROM parked_event WHERE event_identifier = ?", eventId);
    }

    private static String toJson(Map<String, String> headers) {
        try {
            return JSON.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> fromJson(String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
