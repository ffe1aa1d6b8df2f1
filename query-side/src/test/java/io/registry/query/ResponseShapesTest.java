package io.registry.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.registry.api.paging.Page;
import io.registry.api.paging.Pagination;
import io.registry.query.entity.VersionDownload;
import io.registry.query.entity.VersionResource;
import io.registry.query.lineage.LineageNode;
import io.registry.query.listing.PackageVersion;
import io.registry.query.readmodel.EntityDocument;
import io.registry.query.readmodel.VersionDocument;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import java.time.Instant;
import java.util.List;

import static io.registry.query.Events.ARCHIVED_AT;
import static io.registry.query.Events.ENTITY;
import static io.registry.query.Events.MANIFEST_SHA;
import static io.registry.query.Events.PACKAGE_SHA;
import static io.registry.query.Events.V1;
import static io.registry.query.Events.V2;
import static io.registry.query.Events.aFullRelease;
import static io.registry.query.Events.aVersionConfirmed;
import static io.registry.query.Events.anEntityCreated;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON of each response shape, key by key in order, as Spring writes it: the records are the one place a shape
 * is built, and these are the shapes the approved responses pin end to end.
 */
class ResponseShapesTest {

    /** As Spring Boot configures it: instants as ISO-8601 text. */
    private static final ObjectMapper SPRING = Jackson2ObjectMapperBuilder.json()
            .featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final EntityDocument entity = EntityDocument.created(anEntityCreated(), 0);
    private final VersionDocument plain = VersionDocument.confirmed(aVersionConfirmed(V1, 1), entity, null, 2);
    private final VersionDocument released = VersionDocument.confirmed(
            aVersionConfirmed(ENTITY, V2, 2, V1, aFullRelease()), entity, plain, 5).withArchivedAt(ARCHIVED_AT);

    private static String json(Object value) throws Exception {
        return SPRING.writeValueAsString(value);
    }

    /** JSON written with single quotes, for legibility. */
    private static String expected(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private static final String PLAIN_LISTED = "'id':'2024.06.10-153042','created_at':'2024-06-10T15:31:00.123Z',"
            + "'manifest_sha':'" + MANIFEST_SHA + "','name':'Acme widget','owner_type':'customer','version':1,"
            + "'created_by':'alice','description':'Widgets for everyone','icon_url':'https://icons.example/w.png'";

    @Test
    void the_zone_listing_shows_required_fields_and_only_the_optional_fields_that_have_a_value() throws Exception {
        assertThat(json(PackageVersion.of(plain))).isEqualTo(expected("{" + PLAIN_LISTED + "}"));
    }

    @Test
    void the_zone_listing_orders_the_optional_fields_as_the_document_does() throws Exception {
        assertThat(json(PackageVersion.of(released))).isEqualTo(expected("{'id':'2024.06.11-090000',"
                + "'created_at':'2024-06-10T15:31:00.123Z','manifest_sha':'" + MANIFEST_SHA + "','name':'Acme widget',"
                + "'owner_type':'customer','version':2,'archived_at':'2024-06-12T09:00:00Z','created_by':'alice',"
                + "'description':'Release notes','icon_url':'https://icons.example/r.png',"
                + "'inputs':{'bindings':'{\\'region\\': pkg.inputs.region}'},"
                + "'links':[{'href':'https://docs.example/w','rel':'docs'}],"
                + "'outputs':{'bindings':'{\\'url\\': entities.api.href}'},"
                + "'properties':{'urn:registry:team':'core'},'tags':['stable']}"));
    }

    @Test
    void the_entity_surface_adds_the_versions_document_fields_and_archived_at_then_channels_last_when_not_archived()
            throws Exception {
        assertThat(json(VersionResource.of(plain))).isEqualTo(expected("{" + PLAIN_LISTED + ","
                + "'entity_id':'acme-widget','active':false,'source_hash':'sha256:2024.06.10-153042',"
                + "'base_version_id':null,"
                + "'storage_path':'uploads/acme-widget/2024.06.10-153042/0123456789abcdef0123456789abcdef/package.tgz',"
                + "'file_size_bytes':4096,'package_sha256':'" + PACKAGE_SHA + "','package_lock_path':null,"
                + "'lockfile_sha256':null,'service_dependencies':['postgres'],'package_json':null,"
                + "'archived_at':null,'channels':[]}"));
    }

    @Test
    void the_entity_surface_shows_archived_at_once_in_its_listing_place_when_archived() throws Exception {
        String json = json(VersionResource.of(released));

        assertThat(json).startsWith(expected("{'id':'2024.06.11-090000','created_at':'2024-06-10T15:31:00.123Z',"
                + "'manifest_sha':'" + MANIFEST_SHA + "','name':'Acme widget','owner_type':'customer','version':2,"
                + "'archived_at':'2024-06-12T09:00:00Z','created_by':'alice'"));
        assertThat(json).endsWith(expected("'package_json':null,'channels':[]}"));
        assertThat(json.split("archived_at", -1)).hasSize(2);
    }

    @Test
    void a_lineage_node_lists_children_only_in_the_tree() throws Exception {
        String node = "'id':'2024.06.10-153042','version':1,'base_version_id':null,"
                + "'created_at':'2024-06-10T15:31:00.123Z','created_by':'alice','archived_at':null,'active':false,"
                + "'depth':0";

        assertThat(json(LineageNode.of(plain))).isEqualTo(expected("{" + node + "}"));
        assertThat(json(LineageNode.withChildren(plain, List.of()))).isEqualTo(expected("{" + node + ",'children':[]}"));
    }

    @Test
    void the_entity_shows_every_field_including_its_active_version_and_count() throws Exception {
        assertThat(json(entity.toResource())).isEqualTo(expected("{'id':'acme-widget','zone_id':'zone-eu',"
                + "'name':'Acme widget','description':'Widgets for everyone','icon_url':'https://icons.example/w.png',"
                + "'owner_type':'customer','organization_id':'org-acme','store':'private','publishers':['alice'],"
                + "'shared_with':[],'active_version_id':null,'version_count':0,'created_by':'alice',"
                + "'created_at':'2024-06-10T15:00:00Z'}"));
    }

    @Test
    void a_page_holds_items_then_pagination() throws Exception {
        Page<Integer> page = new Page<>(List.of(3, 2), new Pagination("YWZ0ZXI", null, 3));

        assertThat(json(page)).isEqualTo(expected(
                "{'items':[3,2],'pagination':{'after_cursor':'YWZ0ZXI','before_cursor':null,'total_count':3}}"));
    }

    @Test
    void a_download_names_its_urls_digests_and_expiry() throws Exception {
        VersionDownload download = VersionDownload.of(plain, "https://s3.example/get", null,
                Instant.parse("2024-06-10T16:00:00Z"));

        assertThat(json(download)).isEqualTo(expected("{'id':'2024.06.10-153042','entity_id':'acme-widget',"
                + "'download_url':'https://s3.example/get','lockfile_download_url':null,'file_size_bytes':4096,"
                + "'package_sha256':'" + PACKAGE_SHA + "','lockfile_sha256':null,'manifest_sha':'" + MANIFEST_SHA
                + "','archived':false,'expires_at':'2024-06-10T16:00:00Z'}"));
    }
}
