package io.registry.query.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.api.storage.StoragePaths;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static io.registry.query.Events.ARCHIVED_AT;
import static io.registry.query.Events.ENTITY;
import static io.registry.query.Events.PACKAGE_SHA;
import static io.registry.query.Events.V1;
import static io.registry.query.Events.V2;
import static io.registry.query.Events.aFullRelease;
import static io.registry.query.Events.aVersionConfirmed;
import static io.registry.query.Events.anEntityCreated;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stored form of the read-model documents: the field names existing indices hold and the index mappings name
 * stay exactly as they were, and a stored document reads back as it was written.
 */
class DocumentsTest {

    private final EntityDocument entity = EntityDocument.created(anEntityCreated(), 0);
    private final VersionDocument v1 = VersionDocument.confirmed(aVersionConfirmed(V1, 1), entity, null, 2);
    private final VersionDocument v2 = VersionDocument.confirmed(aVersionConfirmed(ENTITY, V2, 2, V1, aFullRelease()),
            entity, v1, 5).withActive(true);

    private static List<String> fieldNames(Object document) {
        List<String> names = new ArrayList<>();
        InMemoryReadModelStore.JSON.valueToTree(document).fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> mappedFields(String resource) throws Exception {
        try (InputStream mapping = DocumentsTest.class.getResourceAsStream(resource)) {
            List<String> names = new ArrayList<>();
            InMemoryReadModelStore.JSON.readTree(mapping).path("mappings").path("properties").fieldNames()
                    .forEachRemaining(names::add);
            return names;
        }
    }

    @Test
    void an_entity_document_keeps_the_stored_field_names() {
        assertThat(fieldNames(entity)).containsExactly("entity_id", "zone_id", "name", "description", "icon_url",
                "owner_type", "organization_id", "store", "publishers", "shared_with", "active_version_id",
                "version_count", "created_by", "created_at", "last_sequence");
    }

    @Test
    void a_version_document_keeps_the_stored_field_names() {
        assertThat(fieldNames(v1)).containsExactly("id", "entity_id", "zone_id", "version", "created_at",
                "created_by", "manifest_sha", "name", "owner_type", "description", "icon_url", "inputs", "outputs",
                "links", "properties", "tags", "archived_at", "source_hash", "base_version_id", "storage_path",
                "file_size_bytes", "package_sha256", "package_lock_path", "lockfile_sha256", "service_dependencies",
                "package_json", "ancestors", "depth", "active", "last_sequence");
    }

    @Test
    void the_tags_and_latest_release_of_an_entity_are_stored_once_it_has_them() {
        EntityDocument released = entity.withLatestVersion(2, ARCHIVED_AT).withActiveVersion(v2);

        assertThat(fieldNames(released)).endsWith("last_sequence", "tags", "latest_version_at");
        assertThat(InMemoryReadModelStore.JSON.valueToTree(released).get("tags")).hasSize(1);
        assertThat(InMemoryReadModelStore.JSON.valueToTree(released).get("latest_version_at").asText())
                .isEqualTo("2024-06-12T09:00:00Z");
    }

    @Test
    void every_field_the_index_mappings_name_is_a_document_field() throws Exception {
        List<String> entityFields = new ArrayList<>(fieldNames(entity.withLatestVersion(2, ARCHIVED_AT)
                .withActiveVersion(v2)));
        entityFields.add(EntityDocument.SEARCH_TEXT); // the mapping copies name and description into it
        assertThat(entityFields).containsAll(mappedFields("/elasticsearch/registry-entities.json"));
        assertThat(mappedFields("/elasticsearch/registry-entities.json")).contains(EntityDocument.ENTITY_ID,
                EntityDocument.NAME, EntityDocument.DESCRIPTION, EntityDocument.SEARCH_TEXT, EntityDocument.OWNER_TYPE,
                EntityDocument.ORGANIZATION_ID, EntityDocument.STORE, EntityDocument.PUBLISHERS,
                EntityDocument.SHARED_WITH, EntityDocument.TAGS, EntityDocument.LATEST_VERSION_AT);
        assertThat(fieldNames(v1)).containsAll(mappedFields("/elasticsearch/registry-versions.json"));
        assertThat(mappedFields("/elasticsearch/registry-entities.json")).contains(EntityDocument.ZONE_ID);
        assertThat(mappedFields("/elasticsearch/registry-versions.json")).contains(VersionDocument.ENTITY_ID,
                VersionDocument.VERSION_NUMBER, VersionDocument.ANCESTORS, VersionDocument.DEPTH);
    }

    @Test
    void values_are_stored_as_before_instants_as_iso_text_and_enums_by_wire_name() {
        JsonNode stored = InMemoryReadModelStore.JSON.valueToTree(v2.withArchivedAt(ARCHIVED_AT));

        assertThat(stored.get("created_at").asText()).isEqualTo("2024-06-10T15:31:00.123Z");
        assertThat(stored.get("archived_at").asText()).isEqualTo("2024-06-12T09:00:00Z");
        assertThat(stored.get("owner_type").asText()).isEqualTo("customer");
        assertThat(stored.get("ancestors")).hasSize(1);
        assertThat(stored.get("active").asBoolean()).isTrue();
        assertThat(stored.get("package_json").isNull()).isTrue();
        assertThat(InMemoryReadModelStore.JSON.valueToTree(entity).get("store").asText()).isEqualTo("private");
    }

    @Test
    void a_stored_document_reads_back_equal_with_json_nulls_as_no_value() throws Exception {
        for (VersionDocument version : List.of(v1, v2)) {
            String json = InMemoryReadModelStore.JSON.writeValueAsString(version);
            VersionDocument read = InMemoryReadModelStore.JSON.readValue(json, VersionDocument.class);

            assertThat(read).isEqualTo(version);
        }
        VersionDocument read = InMemoryReadModelStore.JSON.readValue(
                InMemoryReadModelStore.JSON.writeValueAsString(v1), VersionDocument.class);
        assertThat(read.inputs()).isNull();
        assertThat(read.packageJson()).isNull();
        assertThat(InMemoryReadModelStore.JSON.readValue(InMemoryReadModelStore.JSON.writeValueAsString(entity),
                EntityDocument.class)).isEqualTo(entity);
    }

    @Test
    void a_document_written_by_the_untyped_projection_reads_and_writes_back_the_same() throws Exception {
        String old = """
                {"entity_id":"acme-widget","zone_id":"zone-eu","name":"Acme widget","description":null,\
                "icon_url":null,"owner_type":"platform","organization_id":"org-acme","store":"org",\
                "publishers":["alice","bob"],"shared_with":["carol"],"active_version_id":"2024.06.10-153042",\
                "version_count":3,"created_by":"alice","created_at":"2024-06-10T15:00:00Z","last_sequence":11}""";

        EntityDocument read = InMemoryReadModelStore.JSON.readValue(old, EntityDocument.class);

        assertThat(InMemoryReadModelStore.JSON.writeValueAsString(read)).isEqualTo(old);
    }

    @Test
    void released_bytes_are_found_under_their_digest_or_where_an_older_version_was_uploaded() {
        assertThat(v1.releasedPackageKey()).isEqualTo(StoragePaths.releasedBlob(PACKAGE_SHA));
        assertThat(v1.releasedLockfileKey()).as("no lockfile").isNull();
        VersionDocument beforeDigests = VersionDocument.confirmed(new io.registry.events.VersionConfirmed(ENTITY, V1, 1,
                "sha256:1", null, "uploads/p.tgz", 1, null, "uploads/lock.json", null, List.of(), null, "00", null,
                "alice", ARCHIVED_AT), entity, null, 1);
        assertThat(beforeDigests.releasedPackageKey()).isEqualTo("uploads/p.tgz");
        assertThat(beforeDigests.releasedLockfileKey()).isEqualTo("uploads/lock.json");
    }

    @Test
    void a_version_document_is_identified_by_entity_and_version_id() {
        assertThat(v1.docId()).isEqualTo(ENTITY + "/" + V1);
        assertThat(entity.docId()).isEqualTo(ENTITY);
        assertThat(v2.ancestorsOfChildren()).containsExactly(V1, V2);
    }
}
