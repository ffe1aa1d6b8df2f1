package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the entity surface, for every kind of caller, against entities in every store visibility
 * (customer entities, and platform entities whose only publisher is a non-admin): the exact status of each
 * cell is written out in {@link #EXPECTED}. A refused mutation records no event and leaves the entity as it
 * was; a successful one records at least one event.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest extends BackendTestSupport {

    /**
     * One line per route and entity kind; the statuses are, in order, those of: anonymous, a user of another
     * organization, a member of the entity's organization, a user the entity is shared with, a publisher, an
     * admin. Adding a route is one {@link #routes} entry plus its lines here.
     */
    private static final String EXPECTED = """
            # route            entity            anonymous outsider member shared publisher admin
            create             private           401       201      201    201    201       201
            create             org               401       201      201    201    201       201
            create             public            401       201      201    201    201       201
            create             platform-private  401       403      403    403    403       201
            create             platform-org      401       403      403    403    403       201
            create             platform-public   401       403      403    403    403       201

            get-entity         private           401       404      404    200    200       200
            get-entity         org               401       404      200    200    200       200
            get-entity         public            401       200      200    200    200       200
            get-entity         platform-private  401       404      404    200    200       200
            get-entity         platform-org      401       404      200    200    200       200
            get-entity         platform-public   401       200      200    200    200       200

            change-store       private           401       404      404    403    200       200
            change-store       org               401       404      403    403    200       200
            change-store       public            401       403      403    403    200       200
            change-store       platform-private  401       404      404    403    403       200
            change-store       platform-org      401       404      403    403    403       200
            change-store       platform-public   401       403      403    403    403       200

            grant-publisher    private           401       404      404    403    200       200
            grant-publisher    org               401       404      403    403    200       200
            grant-publisher    public            401       403      403    403    200       200
            grant-publisher    platform-private  401       404      404    403    403       200
            grant-publisher    platform-org      401       404      403    403    403       200
            grant-publisher    platform-public   401       403      403    403    403       200

            revoke-publisher   private           401       404      404    403    200       200
            revoke-publisher   org               401       404      403    403    200       200
            revoke-publisher   public            401       403      403    403    200       200
            revoke-publisher   platform-private  401       404      404    403    403       200
            revoke-publisher   platform-org      401       404      403    403    403       200
            revoke-publisher   platform-public   401       403      403    403    403       200

            share              private           401       404      404    403    200       200
            share              org               401       404      403    403    200       200
            share              public            401       403      403    403    200       200
            share              platform-private  401       404      404    403    403       200
            share              platform-org      401       404      403    403    403       200
            share              platform-public   401       403      403    403    403       200

            unshare            private           401       404      404    403    200       200
            unshare            org               401       404      403    403    200       200
            unshare            public            401       403      403    403    200       200
            unshare            platform-private  401       404      404    403    403       200
            unshare            platform-org      401       404      403    403    403       200
            unshare            platform-public   401       403      403    403    403       200

            upload-url         private           401       404      404    403    201       201
            upload-url         org               401       404      403    403    201       201
            upload-url         public            401       403      403    403    201       201
            upload-url         platform-private  401       404      404    403    403       201
            upload-url         platform-org      401       404      403    403    403       201
            upload-url         platform-public   401       403      403    403    403       201

            confirm            private           401       404      404    403    201       201
            confirm            org               401       404      403    403    201       201
            confirm            public            401       403      403    403    201       201
            confirm            platform-private  401       404      404    403    403       201
            confirm            platform-org      401       404      403    403    403       201
            confirm            platform-public   401       403      403    403    403       201

            list-versions      private           401       404      404    200    200       200
            list-versions      org               401       404      200    200    200       200
            list-versions      public            401       200      200    200    200       200
            list-versions      platform-private  401       404      404    200    200       200
            list-versions      platform-org      401       404      200    200    200       200
            list-versions      platform-public   401       200      200    200    200       200

            get-active         private           401       404      404    200    200       200
            get-active         org               401       404      200    200    200       200
            get-active         public            401       200      200    200    200       200
            get-active         platform-private  401       404      404    200    200       200
            get-active         platform-org      401       404      200    200    200       200
            get-active         platform-public   401       200      200    200    200       200

            set-active         private           401       404      404    403    200       200
            set-active         org               401       404      403    403    200       200
            set-active         public            401       403      403    403    200       200
            set-active         platform-private  401       404      404    403    403       200
            set-active         platform-org      401       404      403    403    403       200
            set-active         platform-public   401       403      403    403    403       200

            get-version        private           401       404      404    200    200       200
            get-version        org               401       404      200    200    200       200
            get-version        public            401       200      200    200    200       200
            get-version        platform-private  401       404      404    200    200       200
            get-version        platform-org      401       404      200    200    200       200
            get-version        platform-public   401       200      200    200    200       200

            download           private           401       404      404    200    200       200
            download           org               401       404      200    200    200       200
            download           public            401       200      200    200    200       200
            download           platform-private  401       404      404    200    200       200
            download           platform-org      401       404      200    200    200       200
            download           platform-public   401       200      200    200    200       200

            lineage            private           401       404      404    200    200       200
            lineage            org               401       404      200    200    200       200
            lineage            public            401       200      200    200    200       200
            lineage            platform-private  401       404      404    200    200       200
            lineage            platform-org      401       404      200    200    200       200
            lineage            platform-public   401       200      200    200    200       200

            history            private           401       404      404    403    200       200
            history            org               401       404      403    403    200       200
            history            public            401       403      403    403    200       200
            history            platform-private  401       404      404    403    403       200
            history            platform-org      401       404      403    403    403       200
            history            platform-public   401       403      403    403    403       200

            archive            private           401       404      404    403    200       200
            archive            org               401       404      403    403    200       200
            archive            public            401       403      403    403    200       200
            archive            platform-private  401       404      404    403    403       200
            archive            platform-org      401       404      403    403    403       200
            archive            platform-public   401       403      403    403    403       200

            zone-listing       private           401       404      404    200    200       200
            zone-listing       org               401       404      200    200    200       200
            zone-listing       public            401       200      200    200    200       200
            zone-listing       platform-private  401       404      404    200    200       200
            zone-listing       platform-org      401       404      200    200    200       200
            zone-listing       platform-public   401       200      200    200    200       200

            set-channel        private           401       404      404    403    200       200
            set-channel        org               401       404      403    403    200       200
            set-channel        public            401       403      403    403    200       200
            set-channel        platform-private  401       404      404    403    403       200
            set-channel        platform-org      401       404      403    403    403       200
            set-channel        platform-public   401       403      403    403    403       200

            remove-channel     private           401       404      404    403    200       200
            remove-channel     org               401       404      403    403    200       200
            remove-channel     public            401       403      403    403    200       200
            remove-channel     platform-private  401       404      404    403    403       200
            remove-channel     platform-org      401       404      403    403    403       200
            remove-channel     platform-public   401       403      403    403    403       200

            list-channels      private           401       404      404    200    200       200
            list-channels      org               401       404      200    200    200       200
            list-channels      public            401       200      200    200    200       200
            list-channels      platform-private  401       404      404    200    200       200
            list-channels      platform-org      401       404      200    200    200       200
            list-channels      platform-public   401       200      200    200    200       200

            resolve-channel    private           401       404      404    200    200       200
            resolve-channel    org               401       404      200    200    200       200
            resolve-channel    public            401       200      200    200    200       200
            resolve-channel    platform-private  401       404      404    200    200       200
            resolve-channel    platform-org      401       404      200    200    200       200
            resolve-channel    platform-public   401       200      200    200    200       200

            set-retention      private           401       404      404    403    200       200
            set-retention      org               401       404      403    403    200       200
            set-retention      public            401       403      403    403    200       200
            set-retention      platform-private  401       404      404    403    403       200
            set-retention      platform-org      401       404      403    403    403       200
            set-retention      platform-public   401       403      403    403    403       200

            get-retention      private           401       404      404    200    200       200
            get-retention      org               401       404      200    200    200       200
            get-retention      public            401       200      200    200    200       200
            get-retention      platform-private  401       404      404    200    200       200
            get-retention      platform-org      401       404      200    200    200       200
            get-retention      platform-public   401       200      200    200    200       200

            preview-retention  private           401       404      404    200    200       200
            preview-retention  org               401       404      200    200    200       200
            preview-retention  public            401       200      200    200    200       200
            preview-retention  platform-private  401       404      404    200    200       200
            preview-retention  platform-org      401       404      200    200    200       200
            preview-retention  platform-public   401       200      200    200    200       200
            """;

    private static final String ORGANIZATION = "acme";
    private static final AtomicInteger VERSION_SECONDS = new AtomicInteger();

    /** The callers, in the order of the table's columns. */
    enum Caller {
        ANONYMOUS(null, null),
        OUTSIDER("olga", "initech"),
        ORG_MEMBER("mia", ORGANIZATION),
        SHARED_USER("sam", "globex"),
        PUBLISHER("pat", ORGANIZATION),
        ADMIN("root", "registry-ops", "admin");

        final String userId;
        final String organization;
        final String[] roles;

        Caller(String userId, String organization, String... roles) {
            this.userId = userId;
            this.organization = organization;
            this.roles = roles;
        }
    }

    /** The entities under test: a store visibility, for a customer or a platform entity. */
    enum Kind {
        PRIVATE("private", "customer", "private"),
        ORG("org", "customer", "org"),
        PUBLIC("public", "customer", "public"),
        PLATFORM_PRIVATE("platform-private", "platform", "private"),
        PLATFORM_ORG("platform-org", "platform", "org"),
        PLATFORM_PUBLIC("platform-public", "platform", "public");

        final String label;
        final String ownerType;
        final String store;

        Kind(String label, String ownerType, String store) {
            this.label = label;
            this.ownerType = ownerType;
            this.store = store;
        }

        static Kind labelled(String label) {
            return Arrays.stream(values()).filter(k -> k.label.equals(label)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no entity kind " + label));
        }
    }

    /** One entity of a kind, with the token of the last command it answered (reads wait for it). */
    static final class Fixture {
        final Kind kind;
        final String id;
        final String zone;
        final String baseVersionId;
        String consistencyToken;

        Fixture(Kind kind, String id, String zone, String baseVersionId) {
            this.kind = kind;
            this.id = id;
            this.zone = zone;
            this.baseVersionId = baseVersionId;
        }

        String path() {
            return "/api/entities/" + id;
        }

        void advance(Response commandResponse) {
            JsonNode token = commandResponse.json().get("consistency_token");
            if (token != null && !token.isNull()) {
                consistencyToken = token.asText();
            }
        }

        Map<String, String> readYourWrites() {
            return consistencyToken == null ? Map.of() : Map.of("X-Consistency-Token", consistencyToken);
        }
    }

    /** What a cell acts on, prepared beforehand by an admin: a fresh id and, where the route has one, a body. */
    record Target(String aggregateId, String id, Map<String, Object> body) {
    }

    @FunctionalInterface
    interface Performer {
        Response perform(String token, Fixture entity, Target target);
    }

    /**
     * A route of the matrix. {@code prepare} runs as admin before the cell so that an allowed call is a valid
     * one; {@code restore} runs as admin after an allowed mutation that would otherwise change who may read.
     */
    record Route(String name, boolean mutation, Function<Fixture, Target> prepare, Performer perform,
                 BiConsumer<Fixture, Target> restore) {
    }

    /** Each set-retention cell sets another policy, so that an allowed one records its event. */
    private static final AtomicInteger RETENTION = new AtomicInteger();

    @Autowired
    JdbcTemplate jdbc;

    private final Map<Caller, String> tokens = new EnumMap<>(Caller.class);
    private final Map<Kind, Fixture> fixtures = new EnumMap<>(Kind.class);
    private Map<String, Route> routes;

    @BeforeAll
    void callersAndEntities() {
        for (Caller caller : Caller.values()) {
            tokens.put(caller, caller.userId == null ? null : token(caller.userId, caller.organization, caller.roles));
        }
        for (Kind kind : Kind.values()) {
            fixtures.put(kind, kind.ownerType.equals("platform") ? aPlatformEntity(kind) : aCustomerEntity(kind));
        }
        routes = routes();
    }

    Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (String[] row : tableRows()) {
            for (Caller caller : Caller.values()) {
                cells.add(Arguments.of(row[0], row[1], caller, Integer.parseInt(row[2 + caller.ordinal()])));
            }
        }
        return cells.stream();
    }

    @Test
    void the_table_has_exactly_one_line_per_route_and_entity_kind() {
        Map<String, Long> lines = tableRows().stream()
                .collect(Collectors.groupingBy(row -> row[0] + " " + row[1], Collectors.counting()));
        Set<String> expected = routes.keySet().stream()
                .flatMap(route -> Arrays.stream(Kind.values()).map(kind -> route + " " + kind.label))
                .collect(Collectors.toSet());
        assertThat(lines.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(lines.values()).containsOnly(1L);
    }

    @ParameterizedTest(name = "{0} on {1} entity as {2} -> {3}")
    @MethodSource("cells")
    void every_cell_answers_exactly_its_expected_status(String routeName, String kindLabel, Caller caller,
                                                        int expected) {
        Route route = routes.get(routeName);
        assertThat(route).as("route " + routeName + " of the table").isNotNull();
        Fixture entity = fixtures.get(Kind.labelled(kindLabel));
        Target target = route.prepare().apply(entity);
        boolean allowed = expected < 400;
        int eventsBefore = eventCount(target.aggregateId());
        JsonNode stateBefore = route.mutation() && !allowed ? accessState(target.aggregateId(), entity) : null;

        Response response = route.perform().perform(tokens.get(caller), entity, target);

        assertThat(response.status()).as("%s %s as %s: %s", routeName, kindLabel, caller, response.body())
                .isEqualTo(expected);
        if (!allowed) {
            assertThat(response.header("Content-Type")).as(response.body()).startsWith("application/problem+json");
        }
        if (!route.mutation()) {
            return;
        }
        if (allowed) {
            assertThat(eventCount(target.aggregateId())).as("an allowed %s records its event", routeName)
                    .isGreaterThan(eventsBefore);
            if (target.aggregateId().equals(entity.id)) {
                entity.advance(response);
            }
            route.restore().accept(entity, target);
        } else {
            assertThat(eventCount(target.aggregateId())).as("a refused %s records nothing", routeName)
                    .isEqualTo(eventsBefore);
            assertThat(accessState(target.aggregateId(), entity)).as("a refused %s changes nothing", routeName)
                    .isEqualTo(stateBefore);
        }
    }

    // ---- the routes ----

    private Map<String, Route> routes() {
        Map<String, Route> all = new LinkedHashMap<>();
        Stream.of(
                mutation("create", e -> {
                    String id = uniqueId("created");
                    return new Target(id, id, Map.of("id", id, "zone_id", e.zone, "name", "Created " + id,
                            "owner_type", e.kind.ownerType, "store", e.kind.store));
                }, (token, e, t) -> call("POST", "/api/entities", token, t.body())),
                read("get-entity", (token, e, t) -> call("GET", e.path(), token, null, e.readYourWrites())),
                mutation("change-store", e -> onEntity(e, otherStore(e.kind.store), Map.of("store", otherStore(e.kind.store))),
                        (token, e, t) -> call("PUT", e.path() + "/store", token, t.body()),
                        (e, t) -> asAdmin(e, "PUT", e.path() + "/store", Map.of("store", e.kind.store), 200)),
                mutation("grant-publisher", e -> onEntity(e, uniqueId("grantee"), null),
                        (token, e, t) -> call("PUT", e.path() + "/publishers/" + t.id(), token, null)),
                mutation("revoke-publisher", e -> {
                    String user = uniqueId("publisher");
                    asAdmin(e, "PUT", e.path() + "/publishers/" + user, null, 200);
                    return onEntity(e, user, null);
                }, (token, e, t) -> call("DELETE", e.path() + "/publishers/" + t.id(), token, null)),
                mutation("share", e -> onEntity(e, uniqueId("sharee"), null),
                        (token, e, t) -> call("PUT", e.path() + "/shares/" + t.id(), token, null)),
                mutation("unshare", e -> {
                    String user = uniqueId("sharee");
                    asAdmin(e, "PUT", e.path() + "/shares/" + user, null, 200);
                    return onEntity(e, user, null);
                }, (token, e, t) -> call("DELETE", e.path() + "/shares/" + t.id(), token, null)),
                mutation("upload-url", e -> {
                    String version = nextVersionId();
                    return onEntity(e, version, Map.of("version", version, "source_hash", sourceHash(e, version),
                            "force", true));
                }, (token, e, t) -> call("POST", e.path() + "/versions/upload-url", token, t.body())),
                mutation("confirm", e -> {
                    String version = nextVersionId();
                    return onEntity(e, version, uploaded(e, version));
                }, (token, e, t) -> call("POST", e.path() + "/versions/confirm", token, t.body())),
                read("list-versions", (token, e, t) -> call("GET", e.path() + "/versions", token, null,
                        e.readYourWrites())),
                read("get-active", (token, e, t) -> call("GET", e.path() + "/versions/active", token, null,
                        e.readYourWrites())),
                mutation("set-active", e -> onEntity(e, confirmedVersion(e), null),
                        (token, e, t) -> call("PUT", e.path() + "/versions/active", token, Map.of("versionId", t.id()))),
                read("get-version", (token, e, t) -> call("GET", e.path() + "/versions/" + e.baseVersionId, token,
                        null, e.readYourWrites())),
                read("download", (token, e, t) -> call("GET", e.path() + "/versions/" + e.baseVersionId + "/download",
                        token, null, e.readYourWrites())),
                read("lineage", (token, e, t) -> call("GET", e.path() + "/versions/" + e.baseVersionId + "/lineage",
                        token, null, e.readYourWrites())),
                read("history", (token, e, t) -> call("GET", e.path() + "/history", token, null, e.readYourWrites())),
                mutation("archive", e -> onEntity(e, confirmedVersion(e), null),
                        (token, e, t) -> call("DELETE", e.path() + "/versions/" + t.id(), token, null)),
                read("zone-listing", (token, e, t) -> call("GET", "/zones/" + e.zone + "/packages/" + e.id + "/versions",
                        token, null, e.readYourWrites())),
                mutation("set-channel", e -> onEntity(e, uniqueId("ch"), Map.of("version_id", e.baseVersionId)),
                        (token, e, t) -> call("PUT", e.path() + "/channels/" + t.id(), token, t.body())),
                mutation("remove-channel", e -> onEntity(e, channelOf(e), null),
                        (token, e, t) -> call("DELETE", e.path() + "/channels/" + t.id(), token, null)),
                read("list-channels", (token, e, t) -> call("GET", e.path() + "/channels", token, null,
                        e.readYourWrites())),
                new Route("resolve-channel", false, e -> onEntity(e, channelOf(e), null),
                        (token, e, t) -> call("GET", e.path() + "/channels/" + t.id() + "/resolve", token, null,
                                e.readYourWrites()), (e, t) -> { }),
                mutation("set-retention", e -> onEntity(e, null, Map.of("keep_latest", RETENTION.incrementAndGet())),
                        (token, e, t) -> call("PUT", e.path() + "/retention", token, t.body())),
                read("get-retention", (token, e, t) -> call("GET", e.path() + "/retention", token, null,
                        e.readYourWrites())),
                read("preview-retention", (token, e, t) -> call("GET", e.path() + "/retention/preview", token, null,
                        e.readYourWrites()))
        ).forEach(route -> all.put(route.name(), route));
        return all;
    }

    private static Route read(String name, Performer perform) {
        return new Route(name, false, e -> onEntity(e, null, null), perform, (e, t) -> { });
    }

    private static Route mutation(String name, Function<Fixture, Target> prepare, Performer perform) {
        return new Route(name, true, prepare, perform, (e, t) -> { });
    }

    private static Route mutation(String name, Function<Fixture, Target> prepare, Performer perform,
                                  BiConsumer<Fixture, Target> restore) {
        return new Route(name, true, prepare, perform, restore);
    }

    private static Target onEntity(Fixture entity, String id, Map<String, Object> body) {
        return new Target(entity.id, id, body);
    }

    // ---- fixtures ----

    /** A customer entity created by the publisher, shared with the shared user, with an active version. */
    private Fixture aCustomerEntity(Kind kind) {
        String publisher = tokens.get(Caller.PUBLISHER);
        String id = uniqueId("matrix-" + kind.label);
        String zone = uniqueId("zone-matrix");
        createEntity(publisher, id, zone, kind.store);
        Fixture fixture = new Fixture(kind, id, zone, nextVersionId());
        fixture.advance(expect(call("PUT", fixture.path() + "/shares/" + Caller.SHARED_USER.userId, publisher, null), 200));
        fixture.advance(expect(publish(publisher, id, fixture.baseVersionId, Map.of("set_as_active", true)), 201));
        return fixture;
    }

    /**
     * A platform entity of the publisher's organization, created by an admin who then hands it over: the
     * non-admin publisher is its only publisher, and it is shared with the shared user.
     */
    private Fixture aPlatformEntity(Kind kind) {
        String admin = tokens.get(Caller.ADMIN);
        String id = uniqueId("matrix-" + kind.label);
        String zone = uniqueId("zone-matrix");
        expect(call("POST", "/api/entities", admin, Map.of("id", id, "zone_id", zone, "name", "Platform " + id,
                "owner_type", "platform", "organization_id", ORGANIZATION, "store", kind.store)), 201);
        Fixture fixture = new Fixture(kind, id, zone, nextVersionId());
        asAdmin(fixture, "PUT", fixture.path() + "/publishers/" + Caller.PUBLISHER.userId, null, 200);
        asAdmin(fixture, "PUT", fixture.path() + "/shares/" + Caller.SHARED_USER.userId, null, 200);
        asAdmin(fixture, "DELETE", fixture.path() + "/publishers/" + Caller.ADMIN.userId, null, 200);
        fixture.advance(expect(publish(admin, id, fixture.baseVersionId, Map.of("set_as_active", true)), 201));
        JsonNode created = expect(call("GET", fixture.path(), admin, null, fixture.readYourWrites()), 200).json();
        assertThat(created.get("owner_type").asText()).isEqualTo("platform");
        assertThat(created.get("publishers")).extracting(JsonNode::asText).containsExactly(Caller.PUBLISHER.userId);
        return fixture;
    }

    /** A version confirmed by an admin (not active), for the cells that act on a version. */
    /** A channel an admin just pointed at the entity's base version. */
    private String channelOf(Fixture entity) {
        String channel = uniqueId("ch");
        asAdmin(entity, "PUT", entity.path() + "/channels/" + channel, Map.of("version_id", entity.baseVersionId), 200);
        return channel;
    }

        private String confirmedVersion(Fixture entity) {
        String version = nextVersionId();
        entity.advance(expect(publish(tokens.get(Caller.ADMIN), entity.id, version, Map.of()), 201));
        return version;
    }

    /** Upload URLs requested and the package PUT by an admin: the body that confirms the version. */
    private Map<String, Object> uploaded(Fixture entity, String version) {
        Response upload = asAdmin(entity, "POST", entity.path() + "/versions/upload-url",
                Map.of("version", version, "source_hash", sourceHash(entity, version), "force", true), 201);
        byte[] bytes = ("package " + entity.id + " " + version).getBytes(StandardCharsets.UTF_8);
        try {
            assertThat(putBytes(upload.json().get("upload_url").asText(), bytes)).isEqualTo(200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<String, Object> body = new HashMap<>();
        body.put("storage_path", upload.json().get("storage_path").asText());
        body.put("version", version);
        body.put("source_hash", sourceHash(entity, version));
        body.put("file_size_bytes", bytes.length);
        body.put("force", true);
        return body;
    }

    private Response asAdmin(Fixture entity, String method, String path, Object body, int expectedStatus) {
        Response response = expect(call(method, path, tokens.get(Caller.ADMIN), body), expectedStatus);
        entity.advance(response);
        return response;
    }

    private static Response expect(Response response, int status) {
        if (response.status() != status) {
            throw new AssertionError("fixture step answered " + response.status() + ", not " + status + ": "
                    + response.body());
        }
        return response;
    }

    // ---- what a refused mutation must leave alone ----

    /** Who may read and publish, and the versions, as an admin sees them once the read model caught up. */
    private JsonNode accessState(String entityId, Fixture entity) {
        Map<String, String> wait = entityId.equals(entity.id) ? entity.readYourWrites() : Map.of();
        Response response = call("GET", "/api/entities/" + entityId, tokens.get(Caller.ADMIN), null, wait);
        ObjectNode state = JSON.createObjectNode();
        state.put("status", response.status());
        if (response.status() == 200) {
            JsonNode body = response.json();
            for (String field : List.of("owner_type", "organization_id", "store", "publishers", "shared_with",
                    "version_count", "active_version_id")) {
                state.set(field, body.get(field));
            }
        }
        return state;
    }

    private int eventCount(String entityId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Integer.class, entityId);
    }

    // ---- helpers ----

    private static List<String[]> tableRows() {
        return EXPECTED.lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("\\s+"))
                .peek(row -> {
                    if (row.length != 2 + Caller.values().length) {
                        throw new IllegalStateException("table line needs a status per caller: " + String.join(" ", row));
                    }
                })
                .toList();
    }

    private static String otherStore(String store) {
        return store.equals("public") ? "private" : "public";
    }

    private static String sourceHash(Fixture entity, String version) {
        return "sha256:" + entity.id + version;
    }

    /** Distinct, real version ids: one second apart. */
    private static String nextVersionId() {
        return LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(VERSION_SECONDS.incrementAndGet())
                .format(DateTimeFormatter.ofPattern("yyyy.MM.dd-HHmmss"));
    }
}
