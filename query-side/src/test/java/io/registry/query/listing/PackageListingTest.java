package io.registry.query.listing;

import io.registry.access.Caller;
import io.registry.api.paging.Page;
import io.registry.api.problem.ApiException;
import io.registry.api.problem.FieldViolation;
import io.registry.events.EntityShared;
import io.registry.events.OwnerType;
import io.registry.events.Store;
import io.registry.query.ReadModelFixture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.registry.query.Events.CREATED_AT;
import static io.registry.query.Events.ORG;
import static io.registry.query.Events.PUBLISHER;
import static io.registry.query.Events.ZONE;
import static io.registry.query.Events.aVersionConfirmedAt;
import static io.registry.query.Events.anActiveVersionChanged;
import static io.registry.query.Events.anEntityCreated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A zone's packages: only those the caller may read (and only those counted), most recently released first, searched
 * by words of name and description, by tags of the active version and by owner type, paged with opaque cursors.
 */
class PackageListingTest {

    private static final Instant T0 = Instant.parse("2024-06-10T10:00:00Z");
    private static final Caller PUBLISHER_CALLER = new Caller(PUBLISHER, ORG, Set.of());
    private static final Caller MEMBER = new Caller("mia", ORG, Set.of());
    private static final Caller OUTSIDER = new Caller("olga", "other-org", Set.of());
    private static final Caller SHARED = new Caller("sam", "other-org", Set.of());
    private static final Caller ADMIN = new Caller("ada", "platform-team", Set.of(Caller.ADMIN));

    private final ReadModelFixture readModel = new ReadModelFixture();
    private final PackageListing listing = new PackageListing(readModel.store);

    /** A package released {@code minutes} after T0 (null: never), its version carrying {@code tags}, made active. */
    private void givenPackage(String id, String name, String description, Store store, Integer minutes,
                              String... tags) {
        readModel.given(anEntityCreated(id, ZONE, name, description, OwnerType.CUSTOMER, store));
        if (minutes != null) {
            String versionId = "2024.06.10-10%02d00".formatted(minutes);
            readModel.given(aVersionConfirmedAt(id, versionId, 1, T0.plusSeconds(60L * minutes),
                            tags.length == 0 ? null : List.of(tags)),
                    anActiveVersionChanged(id, versionId, null));
        }
    }

    /** A newer version of a package (it moves to the front), released {@code minutes} after T0. */
    private void givenRelease(String id, int number, int minutes) {
        readModel.given(aVersionConfirmedAt(id, "2024.06.10-11%02d00".formatted(minutes), number,
                T0.plusSeconds(60L * minutes), null));
    }

    private Page<PackageSummary> page(Caller caller, String q, List<String> tags, String ownerType, String after,
                                      String before, Integer limit) {
        return listing.page(caller, new PackageListing.Request(ZONE, q, tags, ownerType, after, before, limit));
    }

    private Page<PackageSummary> page(Caller caller) {
        return page(caller, null, null, null, null, null, null);
    }

    private static List<String> ids(Page<PackageSummary> page) {
        return page.items().stream().map(PackageSummary::id).toList();
    }

