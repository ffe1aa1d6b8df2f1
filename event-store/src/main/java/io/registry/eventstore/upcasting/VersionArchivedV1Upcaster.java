package io.registry.eventstore.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * {@code registry.version.archived} revision 1 -> 2: revision 2 adds {@code retention_policy}, the policy whose
 * retention job archived the version. Every revision 1 archive was a publisher's (retention did not exist): null.
 */
public class VersionArchivedV1Upcaster extends SingleEventUpcaster {

    static final SimpleSerializedType REVISION_1 = new SimpleSerializedType("registry.version.archived", "1");
    static final SimpleSerializedType REVISION_2 = new SimpleSerializedType("registry.version.archived", "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, VersionArchivedV1Upcaster::toRevision2);
    }

    static JsonNode toRevision2(JsonNode revision1) {
        ObjectNode revision2 = revision1.deepCopy();
        revision2.putNull("retention_policy");
        return revision2;
    }
}
