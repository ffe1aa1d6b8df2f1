package io.registry.command.kafka;

import io.registry.events.ActiveVersionChanged;
import io.registry.events.EntityEvent;
import io.registry.events.EventType;
import io.registry.events.UploadExpired;
import io.registry.events.UploadRequested;
import io.registry.events.VersionArchived;
import io.registry.events.VersionConfirmed;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CloudEvents 1.0 Kafka binding (binary mode) headers of one event: {@code ce_id} is the event id (the
 * deduplication key), {@code ce_type} the frozen type name, {@code ce_subject} the entity id,
 * {@code ce_sequence} (extension) the event's position in its entity's stream.
 */
public final class CloudEventHeaders {

    private CloudEventHeaders() {
    }

    public static Map<String, String> of(String eventId, EventType type, String source, EntityEvent event,
                                         Instant time, Long sequence) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", eventId);
        headers.put("ce_type", type.name());
        headers.put("ce_source", source + "/entities/" + event.entityId());
        headers.put("ce_subject", event.entityId());
        headers.put("ce_time", time.toString());
        headers.put("ce_dataschema", "urn:registry:event-schema:" + type.name() + ":" + type.revision());
        headers.put("content-type", "application/json");
        if (sequence != null) {
            headers.put("ce_sequence", Long.toString(sequence));
        }
        String versionId = versionIdOf(event);
        if (versionId != null) {
            headers.put("ce_versionid", versionId);
        }
        return headers;
    }

    private static String versionIdOf(EntityEvent event) {
        if (event instanceof UploadRequested e) {
            return e.versionId();
        }
        if (event instanceof VersionConfirmed e) {
            return e.versionId();
        }
        if (event instanceof ActiveVersionChanged e) {
            return e.versionId();
        }
        if (event instanceof VersionArchived e) {
            return e.versionId();
        }
        if (event instanceof UploadExpired e) {
            return e.versionId();
        }
        return null;
    }
}
