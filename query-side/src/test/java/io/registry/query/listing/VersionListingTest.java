package io.registry.query.listing;

import io.registry.access.Caller;

import io.registry.api.paging.Page;
import io.registry.api.problem.ApiException;
import io.registry.api.problem.FieldViolation;
import io.registry.events.EntityEvent;
import io.registry.events.Store;
import io.registry.query.ReadModelFixture;
import io.registry.query.read.EntityReads;
import io.registry.query.read.ReadYourWrites;
import io.registry.query.readmodel.EntityDocument;
import io.registry.query.readmodel.VersionDocument;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;

import static io.registry.query.Events.ENTITY;
import static io.registry.query.Events.OTHER_ENTITY;
import static io.registry.query.Events.aVersionArchived;
import static io.registry.query.Events.aVersionConfirmed;
import static io.registry.query.Events.anEntityCreated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Cursor paging over an entity's versions, newest first: {@code after} towards older versions, {@code before}
 * towards newer ones, cursors null at the ends, {@code total_count} counting every version.
 */
class VersionListingTest {

    private final ReadModelFixture readModel = new ReadModelFixture();
    private final EntityReads reads = new EntityReads(readModel.store, new ReadYourWrites(readModel.store, Duration.ZERO));
    private final VersionListing listing = new VersionListing(readModel.store);

    private static String versionId(int number) {
        return String.format("2024.06.%02d-%02d0000", 1 + number / 24, number % 24);
    }

    /** The entity with versions 1..count, confirmed in order. */
    private void givenVersions(int count) {
        readModel.given(anEntityCreated());
        addVersions(1, count);
    }

    private void addVersions(int from, int to) {
        List<EntityEvent> events = new ArrayList<>();
        for (int number = from; number <= to; number++) {
            events.add(aVersionConfirmed(versionId(number), number));
        }
        readModel.given(events.toArray(EntityEvent[]::new));
    }

    private EntityDocument entity() {
        return readModel.store.entity(ENTITY).orElseThrow();
    }

    /** A page showing each version by its number. */
    private Page<Integer> page(String after, String before, Integer limit) {
        return listing.page(entity().entityId(), after, before, limit, VersionDocument::versionNumber);
    }

