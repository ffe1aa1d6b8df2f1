package io.registry.command.kafka;

import org.springframework.lang.Nullable;
import io.registry.api.problem.ApiException;
import io.registry.api.security.AdminOnly;
import io.registry.access.Caller;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

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
    public ParkedEventList list(Caller caller) {
        AdminOnly.require(caller, "Kafka operations");
        List<ParkedEvent> items = parked.list().stream().map(ParkedEvent::of).toList();
        return new ParkedEventList(items, items.size());
    }

    @PostMapping("/admin/kafka/parked/{eventId}/publish")
    public Republished publish(@PathVariable String eventId, Caller caller) {
        AdminOnly.require(caller, "Kafka operations");
        try {
            if (!forwarder.publishParked(eventId)) {
                throw ApiException.notFound("parked_event_not_found", "No parked event " + eventId + ".");
            }
        } catch (KafkaEventForwarder.KafkaPublishException e) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "kafka_refused",
                    e.getMessage() + ": " + (e.getCause() == null ? "" : e.getCause().getMessage()));
        }
        return new Republished(eventId, true);
    }

    /** The answer of {@code GET /admin/kafka/parked}: every parked event, oldest first. */
    public record ParkedEventList(@JsonProperty("items") List<ParkedEvent> items,
                                  @JsonProperty("total_count") int totalCount) {
    }

    /**
     * One parked event: its id, where it is in the store ({@code position}) and in its entity ({@code sequence}),
     * its type, the size of its Kafka record, why the broker refused it and when it was set aside.
     */
    public record ParkedEvent(@JsonProperty("event_id") String eventId,
                              @JsonProperty("position") @Nullable Long position,
                              @JsonProperty("entity_id") @Nullable String entityId,
                              @JsonProperty("sequence") @Nullable Long sequence,
                              @JsonProperty("type") String type,
                              @JsonProperty("record_bytes") int recordBytes,
                              @JsonProperty("reason") @Nullable String reason,
                              @JsonProperty("parked_at") Instant parkedAt) {

        static ParkedEvent of(ParkedEvents.Parked parked) {
            return new ParkedEvent(parked.eventId(), parked.globalIndex(), parked.entityId(), parked.sequence(),
                    parked.type(), parked.recordBytes(), parked.reason(), parked.parkedAt());
        }
    }

    /** The answer of {@code POST /admin/kafka/parked/{eventId}/publish}: the broker acknowledged the event. */
    public record Republished(@JsonProperty("event_id") String eventId,
                              @JsonProperty("published") boolean published) {
    }
}
