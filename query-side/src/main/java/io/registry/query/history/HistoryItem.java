package io.registry.query.history;

import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One recorded event in an entity's history: where it is (its global {@code position} in the store and its
 * {@code sequence} in the entity), its id, what it is ({@code type} and {@code revision}, after upcasting), when it
 * was recorded, who did it ({@code actor}, "system" for the deadline's expiries) and its {@code data}.
 */
@JsonPropertyOrder({"position", "sequence", "event_id", "type", "revision", "recorded_at", "actor", "data"})
public record HistoryItem(@JsonProperty("position") long position,
                          @JsonProperty("sequence") long sequence,
                          @JsonProperty("event_id") String eventId,
                          @JsonProperty("type") String type,
                          @JsonProperty("revision") String revision,
                          @JsonProperty("recorded_at") String recordedAt,
                          @JsonProperty("actor") String actor,
                          @JsonProperty("data") @Schema(ref = "EventData") JsonNode data) {
}