    private List<FieldViolation> refused(String after, String before, Integer limit) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> page(after, before, limit));
        assertThat(e.status().value()).isEqualTo(400);
        return e.violations();
    }

    @Nested
    class Pages {

        @Test
        void the_first_page_is_the_newest_with_a_cursor_towards_older_ones() {
            givenVersions(5);

            Page<Integer> first = page(null, null, 2);

            assertThat(first.items()).containsExactly(5, 4);
            assertThat(first.pagination().afterCursor()).isNotNull();
            assertThat(first.pagination().beforeCursor()).isNull();
            assertThat(first.pagination().totalCount()).isEqualTo(5);
        }

        @Test
        void a_middle_page_has_cursors_both_ways() {
            givenVersions(5);

            Page<Integer> middle = page(page(null, null, 2).pagination().afterCursor(), null, 2);

            assertThat(middle.items()).containsExactly(3, 2);
            assertThat(middle.pagination().afterCursor()).isNotNull();
            assertThat(middle.pagination().beforeCursor()).isNotNull();
        }

        @Test
        void the_last_page_has_no_cursor_towards_older_ones() {
            givenVersions(5);
            Page<Integer> middle = page(page(null, null, 2).pagination().afterCursor(), null, 2);

            Page<Integer> last = page(middle.pagination().afterCursor(), null, 2);

            assertThat(last.items()).containsExactly(1);
            assertThat(last.pagination().afterCursor()).isNull();
            assertThat(last.pagination().beforeCursor()).isNotNull();
            assertThat(last.pagination().totalCount()).isEqualTo(5);
        }

        @Test
        void before_pages_back_towards_newer_versions_still_newest_first() {
            givenVersions(5);
            Page<Integer> middle = page(page(null, null, 2).pagination().afterCursor(), null, 2);
            Page<Integer> last = page(middle.pagination().afterCursor(), null, 2);

            Page<Integer> back = page(null, last.pagination().beforeCursor(), 2);
            assertThat(back.items()).containsExactly(3, 2);
            assertThat(back.pagination().beforeCursor()).isNotNull();
            assertThat(back.pagination().afterCursor()).isNotNull();

            Page<Integer> newest = page(null, back.pagination().beforeCursor(), 2);
            assertThat(newest.items()).containsExactly(5, 4);
            assertThat(newest.pagination().beforeCursor()).as("no newer versions").isNull();
            assertThat(newest.pagination().afterCursor()).isNotNull();
        }

        @Test
        void walking_all_pages_shows_every_version_once() {
            givenVersions(7);
            List<Integer> seen = new ArrayList<>();
            String after = null;
            do {
                Page<Integer> page = page(after, null, 3);
                seen.addAll(page.items());
                after = page.pagination().afterCursor();
            } while (after != null);

            assertThat(seen).containsExactly(7, 6, 5, 4, 3, 2, 1);
        }

        @Test
        void one_page_holding_everything_has_no_cursors() {
            givenVersions(3);

            Page<Integer> all = page(null, null, null);

            assertThat(all.items()).containsExactly(3, 2, 1);
            assertThat(all.pagination().afterCursor()).isNull();
            assertThat(all.pagination().beforeCursor()).isNull();
        }

        @Test
        void an_entity_without_versions_lists_nothing() {
            readModel.given(anEntityCreated());

            Page<Integer> empty = page(null, null, null);

            assertThat(empty.items()).isEmpty();
            assertThat(empty.pagination().afterCursor()).isNull();
            assertThat(empty.pagination().beforeCursor()).isNull();
            assertThat(empty.pagination().totalCount()).isZero();
        }

        @Test
        void total_count_counts_archived_versions_which_stay_listed() {
            givenVersions(3);
            readModel.given(aVersionArchived(versionId(2)));

            Page<Integer> page = page(null, null, null);

            assertThat(page.items()).containsExactly(3, 2, 1);
            assertThat(page.pagination().totalCount()).isEqualTo(3);
        }

        @Test
        void pages_stay_exact_while_versions_are_added() {
            givenVersions(5);
            Page<Integer> first = page(null, null, 2);

            addVersions(6, 8);
            Page<Integer> second = page(first.pagination().afterCursor(), null, 2);

            assertThat(second.items()).containsExactly(3, 2);
            assertThat(second.pagination().totalCount()).isEqualTo(8);
            assertThat(page(null, second.pagination().beforeCursor(), 10).items()).containsExactly(8, 7, 6, 5, 4);
        }

        @Test
        void past_the_oldest_version_the_page_is_empty_and_still_leads_back() {
            givenVersions(2);

            Page<Integer> beyond = page(new Cursor(ENTITY, 1).encode(), null, 1);

            assertThat(beyond.items()).isEmpty();
            assertThat(beyond.pagination().afterCursor()).isNull();
            assertThat(page(null, beyond.pagination().beforeCursor(), 5).items()).containsExactly(2, 1);
        }

        @Test
        void before_the_newest_version_the_page_is_empty_and_still_leads_back() {
            givenVersions(2);

            Page<Integer> beyond = page(null, new Cursor(ENTITY, 2).encode(), 1);

            assertThat(beyond.items()).isEmpty();
            assertThat(beyond.pagination().beforeCursor()).isNull();
            assertThat(page(beyond.pagination().afterCursor(), null, 5).items()).containsExactly(2, 1);
        }
    }

    @Nested
    class Limits {

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 99, 100})
        void a_limit_from_1_to_100_gives_at_most_that_many(int limit) {
            givenVersions(101);

            assertThat(page(null, null, limit).items()).hasSize(limit);
        }

        @Test
        void without_a_limit_a_page_has_the_default_20() {
            givenVersions(VersionListing.DEFAULT_LIMIT + 3);

            assertThat(page(null, null, null).items()).hasSize(VersionListing.DEFAULT_LIMIT);
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, 101, Integer.MAX_VALUE})
        void a_limit_outside_1_to_100_is_refused_naming_limit(int limit) {
            givenVersions(1);

            assertThat(refused(null, null, limit)).containsExactly(
                    new FieldViolation("limit", "out_of_range", "must be between 1 and 100"));
        }
    }

    @Nested
    class Cursors {

        @Test
        void after_and_before_together_are_refused_naming_both() {
            givenVersions(5);
            Page<Integer> middle = page(page(null, null, 2).pagination().afterCursor(), null, 2);

            assertThat(refused(middle.pagination().afterCursor(), middle.pagination().beforeCursor(), null))
                    .extracting(FieldViolation::field, FieldViolation::code)
                    .containsExactly(tuple("after", "mutually_exclusive"),
                            tuple("before", "mutually_exclusive"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"x", "bm90IGEgY3Vyc29y", "YzF8LTF8YWNtZS13aWRnZXQ", "djF8M3xhY21lLXdpZGdldA"})
        void a_value_that_is_not_a_cursor_of_the_listing_is_refused(String cursor) {
            givenVersions(3);

            assertThat(refused(cursor, null, null)).extracting(FieldViolation::field, FieldViolation::code)
                    .containsExactly(tuple("after", "invalid_cursor"));
            assertThat(refused(null, cursor, null)).extracting(FieldViolation::field, FieldViolation::code)
                    .containsExactly(tuple("before", "invalid_cursor"));
        }

        @Test
        void a_cursor_of_another_package_is_refused() {
            givenVersions(3);
            readModel.given(anEntityCreated(OTHER_ENTITY, Store.PRIVATE));
            String foreign = new Cursor(OTHER_ENTITY, 2).encode();

            assertThat(refused(foreign, null, null)).extracting(FieldViolation::code).containsExactly("invalid_cursor");
        }

        @Test
        void an_empty_or_overlong_cursor_is_out_of_range() {
            givenVersions(1);

            assertThat(refused("", null, null)).extracting(FieldViolation::code).containsExactly("out_of_range");
            assertThat(refused("a".repeat(256), null, null)).extracting(FieldViolation::code)
                    .containsExactly("out_of_range");
        }

        @Test
        void every_bad_parameter_is_named_at_once() {
            givenVersions(1);

            assertThat(refused("x", "y", 0)).extracting(FieldViolation::field)
                    .containsExactly("after", "before", "after", "before", "limit");
        }

        @Test
        void a_cursor_names_the_version_number_and_the_package_only() {
            Cursor cursor = new Cursor(ENTITY, 42);

            assertThat(Cursor.decode(cursor.encode())).contains(cursor);
        }
    }

    @Test
    void respond_answers_the_page_to_a_caller_who_may_read_the_entity() {
        givenVersions(3);
        Caller publisher = new Caller(io.registry.query.Events.PUBLISHER, io.registry.query.Events.ORG, Set.of());

        var response = listing.respond(ENTITY, null, () -> reads.open(publisher, ENTITY, null,
                io.registry.query.read.ReadYourWrites.Reads.BY_SEARCH), null, null, 2, VersionDocument::versionNumber);

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody().items()).containsExactly(3, 2);
    }

    @Test
    void respond_answers_404_to_a_caller_who_may_not_read_the_entity_whatever_else_is_wrong() {
        givenVersions(3);
        Caller outsider = new Caller("olga", "other-org", Set.of());

        ApiException e = catchThrowableOfType(ApiException.class, () -> listing.respond(ENTITY, null,
                () -> reads.open(outsider, ENTITY, null, io.registry.query.read.ReadYourWrites.Reads.BY_SEARCH),
                "not-a-cursor", null, 500, VersionDocument::versionNumber));

        assertThat(e.status().value()).as("not the 400 of the bad cursor and limit").isEqualTo(404);
    }
}
