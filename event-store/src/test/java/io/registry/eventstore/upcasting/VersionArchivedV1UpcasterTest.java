package io.registry.eventstore.upcasting;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.registry.events.EventJson;
import io.registry.events.VersionArchived;
import io.registry.eventstore.ContractSerializer;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A revision-1 {@code registry.version.archived} record, as stored before retention existed, read today. */
class VersionArchivedV1UpcasterTest {

    private final ContractSerializer serializer = ContractSerializer.create(EventJson.configure(JsonMapper.builder().build()));

    @Test
    void a_revision_1_record_reads_as_a_publishers_archive_without_a_retention_policy() {
        byte[] stored = ("{\"entity_id\":\"billing-api\",\"version_id\":\"2024.06.01-120000\",\"archived_by\":\"alice\","
                + "\"archived_at\":\"2024-06-10T15:30:42Z\"}").getBytes(StandardCharsets.UTF_8);
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>("PackageEntity", "billing-api", 3, "e-1",
                Instant.parse("2024-06-10T15:30:42Z"), "registry.version.archived", "1", stored,
                "{}".getBytes(StandardCharsets.UTF_8));

        List<IntermediateEventRepresentation> upcast = new EventUpcasterChain(new VersionArchivedV1Upcaster())
                .upcast(Stream.of(new InitialEventRepresentation(entry, serializer))).toList();

        assertThat(upcast).hasSize(1);
        assertThat(upcast.get(0).getType().getRevision()).isEqualTo("2");
        VersionArchived event = serializer.deserialize(upcast.get(0).getData());
        assertThat(event).isEqualTo(new VersionArchived("billing-api", "2024.06.01-120000", "alice",
                Instant.parse("2024-06-10T15:30:42Z"), null));
    }
}