    private List<FieldViolation> refused(String q, List<String> tags, String ownerType, String after, String before,
                                         Integer limit) {
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> page(PUBLISHER_CALLER, q, tags, ownerType, after, before, limit));
        assertThat(e.status().value()).isEqualTo(400);
        return e.violations();
    }

    @Nested
    class WhoSeesWhat {

        private void givenOneOfEachStore() {
            givenPackage("private-pkg", "Private", null, Store.PRIVATE, 1);
            givenPackage("org-pkg", "Org", null, Store.ORG, 2);
            givenPackage("public-pkg", "Public", null, Store.PUBLIC, 3);
            givenPackage("shared-pkg", "Shared", null, Store.PRIVATE, 4);
            readModel.given(new EntityShared("shared-pkg", "sam", PUBLISHER, CREATED_AT));
        }

        @Test
        void each_caller_sees_and_counts_only_what_they_may_read() {
            givenOneOfEachStore();

            assertThat(ids(page(PUBLISHER_CALLER))).containsExactly("shared-pkg", "public-pkg", "org-pkg", "private-pkg");
            assertThat(ids(page(MEMBER))).containsExactly("public-pkg", "org-pkg");
            assertThat(ids(page(SHARED))).containsExactly("shared-pkg", "public-pkg");
            assertThat(ids(page(OUTSIDER))).containsExactly("public-pkg");
            assertThat(page(OUTSIDER).pagination().totalCount()).isEqualTo(1);
            assertThat(page(MEMBER).pagination().totalCount()).isEqualTo(2);
        }

        @Test
        void an_admin_sees_every_package() {
            givenOneOfEachStore();

            assertThat(page(ADMIN).pagination().totalCount()).isEqualTo(4);
        }

        @Test
        void a_caller_without_an_organization_does_not_see_org_packages() {
            givenOneOfEachStore();

            assertThat(ids(page(new Caller("nia", null, Set.of())))).containsExactly("public-pkg");
        }

        @Test
        void an_unknown_zone_is_404_and_a_zone_with_nothing_readable_is_an_empty_page() {
            givenPackage("private-pkg", "Private", null, Store.PRIVATE, 1);

            ApiException e = catchThrowableOfType(ApiException.class, () -> listing.page(PUBLISHER_CALLER,
                    new PackageListing.Request("zone-nowhere", null, null, null, null, null, null)));
            assertThat(e.status().value()).isEqualTo(404);
            assertThat(e.code()).isEqualTo("zone_not_found");
            Page<PackageSummary> empty = page(OUTSIDER);
            assertThat(empty.items()).isEmpty();
            assertThat(empty.pagination().totalCount()).isZero();
            assertThat(empty.pagination().afterCursor()).isNull();
            assertThat(empty.pagination().beforeCursor()).isNull();
        }
    }

    @Nested
    class Items {

        @Test
        void a_package_shows_its_entity_the_tags_of_its_active_version_and_its_latest_release() {
            givenPackage("billing", "Billing API", "Invoices and payments", Store.PUBLIC, 5, "billing", "eu");
            givenRelease("billing", 2, 9);

            PackageSummary billing = page(OUTSIDER).items().get(0);

            assertThat(billing).isEqualTo(new PackageSummary("billing", "Billing API", "Invoices and payments", null,
                    OwnerType.CUSTOMER, Store.PUBLIC, List.of("billing", "eu"), "2024.06.10-100500", 2,
                    T0.plusSeconds(9 * 60)));
        }

        @Test
        void a_package_without_versions_has_no_tags_and_no_release_and_comes_last() {
            givenPackage("empty", "Empty", null, Store.PUBLIC, null);
            givenPackage("released", "Released", null, Store.PUBLIC, 1);

            Page<PackageSummary> page = page(OUTSIDER);

            assertThat(ids(page)).containsExactly("released", "empty");
            assertThat(page.items().get(1).tags()).isEmpty();
            assertThat(page.items().get(1).latestVersionAt()).isNull();
            assertThat(page.items().get(1).activeVersionId()).isNull();
        }
    }

    @Nested
    class Search {

        private void givenCatalogue() {
            givenPackage("billing", "Billing API", "Invoices and payments", Store.PUBLIC, 1, "finance", "eu");
            givenPackage("ledger", "Ledger", "Double-entry bookkeeping for invoices", Store.PUBLIC, 2, "finance");
            givenPackage("maps", "Maps", "Tiles and routing", Store.PUBLIC, 3, "geo", "eu");
            readModel.given(anEntityCreated("platform-maps", ZONE, "Platform maps", "Routing for everyone",
                    OwnerType.PLATFORM, Store.PUBLIC));
        }

        @Test
        void every_word_must_match_name_or_description_the_last_one_as_a_prefix() {
            givenCatalogue();

            assertThat(ids(page(OUTSIDER, "invoices", null, null, null, null, null))).containsExactly("ledger", "billing");
            assertThat(ids(page(OUTSIDER, "Invoices payments", null, null, null, null, null))).containsExactly("billing");
            assertThat(ids(page(OUTSIDER, "rout", null, null, null, null, null))).containsExactly("maps", "platform-maps");
            assertThat(ids(page(OUTSIDER, "billing-ap", null, null, null, null, null))).containsExactly("billing");
            assertThat(ids(page(OUTSIDER, "invoice payments", null, null, null, null, null)))
                    .as("only the last word is a prefix").isEmpty();
        }

        @Test
        void tags_are_exact_and_all_must_be_on_the_active_version() {
            givenCatalogue();

            assertThat(ids(page(OUTSIDER, null, List.of("eu"), null, null, null, null))).containsExactly("maps", "billing");
            assertThat(ids(page(OUTSIDER, null, List.of("eu", "finance"), null, null, null, null)))
                    .containsExactly("billing");
            assertThat(ids(page(OUTSIDER, null, List.of("fin"), null, null, null, null))).isEmpty();
        }

        @Test
        void the_tags_are_those_of_the_active_version_only() {
            givenPackage("maps", "Maps", null, Store.PUBLIC, 1, "v1-tag");
            readModel.given(aVersionConfirmedAt("maps", "2024.06.10-120000", 2, T0.plusSeconds(7200), List.of("v2-tag")));

            assertThat(ids(page(OUTSIDER, null, List.of("v2-tag"), null, null, null, null))).as("not active yet").isEmpty();

            readModel.given(anActiveVersionChanged("maps", "2024.06.10-120000", "2024.06.10-100100"));

            assertThat(ids(page(OUTSIDER, null, List.of("v2-tag"), null, null, null, null))).containsExactly("maps");
            assertThat(ids(page(OUTSIDER, null, List.of("v1-tag"), null, null, null, null))).isEmpty();
        }

        @Test
        void owner_type_filters_and_the_count_is_of_the_matches() {
            givenCatalogue();

            Page<PackageSummary> platform = page(OUTSIDER, null, null, "platform", null, null, null);
            assertThat(ids(platform)).containsExactly("platform-maps");
            assertThat(platform.pagination().totalCount()).isEqualTo(1);
            assertThat(page(OUTSIDER, "maps", null, "customer", null, null, null).pagination().totalCount()).isEqualTo(1);
        }
    }

    @Nested
    class Paging {

        /** Packages p01..pNN, released one minute apart in that order: pNN is the newest. */
        private void givenPackages(int count) {
            for (int i = 1; i <= count; i++) {
                givenPackage("p%02d".formatted(i), "Package " + i, null, Store.PUBLIC, i);
            }
        }

        private Page<PackageSummary> after(String cursor, int limit) {
            return page(OUTSIDER, null, null, null, cursor, null, limit);
        }

        private Page<PackageSummary> before(String cursor, int limit) {
            return page(OUTSIDER, null, null, null, null, cursor, limit);
        }

        @Test
        void pages_go_both_ways_with_cursors_null_at_the_ends() {
            givenPackages(5);

            Page<PackageSummary> first = after(null, 2);
            assertThat(ids(first)).containsExactly("p05", "p04");
            assertThat(first.pagination().beforeCursor()).isNull();
            assertThat(first.pagination().totalCount()).isEqualTo(5);
            Page<PackageSummary> second = after(first.pagination().afterCursor(), 2);
            assertThat(ids(second)).containsExactly("p03", "p02");
            Page<PackageSummary> last = after(second.pagination().afterCursor(), 2);
            assertThat(ids(last)).containsExactly("p01");
            assertThat(last.pagination().afterCursor()).isNull();

            Page<PackageSummary> back = before(last.pagination().beforeCursor(), 2);
            assertThat(ids(back)).containsExactly("p03", "p02");
            Page<PackageSummary> top = before(back.pagination().beforeCursor(), 2);
            assertThat(ids(top)).containsExactly("p05", "p04");
            assertThat(top.pagination().beforeCursor()).isNull();
            assertThat(top.pagination().afterCursor()).isNotNull();
        }

        @Test
        void the_default_page_is_twenty() {
            givenPackages(21);

            assertThat(page(OUTSIDER).items()).hasSize(20);
        }

        @Test
        void packages_released_at_the_same_millisecond_are_ordered_by_id_and_none_is_lost_between_pages() {
            for (String id : List.of("c", "a", "b")) {
                givenPackage(id, id, null, Store.PUBLIC, 1);
            }

            Page<PackageSummary> first = after(null, 2);
            Page<PackageSummary> second = after(first.pagination().afterCursor(), 2);

            assertThat(ids(first)).containsExactly("a", "b");
            assertThat(ids(second)).containsExactly("c");
            assertThat(ids(before(second.pagination().beforeCursor(), 2))).containsExactly("a", "b");
        }

        @Test
        void a_package_released_during_a_walk_moves_to_the_front_and_is_never_shown_twice() {
            givenPackages(6);
            Page<PackageSummary> first = after(null, 2);
            assertThat(ids(first)).containsExactly("p06", "p05");

            givenRelease("p05", 2, 30); // already shown: moves to the front
            givenRelease("p02", 2, 31); // not shown yet: moves to the front, before the walk

            List<String> walked = new ArrayList<>(ids(first));
            String cursor = first.pagination().afterCursor();
            while (cursor != null) {
                Page<PackageSummary> next = after(cursor, 2);
                walked.addAll(ids(next));
                cursor = next.pagination().afterCursor();
            }
            assertThat(walked).containsExactly("p06", "p05", "p04", "p03", "p01");
            assertThat(ids(after(null, 10))).containsExactly("p02", "p05", "p06", "p04", "p03", "p01");
        }

        @Test
        void an_empty_page_after_the_last_packages_moved_away_hands_back_its_cursor() {
            givenPackages(3);
            Page<PackageSummary> first = after(null, 2);
            givenRelease("p01", 2, 30);

            Page<PackageSummary> emptied = after(first.pagination().afterCursor(), 2);

            assertThat(emptied.items()).isEmpty();
            assertThat(emptied.pagination().afterCursor()).isNull();
            assertThat(emptied.pagination().beforeCursor()).isEqualTo(first.pagination().afterCursor());
            assertThat(ids(before(emptied.pagination().beforeCursor(), 2))).containsExactly("p01", "p03");
        }

        @Test
        void a_cursor_of_another_zone_or_of_a_version_listing_is_refused() {
            givenPackages(3);
            String cursor = after(null, 1).pagination().afterCursor();
            String versionCursor = new Cursor("p01", 3).encode();

            ApiException otherZone = catchThrowableOfType(ApiException.class, () -> listing.page(OUTSIDER,
                    new PackageListing.Request("zone-other", null, null, null, cursor, null, null)));
            assertThat(otherZone.violations()).extracting(FieldViolation::field, FieldViolation::code)
                    .containsExactly(tuple("after", "invalid_cursor"));
            assertThat(refused(null, null, null, null, versionCursor, null))
                    .extracting(FieldViolation::field, FieldViolation::code)
                    .containsExactly(tuple("before", "invalid_cursor"));
        }
    }

    @Test
    void bad_parameters_are_refused_each_by_name() {
        givenPackage("p", "P", null, Store.PUBLIC, 1);

        assertThat(refused("x".repeat(201), List.of("t".repeat(65)), "robot", "c", "d", 0))
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactlyInAnyOrder(tuple("q", "out_of_range"), tuple("tag", "out_of_range"),
                        tuple("owner_type", "invalid_value"), tuple("after", "mutually_exclusive"),
                        tuple("before", "mutually_exclusive"), tuple("after", "invalid_cursor"),
                        tuple("before", "invalid_cursor"), tuple("limit", "out_of_range"));
        assertThat(refused("--", null, null, null, null, 101)).extracting(FieldViolation::field, FieldViolation::code)
                .containsExactlyInAnyOrder(tuple("q", "invalid_value"), tuple("limit", "out_of_range"));
        assertThat(refused(null, java.util.Collections.nCopies(11, "t"), null, null, null, null))
                .extracting(FieldViolation::field).containsExactly("tag");
    }
}
