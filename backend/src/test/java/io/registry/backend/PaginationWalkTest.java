package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cursor pagination of the zone listing over a package with more than a thousand versions, walked to both
 * ends with a page size that does not divide the total, while another client keeps confirming new
 * versions and archiving old ones: "pages stay correct while versions are being added".
 */
class PaginationWalkTest extends BackendTestSupport {

    private static final int INITIAL_VERSIONS = 1_000;
    private static final int PAGE_SIZE = 37;
    private static final int PUBLISH_THREADS = 4;

    static {
        // other builds may rewrite target/test-classes while this long test runs: load our classes up front
        List.of(ListingTestIds.class, ConsistencyTokens.class, io.registry.api.consistency.ConsistencyToken.class,
                Writer.class, Writer.Snapshot.class).forEach(Class::getName);
    }

    private String alice;
    private String zone;
    private String packageId;

    @Test
    void walks_to_both_ends_see_every_existing_version_exactly_once_while_versions_are_added_and_archived()
            throws Exception {
        alice = token("alice", "acme");
        zone = uniqueId("zone-walk");
        packageId = uniqueId("walk");
        createEntity(alice, packageId, zone, "private");

        long setupStart = System.nanoTime();
        List<String> initialIds = new ArrayList<>();
        List<String> tokens = Collections.synchronizedList(new ArrayList<>());
        LocalDateTime base = LocalDateTime.of(2021, 3, 1, 8, 0, 0);
        ExecutorService pool = Executors.newFixedThreadPool(PUBLISH_THREADS);
        try {
            List<Future<Response>> futures = new ArrayList<>();
            AtomicInteger completed = new AtomicInteger();
            for (int i = 0; i < INITIAL_VERSIONS; i++) {
                String id = ListingTestIds.versionId(base, i);
                initialIds.add(id);
                futures.add(pool.submit(() -> {
                    Response confirmed = publish(alice, packageId, id, Map.of());
                    int done = completed.incrementAndGet();
                    if (done % 250 == 0) {
                        System.out.printf("WALK setup: %d versions published after %d ms%n", done,
                                ms(setupStart, System.nanoTime()));
                    }
                    return confirmed;
                }));
            }
            for (Future<Response> future : futures) {
                Response confirmed = future.get(5, TimeUnit.MINUTES);
                assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
                tokens.add(confirmed.json().get("consistency_token").asText());
            }
        } finally {
            pool.shutdownNow(); // a failed setup must not keep publishing into the next test
        }
        long published = System.nanoTime();
        String newest = ConsistencyTokens.newest(tokens);
        awaitTotal(newest, INITIAL_VERSIONS);
        long setupEnd = System.nanoTime();
        System.out.printf("WALK setup: %d versions published with %d threads in %d ms, read model caught up after"
                        + " %d ms more (total %d ms)%n", INITIAL_VERSIONS, PUBLISH_THREADS, ms(setupStart, published),
                ms(published, setupEnd), ms(setupStart, setupEnd));

        Writer writer = new Writer(new ArrayList<>(initialIds), newest);
        Thread writerThread = new Thread(writer, "walk-writer");
        writerThread.start();
        try {
            writer.awaitWrites(1);

            // ---- forwards: newest to oldest with `after` ----
            Writer.Snapshot forwardStart = writer.snapshot();
            long forwardBegin = System.nanoTime();
            int writesBefore = forwardStart.writes();
            List<JsonNode> forwardPages = new ArrayList<>();
            JsonNode page = page("", forwardStart.token());
            forwardPages.add(page);
            while (!page.get("pagination").get("after_cursor").isNull()) {
                writer.awaitWrites(writer.writes() + 1);
                page = page("&after=" + page.get("pagination").get("after_cursor").asText(), null);
                forwardPages.add(page);
            }
            long forwardEnd = System.nanoTime();
            int forwardWrites = writer.writes() - writesBefore;

            // ---- backwards: from the last page reached, oldest to newest with `before` ----
            JsonNode lastForwardPage = forwardPages.get(forwardPages.size() - 1);
            Writer.Snapshot backwardStart = writer.snapshot();
            long backwardBegin = System.nanoTime();
            writesBefore = backwardStart.writes();
            List<JsonNode> backwardPages = new ArrayList<>();
            page = lastForwardPage;
            assertThat(page.get("pagination").get("before_cursor").isNull())
                    .as("the last page of a multi-page walk has a before_cursor").isFalse();
            boolean first = true;
            while (!page.get("pagination").get("before_cursor").isNull()) {
                if (!first) {
                    writer.awaitWrites(writer.writes() + 1);
                }
                page = page("&before=" + page.get("pagination").get("before_cursor").asText(),
                        first ? backwardStart.token() : null);
                first = false;
                backwardPages.add(page);
            }
            long backwardEnd = System.nanoTime();
            int backwardWrites = writer.writes() - writesBefore;
            writer.stop();
            writerThread.join(30_000);

            System.out.printf("WALK forwards: %d pages, %d items in %d ms while %d writes landed%n",
                    forwardPages.size(), items(forwardPages).size(), ms(forwardBegin, forwardEnd), forwardWrites);
            System.out.printf("WALK backwards: %d pages, %d items in %d ms while %d writes landed%n",
                    backwardPages.size(), items(backwardPages).size(), ms(backwardBegin, backwardEnd), backwardWrites);
            System.out.printf("WALK writer: %d versions confirmed, %d archived during the walks%n",
                    writer.confirmedDuringRun(), writer.archivedDuringRun());

            assertThat(writer.errors()).as("the concurrent writer's failures").isEmpty();
            assertThat(forwardWrites).as("writes during the forward walk").isPositive();
            assertThat(backwardWrites).as("writes during the backward walk").isPositive();
            assertThat(writer.archivedDuringRun()).as("archives during the walks").isPositive();

            assertForwardWalk(forwardPages, forwardStart);
            assertBackwardWalk(lastForwardPage, backwardPages, backwardStart);
        } finally {
            writer.stop();
            writerThread.join(30_000);
        }
    }

