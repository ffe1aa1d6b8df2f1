package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@code GET /zones/{zone_id}/packages} end to end, on Elasticsearch: each kind of caller sees and counts only the
 * packages it may read, most recently released first; cursors page both ways; {@code q}, {@code tag} and
 * {@code owner_type} search; bad input is 400 naming each parameter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZonePackagesContractTest extends BackendTestSupport {

    private static final Set<String> ITEM_FIELDS = Set.of("id", "name", "description", "icon_url", "owner_type", "store",
            "tags", "active_version_id", "version_count", "latest_version_at");

    private final LocalDateTime base = LocalDateTime.of(2024, 6, 10, 8, 0, 0);
    private final Map<String, String> lastWrites = new HashMap<>();
    private String zone;
    private String alice;
    private String mia;
    private String sam;
    private String olga;
    private String nia;
    private String admin;
    private String privatePackage;
    private String orgPackage;
    private String publicPackage;
    private String emptyPackage;
    private String platformPackage;

    @BeforeAll
    void packagesOfEveryKind() {
        zone = uniqueId("zone-packages");
        alice = token("alice", "acme");
        mia = token("mia", "acme");
        sam = token("sam", "other-org");
        olga = token("olga", "other-org");
        Response noOrganization = call("POST", "/dev/tokens", null, Map.of("sub", "nia", "roles", List.of()));
        nia = noOrganization.json().get("token").asText();
        admin = token("root", "platform-org", "admin");
        privatePackage = uniqueId("secret-maps");
        orgPackage = uniqueId("ledger");
        publicPackage = uniqueId("billing");
        emptyPackage = uniqueId("empty");
        platformPackage = uniqueId("platform-tools");

        // released in this order, so newest first: platform, public, org, private; the empty one comes last
        create(alice, privatePackage, "Secret maps", "Tiles nobody else may see", "customer", "private");
        release(alice, privatePackage, 0, List.of("geo"));
        lastWrites.put(privatePackage, call("PUT", "/api/entities/" + privatePackage + "/shares/sam", alice, null)
                .json().get("consistency_token").asText());
        create(alice, orgPackage, "Ledger", "Double-entry bookkeeping for invoices", "customer", "org");
        release(alice, orgPackage, 1, List.of("finance"));
        create(alice, publicPackage, "Billing API", "Invoices and payments", "customer", "public");
        release(alice, publicPackage, 2, List.of("finance", "eu", "a,b"));
        create(alice, emptyPackage, "Empty", null, "customer", "public");
        create(admin, platformPackage, "Platform tools", "Shared tooling", "platform", "public");
        release(admin, platformPackage, 3, List.of());
        awaitEveryWrite();
    }

    private void create(String token, String id, String name, String description, String ownerType, String store) {
        Map<String, Object> body = new HashMap<>(Map.of("id", id, "zone_id", zone, "name", name, "owner_type", ownerType,
                "store", store));
        if (description != null) {
            body.put("description", description);
        }
        Response created = call("POST", "/api/entities", token, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        lastWrites.put(id, created.json().get("consistency_token").asText());
    }

    private void release(String token, String id, int offset, List<String> tags) {
        Map<String, Object> extra = new HashMap<>(Map.of("set_as_active", true));
        if (!tags.isEmpty()) {
            extra.put("tags", tags);
        }
        Response confirmed = publish(token, id, ListingTestIds.versionId(base, offset), extra);
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
        lastWrites.put(id, confirmed.json().get("consistency_token").asText());
    }

    /** Each package's last write is in the read model (a read by id waits for it). */
    private void awaitEveryWrite() {
        lastWrites.forEach((id, token) -> {
            Response read = call("GET", "/api/entities/" + id, admin, null, Map.of("X-Consistency-Token", token));
            assertThat(read.header("X-Consistency-Stale")).as(id).isNull();
        });
    }

    /** A page of the listing; the consistency token of a write makes the search see every write so far. */
    private Response list(String token, String query) {
        return call("GET", "/zones/" + zone + "/packages" + query, token, null,
                Map.of("X-Consistency-Token", lastWrites.get(publicPackage)));
    }

    private static List<String> ids(Response page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.json().get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static long total(Response page) {
        return page.json().get("pagination").get("total_count").asLong();
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void an_item_has_exactly_the_documented_fields() {
        Response page = list(alice, "");
        JsonNode items = page.json().get("items");
        assertThat(page.header("Content-Type")).startsWith("application/json");

        for (JsonNode item : items) {
            List<String> names = new ArrayList<>();
            item.fieldNames().forEachRemaining(names::add);
            assertThat(names).containsExactlyInAnyOrderElementsOf(ITEM_FIELDS);
            assertThat(item.get("tags").isArray()).isTrue();
            assertThat(item.get("version_count").isInt()).isTrue();
        }
        JsonNode billing = items.get(1);
        assertThat(billing.get("id").asText()).isEqualTo(publicPackage);
        assertThat(billing.get("name").asText()).isEqualTo("Billing API");
        assertThat(billing.get("description").asText()).isEqualTo("Invoices and payments");
        assertThat(billing.get("icon_url").isNull()).isTrue();
        assertThat(billing.get("owner_type").asText()).isEqualTo("customer");
        assertThat(billing.get("store").asText()).isEqualTo("public");
        assertThat(billing.get("tags")).extracting(JsonNode::asText).containsExactly("finance", "eu", "a,b");
        assertThat(billing.get("active_version_id").asText()).isEqualTo(ListingTestIds.versionId(base, 2));
        assertThat(billing.get("version_count").asInt()).isEqualTo(1);
        assertThat(Instant.parse(billing.get("latest_version_at").asText())).isBefore(Instant.now());
        JsonNode empty = items.get(4);
        assertThat(empty.get("id").asText()).isEqualTo(emptyPackage);
        assertThat(empty.get("tags")).isEmpty();
        assertThat(empty.get("latest_version_at").isNull()).isTrue();
        assertThat(empty.get("active_version_id").isNull()).isTrue();
        assertThat(empty.get("description").isNull()).isTrue();
    }

    @Test
    void each_kind_of_caller_sees_and_counts_only_what_it_may_read_newest_release_first() {
        Response publisher = list(alice, "");
        assertThat(ids(publisher)).containsExactly(platformPackage, publicPackage, orgPackage, privatePackage, emptyPackage);
        assertThat(total(publisher)).isEqualTo(5);
        Response member = list(mia, "");
        assertThat(ids(member)).containsExactly(platformPackage, publicPackage, orgPackage, emptyPackage);
        assertThat(total(member)).isEqualTo(4);
        Response shared = list(sam, "");
        assertThat(ids(shared)).containsExactly(platformPackage, publicPackage, privatePackage, emptyPackage);
        assertThat(total(shared)).isEqualTo(4);
        Response outsider = list(olga, "");
        assertThat(ids(outsider)).containsExactly(platformPackage, publicPackage, emptyPackage);
        assertThat(total(outsider)).isEqualTo(3);
        assertThat(ids(list(nia, ""))).as("no organization: no org packages")
                .containsExactly(platformPackage, publicPackage, emptyPackage);
        assertThat(total(list(admin, ""))).isEqualTo(5);
    }

    @Test
    void cursors_page_both_ways_without_duplicates_or_gaps() {
        List<String> forward = new ArrayList<>();
        Response page = list(alice, "?limit=2");
        assertThat(page.json().get("pagination").get("before_cursor").isNull()).isTrue();
        List<Response> pages = new ArrayList<>(List.of(page));
        forward.addAll(ids(page));
        String after = page.json().get("pagination").get("after_cursor").asText(null);
        while (after != null) {
            page = list(alice, "?limit=2&after=" + encoded(after));
            pages.add(page);
            forward.addAll(ids(page));
            assertThat(total(page)).isEqualTo(5);
            after = page.json().get("pagination").get("after_cursor").asText(null);
        }
        assertThat(forward).containsExactly(platformPackage, publicPackage, orgPackage, privatePackage, emptyPackage);
        assertThat(pages).hasSize(3);

        String before = pages.get(2).json().get("pagination").get("before_cursor").asText();
        Response back = list(alice, "?limit=2&before=" + encoded(before));
        assertThat(ids(back)).containsExactly(orgPackage, privatePackage);
        Response top = list(alice, "?limit=2&before=" + encoded(back.json().get("pagination").get("before_cursor").asText()));
        assertThat(ids(top)).containsExactly(platformPackage, publicPackage);
        assertThat(top.json().get("pagination").get("before_cursor").isNull()).isTrue();
        assertThat(top.json().get("pagination").get("after_cursor").isNull()).isFalse();
    }

    @Test
    void q_tag_and_owner_type_search_and_count_only_the_matches() {
        assertThat(ids(list(alice, "?q=invoices"))).containsExactly(publicPackage, orgPackage);
        assertThat(ids(list(alice, "?q=INVOICES+payments"))).containsExactly(publicPackage);
        assertThat(ids(list(alice, "?q=bookkee"))).as("the last word is a prefix").containsExactly(orgPackage);
        assertThat(ids(list(alice, "?q=maps+tiles"))).as("words of name and description").containsExactly(privatePackage);
        assertThat(ids(list(olga, "?q=maps"))).as("and still only what the caller may read").isEmpty();
        assertThat(ids(list(alice, "?tag=finance"))).containsExactly(publicPackage, orgPackage);
        assertThat(ids(list(alice, "?tag=finance&tag=eu"))).containsExactly(publicPackage);
        assertThat(ids(list(alice, "?tag=" + encoded("a,b")))).as("a tag with a comma is one tag").containsExactly(publicPackage);
        assertThat(ids(list(alice, "?tag=fin"))).as("tags are exact").isEmpty();
        Response platform = list(alice, "?owner_type=platform");
        assertThat(ids(platform)).containsExactly(platformPackage);
        assertThat(total(platform)).isEqualTo(1);
        assertThat(total(list(mia, "?q=invoices&owner_type=customer"))).isEqualTo(2);
    }

    @Test
    void a_release_moves_its_package_to_the_front() {
        String zoneOfItsOwn = uniqueId("zone-moving");
        String older = uniqueId("older");
        String newer = uniqueId("newer");
        Map<String, String> confirms = new HashMap<>();
        for (String id : List.of(older, newer)) {
            createEntity(alice, id, zoneOfItsOwn, "public");
            Response confirmed = publish(alice, id, ListingTestIds.versionId(base, 0), Map.of());
            assertThat(confirmed.status()).isEqualTo(201);
            confirms.put(id, confirmed.json().get("consistency_token").asText());
        }
        Response released = publish(alice, older, ListingTestIds.versionId(base, 1), Map.of());
        assertThat(released.status()).isEqualTo(201);
        call("GET", "/api/entities/" + newer, alice, null, Map.of("X-Consistency-Token", confirms.get(newer)));

        Response page = call("GET", "/zones/" + zoneOfItsOwn + "/packages", olga, null,
                Map.of("X-Consistency-Token", released.json().get("consistency_token").asText()));

        assertThat(ids(page)).containsExactly(older, newer);
        assertThat(page.json().get("items").get(0).get("version_count").asInt()).isEqualTo(2);
    }

    @Test
    @ContractCheck.InvalidRequestsOnPurpose("parameters out of range, unknown, repeated, empty; both cursors")
    void bad_input_is_400_naming_each_parameter() {
        String cursor = list(alice, "?limit=1").json().get("pagination").get("after_cursor").asText();
        Response both = list(alice, "?after=" + encoded(cursor) + "&before=" + encoded(cursor) + "&limit=0&owner_type=robot");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.header("Content-Type")).startsWith("application/problem+json");
        assertThat(both.json().get("code").asText()).isEqualTo("invalid_request");
        List<org.assertj.core.groups.Tuple> errors = new ArrayList<>();
        both.json().get("errors").forEach(e -> errors.add(tuple(e.get("field").asText(), e.get("code").asText())));
        assertThat(errors).contains(tuple("after", "mutually_exclusive"), tuple("before", "mutually_exclusive"),
                tuple("limit", "out_of_range"), tuple("owner_type", "invalid_value"));

        assertBadParameter("?limit=101", "limit", "out_of_range");
        assertBadParameter("?after=not-a-cursor", "after", "invalid_cursor");
        assertBadParameter("?q=" + "x".repeat(201), "q", "out_of_range");
        assertBadParameter("?q=%2D%2D", "q", "invalid_value");
        assertBadParameter("?sort=name", "sort", "unknown_parameter");
        assertBadParameter("?q=a&q=b", "q", "repeated_parameter");
        assertBadParameter("?limit=", "limit", "empty_parameter");
        Response otherZone = call("GET", "/zones/" + uniqueId("zone-other") + "/packages?after=" + encoded(cursor), alice, null);
        assertThat(otherZone.status()).as("a cursor of another zone").isEqualTo(400);
    }

    private void assertBadParameter(String query, String field, String code) {
        Response response = list(alice, query);
        assertThat(response.status()).as(query + ": " + response.body()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asText()).as(query).isEqualTo(field);
        assertThat(response.json().get("errors").get(0).get("code").asText()).as(query).isEqualTo(code);
    }

    @Test
    void an_unknown_zone_is_404_and_no_token_is_401() {
        Response unknown = call("GET", "/zones/" + uniqueId("zone-none") + "/packages", alice, null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asText()).isEqualTo("zone_not_found");

        assertThat(call("GET", "/zones/" + zone + "/packages", null, null).status()).isEqualTo(401);
    }
}
