package io.registry.eventstore.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * {@code registry.version.confirmed} revision 1 -> 2: revision 2 adds {@code package_sha256} and
 * {@code lockfile_sha256}. A version confirmed under revision 1 was never digested, so both are null: its bytes
 * stay where it was uploaded ({@code storage_path}), and readers say so rather than invent a digest.
 */
public class VersionConfirmedV1Upcaster extends SingleEventUpcaster {

    static final SimpleSerializedType REVISION_1 = new SimpleSerializedType("registry.version.confirmed", "1");
    static final SimpleSerializedType REVISION_2 = new SimpleSerializedType("registry.version.confirmed", "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, VersionConfirmedV1Upcaster::toRevision2);
    }

    /** The same fields, with the two digests as null right after the size and the lockfile path they describe. */
    static JsonNode toRevision2(JsonNode revision1) {
        ObjectNode revision2 = JsonNodeFactory.instance.objectNode();
        revision1.properties().forEach(field -> {
            revision2.set(field.getKey(), field.getValue());
            if (field.getKey().equals("file_size_bytes")) {
                revision2.putNull("package_sha256");
            } else if (field.getKey().equals("package_lock_path")) {
                revision2.putNull("lockfile_sha256");
            }
        });
        return revision2;
    }
}
