package io.registry.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published JSON Schemas ({@code src/main/resources/event-schemas/<type>.v<revision>.schema.json}, draft
 * 2020-12) describe exactly the JSON the contract writes: every type and revision has one, it accepts the approved
 * samples and the "nullable" variants the registry can write, and rejects broken samples.
 */
class EventSchemaTest {

    private static final Path APPROVED = Path.of("src/test/resources/approved");
    private static final String FOLDER = "event-schemas/";
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    /** Formats (date-time) are only annotations in 2020-12 unless asserted: consumers may rely on them, so assert. */
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();

    static Stream<Class<? extends EntityEvent>> eventTypes() {
        return EventCatalog.eventTypes().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void every_event_type_has_a_schema_that_accepts_the_approved_sample(Class<? extends EntityEvent> type)
            throws IOException {
        EventType descriptor = EventCatalog.descriptorOf(type);
        JsonNode schemaJson = schemaJson(descriptor);
        assertThat(schemaJson.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schemaJson.path("$id").asText())
                .isEqualTo("urn:registry:event-schema:" + descriptor.name() + ":" + descriptor.revision());
        assertThat(schemaJson.path("title").asText()).isNotBlank();
        assertThat(schemaJson.path("description").asText()).isNotBlank();
        assertThat(schemaJson.path("additionalProperties").isBoolean()
                && !schemaJson.path("additionalProperties").asBoolean()).as("additionalProperties: false").isTrue();

        JsonNode approved = EventJson.mapper().readTree(
                Files.readString(APPROVED.resolve(descriptor.name() + ".v" + descriptor.revision() + ".json")));
        assertThat(errors(schemaFor(descriptor), approved)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void schema_lists_every_record_component_as_a_described_required_property(Class<? extends EntityEvent> type) {
        JsonNode schemaJson = schemaJson(EventCatalog.descriptorOf(type));
        List<String> components = Arrays.stream(type.getRecordComponents())
                .map(component -> PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(component.getName()))
                .toList();
        assertThat(names(schemaJson.path("properties"))).containsExactlyElementsOf(components);
        assertThat(texts(schemaJson.path("required"))).containsExactlyElementsOf(components);
        schemaJson.path("properties").properties().forEach(property ->
                assertThat(property.getValue().path("description").asText())
                        .as("description of %s", property.getKey()).isNotBlank());
    }

    @Test
    void the_index_lists_every_type_and_revision_with_its_schema_file() {
        JsonNode index = readResource(FOLDER + "index.json");
        assertThat(names(index.path("types"))).containsExactlyInAnyOrderElementsOf(
                EventCatalog.eventTypes().stream().map(type -> EventCatalog.descriptorOf(type).name()).toList());
        for (Class<? extends EntityEvent> type : EventCatalog.eventTypes()) {
            EventType descriptor = EventCatalog.descriptorOf(type);
            String file = index.path("types").path(descriptor.name()).path(descriptor.revision()).asText();
            assertThat(file).isEqualTo(descriptor.name() + ".v" + descriptor.revision() + ".schema.json");
            assertThat(getClass().getClassLoader().getResource(FOLDER + file)).as(file).isNotNull();
        }
    }

    @Test
    void schemas_accept_every_field_the_registry_may_write_as_null() {
        Instant at = Instant.parse("2024-06-11T08:00:00.123Z");
        List<EntityEvent> sparse = List.of(
                new EntityCreated("platform-tools", "zone-us", "Platform tools", null, null, OwnerType.PLATFORM,
                        "platform", Store.PRIVATE, "root", at),
                new UploadRequested("platform-tools", "2024.06.11-080000", "sha256:def", null,
                        "entities/platform-tools/versions/2024.06.11-080000/package.tgz",
                        "entities/platform-tools/versions/2024.06.11-080000/package-lock.json", true,
                        at.plusSeconds(900), "root", at),
                new VersionConfirmed("platform-tools", "2024.06.11-080000", 1, "sha256:def", null,
                        "entities/platform-tools/versions/2024.06.11-080000/package.tgz", 0L, null, null, null, List.of(), null,
                        "00ff", ReleaseMetadata.empty(), "root", at),
                new VersionConfirmed("platform-tools", "2024.06.11-080001", 2, "sha256:fed", null,
                        "uploads/platform-tools/2024.06.11-080001/1a2b3c4d5e6f7a8b/package.tgz", 1L,
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", null, null, List.of(), null,
                        "00ff", new ReleaseMetadata(null, null, null, null, null, null, null), "root", at),
                new ActiveVersionChanged("platform-tools", "2024.06.11-080000", null, "root", at),
                new VersionArchived("platform-tools", "2024.06.11-080000", "root", at, null),
                new ChannelSet("platform-tools", "latest", List.of(new ChannelTarget("2024.06.11-080000", 100)), null,
                        "root", at),
                new RetentionPolicySet("platform-tools", new RetentionPolicy(null, null), "root", at));
        for (EntityEvent event : sparse) {
            JsonNode json = EventJson.mapper().valueToTree(event);
            assertThat(errors(schemaFor(EventCatalog.descriptorOf(event.getClass())), json)).as(json.toString()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void a_sample_without_a_required_field_is_rejected(Class<? extends EntityEvent> type) throws IOException {
        EventType descriptor = EventCatalog.descriptorOf(type);
        JsonSchema schema = schemaFor(descriptor);
        ObjectNode approved = approved(descriptor);
        for (String field : names(approved)) {
            ObjectNode broken = approved.deepCopy();
            broken.remove(field);
            assertThat(errors(schema, broken)).as("without %s", field)
                    .anySatisfy(message -> assertThat(message.getType()).isEqualTo("required"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void a_sample_with_an_unknown_field_is_rejected(Class<? extends EntityEvent> type) throws IOException {
        EventType descriptor = EventCatalog.descriptorOf(type);
        ObjectNode broken = approved(descriptor);
        broken.put("unexpected", "x");
        assertThat(errors(schemaFor(descriptor), broken))
                .anySatisfy(message -> assertThat(message.getType()).isEqualTo("additionalProperties"));
    }

    @Test
    void wrong_enumeration_values_are_rejected() throws IOException {
        JsonSchema created = schemaFor("registry.entity.created", "1");
        ObjectNode ownerType = approved("registry.entity.created", "1");
        ownerType.put("owner_type", "partner");
        assertThat(errors(created, ownerType)).anySatisfy(message -> assertThat(message.getType()).isEqualTo("enum"));

        ObjectNode store = approved("registry.entity.created", "1");
        store.put("store", "ORG");
        assertThat(errors(created, store)).anySatisfy(message -> assertThat(message.getType()).isEqualTo("enum"));

        JsonSchema storeChanged = schemaFor("registry.entity.store-changed", "1");
        ObjectNode previous = approved("registry.entity.store-changed", "1");
        previous.put("previous_store", "secret");
        assertThat(errors(storeChanged, previous)).anySatisfy(message -> assertThat(message.getType()).isEqualTo("enum"));
    }

    @Test
    void malformed_version_ids_instants_and_types_are_rejected() throws IOException {
        JsonSchema confirmed = schemaFor("registry.version.confirmed", "1");
        ObjectNode versionId = approved("registry.version.confirmed", "1");
        versionId.put("version_id", "2024-06-10T15:30:42");
        assertThat(errors(confirmed, versionId)).anySatisfy(message -> assertThat(message.getType()).isEqualTo("pattern"));

        ObjectNode instant = approved("registry.version.confirmed", "1");
        instant.put("confirmed_at", "10 June 2024");
        assertThat(errors(confirmed, instant)).anySatisfy(message -> assertThat(message.getType()).isEqualTo("format"));

        ObjectNode nullEntity = approved("registry.version.confirmed", "1");
        nullEntity.putNull("entity_id");
        assertThat(errors(confirmed, nullEntity)).anySatisfy(message -> assertThat(message.getType()).isEqualTo("type"));

        ObjectNode release = approved("registry.version.confirmed", "1");
        ((ObjectNode) release.path("release")).remove("tags");
        assertThat(errors(confirmed, release)).anySatisfy(message -> assertThat(message.getType()).isEqualTo("required"));

        JsonSchema channelSet = schemaFor("registry.channel.set", "1");
        ObjectNode channel = approved("registry.channel.set", "1");
        channel.put("channel", "Beta");
        assertThat(errors(channelSet, channel)).anySatisfy(message -> assertThat(message.getType()).isEqualTo("pattern"));
        ObjectNode weight = approved("registry.channel.set", "1");
        ((ObjectNode) weight.path("targets").path(0)).put("weight", 101);
        assertThat(errors(channelSet, weight)).anySatisfy(message -> assertThat(message.getType()).isEqualTo("maximum"));

        JsonSchema activated = schemaFor("registry.version.activated", "1");
        ObjectNode previous = approved("registry.version.activated", "1");
        previous.put("previous_version_id", "latest");
        assertThat(errors(activated, previous)).anySatisfy(message -> assertThat(message.getType()).isEqualTo("pattern"));
    }

    @Test
    void digests_that_are_not_lowercase_hex_sha256_are_rejected() throws IOException {
        JsonSchema confirmed = schemaFor("registry.version.confirmed", "2");
        for (String digest : List.of("B5BB9D8014A0F9B1D61E21E796D78DCCDF1352F23CD32812F4850B878AE4944C", "sha256:b5bb9d80",
                "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944", "")) {
            for (String field : List.of("package_sha256", "lockfile_sha256")) {
                ObjectNode broken = approved("registry.version.confirmed", "2");
                broken.put(field, digest);
                assertThat(errors(confirmed, broken)).as("%s = %s", field, digest)
                        .anySatisfy(message -> assertThat(message.getType()).isEqualTo("pattern"));
            }
        }
    }

    // ---- helpers ----

    private static Set<ValidationMessage> errors(JsonSchema schema, JsonNode json) {
        return schema.validate(json);
    }

    private static JsonSchema schemaFor(EventType descriptor) {
        return schemaFor(descriptor.name(), descriptor.revision());
    }

    private static JsonSchema schemaFor(String name, String revision) {
        String resource = FOLDER + name + ".v" + revision + ".schema.json";
        try (InputStream in = EventSchemaTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as("schema resource " + resource).isNotNull();
            return FACTORY.getSchema(in, CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode schemaJson(EventType descriptor) {
        return readResource(FOLDER + descriptor.name() + ".v" + descriptor.revision() + ".schema.json");
    }

    private static JsonNode readResource(String resource) {
        try (InputStream in = EventSchemaTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as("resource " + resource).isNotNull();
            return EventJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode approved(EventType descriptor) throws IOException {
        return approved(descriptor.name(), descriptor.revision());
    }

    private static ObjectNode approved(String name, String revision) throws IOException {
        return (ObjectNode) EventJson.mapper().readTree(Files.readString(APPROVED.resolve(name + ".v" + revision + ".json")));
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
