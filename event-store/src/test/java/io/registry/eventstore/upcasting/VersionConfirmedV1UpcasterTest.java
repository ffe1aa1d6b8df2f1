package io.registry.eventstore.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.registry.events.EventCatalog;
import io.registry.events.EventJson;
import io.registry.events.VersionConfirmed;
import io.registry.eventstore.ContractSerializer;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A revision-1 {@code registry.version.confirmed} record, as stored before digests existed, read today. */
class VersionConfirmedV1UpcasterTest {

    private final ContractSerializer serializer = ContractSerializer.create(EventJson.configure(JsonMapper.builder().build()));

    @Test
    void a_revision_1_record_reads_as_revision_2_with_both_digests_null_and_every_other_field_kept() throws IOException {
        byte[] stored = storedRevision1();

        List<IntermediateEventRepresentation> upcast = new EventUpcasterChain(new VersionConfirmedV1Upcaster())
                .upcast(Stream.of(new InitialEventRepresentation(entry(stored, "1"), serializer))).toList();

        assertThat(upcast).hasSize(1);
        assertThat(upcast.get(0).getType().getRevision()).isEqualTo("2");
        VersionConfirmed event = serializer.deserialize(upcast.get(0).getData());
        assertThat(event.packageSha256()).isNull();
        assertThat(event.lockfileSha256()).isNull();
        JsonNode original = EventJson.mapper().readTree(stored);
        JsonNode read = EventJson.mapper().valueToTree(event);
        original.properties().forEach(field ->
                assertThat(read.get(field.getKey()).toString()).as(field.getKey()).isEqualTo(field.getValue().toString()));
        assertThat(read.size()).isEqualTo(original.size() + 2);
        assertThat(EventCatalog.descriptorOf(VersionConfirmed.class).revision()).isEqualTo("2");
    }

    @Test
    void the_digests_are_placed_beside_what_they_describe() throws IOException {
        JsonNode revision2 = VersionConfirmedV1Upcaster.toRevision2(EventJson.mapper().readTree(storedRevision1()));
        List<String> names = new java.util.ArrayList<>();
        revision2.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsSubsequence("file_size_bytes", "package_sha256", "package_lock_path", "lockfile_sha256");
    }

    @Test
    void a_revision_2_record_passes_unchanged() throws IOException {
        byte[] revision2 = EventJson.mapper().writeValueAsBytes(
                VersionConfirmedV1Upcaster.toRevision2(EventJson.mapper().readTree(storedRevision1())));

        List<IntermediateEventRepresentation> upcast = new EventUpcasterChain(new VersionConfirmedV1Upcaster())
                .upcast(Stream.of(new InitialEventRepresentation(entry(revision2, "2"), serializer))).toList();

        assertThat(upcast.get(0).getType().getRevision()).isEqualTo("2");
        assertThat(new String(serializer.getConverter().convert(upcast.get(0).getData().getData(), byte[].class),
                StandardCharsets.UTF_8)).isEqualTo(new String(revision2, StandardCharsets.UTF_8));
    }

    private static GenericDomainEventEntry<byte[]> entry(byte[] payload, String revision) {
        return new GenericDomainEventEntry<>("PackageEntity", "billing-api", 3, "e-1", Instant.parse("2024-06-10T15:30:42Z"),
                "registry.version.confirmed", revision, payload, "{}".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] storedRevision1() throws IOException {
        try (InputStream in = VersionConfirmedV1UpcasterTest.class.getResourceAsStream(
                "/stored/registry.version.confirmed.v1.json")) {
            return in.readAllBytes();
        }
    }
}
