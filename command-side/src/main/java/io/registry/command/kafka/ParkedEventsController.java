package io.registry.command.kafka;

import io.registry.api.problem.ApiException;
import io.registry.api.security.AdminOnly;
import io.registry.access.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operator routes (admins only) for events the Kafka forwarder parked: {@code GET /admin/kafka/parked} lists them,
 * {@code POST /admin/kafka/parked/{eventId}/publish} sends one again (200 once the broker acknowledged it; 502
 * {@code kafka_refused} when it still refuses, the event stays parked).
 */
@RestController
public class ParkedEventsController {

    private final ParkedEvents parked;
    private final KafkaEventForwarder forwarder;

    public ParkedEventsController(ParkedEvents parked, KafkaEventForwarder forwarder) {
        this.parked = parked;
        this.forwarder = forwarder;
    }

    @GetMapping("/admin/kafka/parked")
    public Map<String, Object> list(Caller caller) {
        AdminOnly.require(caller, "Kafka operations");
        List<Map<String, Object>> items = parked.list().stream().map(ParkedEventsController::view).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("total_count", items.size());
        return body;
    }

    @PostMapping("/admin/kafka/parked/{eventId}/publish")
    public Map<String, Object> publish(@PathVariable String eventId, Caller caller) {
        AdminOnly.require(caller, "Kafka operations");
        try {
            if (!forwarder.publishParked(eventId)) {
                throw ApiException.notFound("parked_event_not_found", "No parked event " + eventId + ".");
            }
        } catch (KafkaEventForwarder.KafkaPublishException e) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "kafka_refused",
                    e.getMessage() + ": " + (e.getCause() == null ? "" : e.getCause().getMessage()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event_id", eventId);
        body.put("published", true);
        return body;
    }

    private static Map<String, Object> view(ParkedEvents.Parked p) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event_id", p.eventId());
        body.put("position", p.globalIndex());
        body.put("entity_id", p.entityId());
        body.put("sequence", p.sequence());
        body.put("type", p.type());
        body.put("record_bytes", p.recordBytes());
        body.put("reason", p.reason());
        body.put("parked_at", p.parkedAt().toString());
        return body;
    }
}