    private void assertForwardWalk(List<JsonNode> pages, Writer.Snapshot start) {
        List<JsonNode> items = items(pages);
        List<Integer> versions = items.stream().map(i -> i.get("version").asInt()).toList();
        for (int i = 1; i < versions.size(); i++) {
            assertThat(versions.get(i)).as("forward walk strictly decreasing at item " + i + " after " + versions.get(i - 1))
                    .isLessThan(versions.get(i - 1));
        }
        assertThat(versions.get(versions.size() - 1)).as("the forward walk reaches version 1").isEqualTo(1);
        assertExactlyOnce(items, start.confirmed(), "forward");
        for (int p = 0; p < pages.size(); p++) {
            JsonNode page = pages.get(p);
            assertThat(page.get("pagination").get("total_count").asLong())
                    .as("total_count of forward page " + p).isGreaterThanOrEqualTo(start.confirmed().size());
            if (p < pages.size() - 1) {
                assertThat(page.get("items")).as("forward page " + p + " is full").hasSize(PAGE_SIZE);
            } else {
                assertThat(page.get("items").size()).as("last forward page").isBetween(1, PAGE_SIZE);
            }
            if (p == 0) {
                assertThat(page.get("pagination").get("before_cursor").isNull()).as("first page before_cursor").isTrue();
            }
        }
    }

    private void assertBackwardWalk(JsonNode lastForwardPage, List<JsonNode> pages, Writer.Snapshot start) {
        // walked from older to newer: reverse each page (itself newest first) to get the order of travel
        List<JsonNode> travelled = new ArrayList<>();
        for (JsonNode page : pages) {
            List<JsonNode> pageItems = new ArrayList<>();
            page.get("items").forEach(pageItems::add);
            Collections.reverse(pageItems);
            travelled.addAll(pageItems);
        }
        List<Integer> versions = travelled.stream().map(i -> i.get("version").asInt()).toList();
        int firstOfLastPage = lastForwardPage.get("items").get(0).get("version").asInt();
        assertThat(versions.get(0)).as("the backward walk starts right after the last forward page")
                .isEqualTo(firstOfLastPage + 1);
        for (int i = 1; i < versions.size(); i++) {
            assertThat(versions.get(i)).as("backward walk strictly increasing at item " + i + " after " + versions.get(i - 1))
                    .isGreaterThan(versions.get(i - 1));
        }
        List<JsonNode> all = new ArrayList<>();
        lastForwardPage.get("items").forEach(all::add);
        all.addAll(travelled);
        assertExactlyOnce(all, start.confirmed(), "backward (with the page it started from)");
        for (int p = 0; p < pages.size(); p++) {
            JsonNode page = pages.get(p);
            assertThat(page.get("pagination").get("total_count").asLong())
                    .as("total_count of backward page " + p).isGreaterThanOrEqualTo(start.confirmed().size());
            if (p < pages.size() - 1) {
                assertThat(page.get("items")).as("backward page " + p + " is full").hasSize(PAGE_SIZE);
            }
        }
    }

    private static void assertExactlyOnce(List<JsonNode> items, Set<String> existing, String walk) {
        Map<String, Integer> seen = new HashMap<>();
        items.forEach(i -> seen.merge(i.get("id").asText(), 1, Integer::sum));
        List<String> duplicates = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        assertThat(duplicates).as(walk + " walk duplicates").isEmpty();
        Set<String> missing = new LinkedHashSet<>(existing);
        missing.removeAll(seen.keySet());
        assertThat(missing).as(walk + " walk: versions that existed when it started but were not seen").isEmpty();
    }

    private JsonNode page(String cursor, String consistencyToken) {
        Map<String, String> headers = consistencyToken == null ? Map.of() : Map.of("X-Consistency-Token", consistencyToken);
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            Response response = call("GET", "/zones/" + zone + "/packages/" + packageId + "/versions?limit="
                    + PAGE_SIZE + cursor, alice, null, headers);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            if (response.header("X-Consistency-Stale") == null) {
                return response.json();
            }
            // the bounded read-your-writes wait ran out (a loaded machine): ask again with the same token
            assertThat(System.currentTimeMillis()).as("read model catches up").isLessThan(deadline);
        }
    }

    /** Waits until the read model shows {@code expected} versions (bulk writes may outlast one bounded wait). */
    private void awaitTotal(String consistencyToken, int expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            Response response = call("GET", "/zones/" + zone + "/packages/" + packageId + "/versions?limit=1", alice,
                    null, Map.of("X-Consistency-Token", consistencyToken));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            if (response.header("X-Consistency-Stale") == null
                    && response.json().get("pagination").get("total_count").asInt() == expected) {
                return;
            }
            assertThat(System.currentTimeMillis()).as("read model catches up").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static List<JsonNode> items(List<JsonNode> pages) {
        List<JsonNode> items = new ArrayList<>();
        pages.forEach(p -> p.get("items").forEach(items::add));
        return items;
    }

    private static long ms(long from, long to) {
        return TimeUnit.NANOSECONDS.toMillis(to - from);
    }

    /** A second client that keeps confirming new versions and now and then archives an old one. */
    private final class Writer implements Runnable {

        record Snapshot(Set<String> confirmed, String token, int writes) {
        }

        private final List<String> archivable;
        private final Set<String> confirmed;
        private final Random random = new Random(42);
        private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        private final LocalDateTime base = LocalDateTime.of(2025, 1, 1, 0, 0, 0);
        private String token;
        private int writes;
        private int confirmedDuringRun;
        private int archivedDuringRun;
        private volatile boolean stopped;

        Writer(List<String> initialIds, String token) {
            this.archivable = initialIds;
            this.confirmed = new HashSet<>(initialIds);
            this.token = token;
        }

        @Override
        public void run() {
            int n = 0;
            while (!stopped) {
                n++;
                try {
                    String id = ListingTestIds.versionId(base, n);
                    Response confirm = publish(alice, packageId, id, Map.of("tags", List.of("concurrent")));
                    if (confirm.status() != 201) {
                        errors.add("confirm " + id + ": " + confirm);
                    } else {
                        record(id, confirm.json().get("consistency_token").asText(), false);
                    }
                    if (n % 3 == 0) {
                        String old = archivable.remove(random.nextInt(archivable.size()));
                        Response archived = call("DELETE", "/api/entities/" + packageId + "/versions/" + old, alice, null);
                        if (archived.status() != 200) {
                            errors.add("archive " + old + ": " + archived);
                        } else {
                            record(null, archived.json().get("consistency_token").asText(), true);
                        }
                    }
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException | AssertionError e) {
                    errors.add(e.toString());
                }
            }
        }

        private synchronized void record(String confirmedId, String newToken, boolean archive) {
            if (confirmedId != null) {
                confirmed.add(confirmedId);
                confirmedDuringRun++;
            }
            if (archive) {
                archivedDuringRun++;
            }
            if (ConsistencyTokens.sequence(newToken) > ConsistencyTokens.sequence(token)) {
                token = newToken;
            }
            writes++;
            notifyAll();
        }

        synchronized Snapshot snapshot() {
            return new Snapshot(Set.copyOf(confirmed), token, writes);
        }

        synchronized int writes() {
            return writes;
        }

        synchronized int confirmedDuringRun() {
            return confirmedDuringRun;
        }

        synchronized int archivedDuringRun() {
            return archivedDuringRun;
        }

        List<String> errors() {
            return List.copyOf(errors);
        }

        /** Waits (bounded) until at least {@code count} writes have landed, so reads interleave with writes. */
        synchronized void awaitWrites(int count) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 10_000;
            while (writes < count && !stopped && errors.isEmpty()) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError("the concurrent writer made no progress: " + errors);
                }
                wait(left);
            }
        }

        void stop() {
            stopped = true;
        }
    }
}
