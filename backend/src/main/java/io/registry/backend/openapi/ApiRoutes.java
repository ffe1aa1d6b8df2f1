package io.registry.backend.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every route of the API document with its name, its tag, what it does and the problem codes of its own (those every
 * route of its kind shares are added by {@link ApiDocumentCustomizer}). The document is generated from the
 * controllers; this table only names and describes what they map, and {@link ApiDocumentCustomizer} refuses to write
 * a document with a route missing here or an entry no controller maps.
 */
final class ApiRoutes {

    static final String ENTITIES = "Entities";
    static final String VERSIONS = "Versions";
    static final String PROVISIONING = "Provisioning";
    static final String ZONE_LISTING = "Zone listing";
    static final String CHANNELS = "Channels";
    static final String RETENTION = "Retention";
    static final String HISTORY = "History";
    static final String OPERATIONS = "Operations (admin)";
    static final String LOCAL = "Local development";
    static final String HEALTH = "Health";

    /** One route: method and path as the controller maps them, and how the document presents it. */
    record Route(String method, String path, String operationId, String tag, String summary, String description,
                 List<String> problems) {

        String key() {
            return key(method, path);
        }

        static String key(String method, String path) {
            return method.toUpperCase(java.util.Locale.ROOT) + " " + path;
        }
    }

    private static final Map<String, Route> ROUTES = new LinkedHashMap<>();

    private static final String READ_ENTITY = "entity_not_found";
    private static final String ENTITY_PATH = "/api/entities/{entityId}";
    private static final String VERSION_PATH = ENTITY_PATH + "/versions/{versionId}";
    private static final String CHANNEL_PATH = ENTITY_PATH + "/channels/{channel}";

    static {
        // entities
        add("POST", "/api/entities", "createEntity", ENTITIES, "Create an entity (package)",
                "The caller becomes its first publisher. Answers the entity as `GET` shows it, plus its"
                        + " `consistency_token`. `owner_type: platform` needs the admin role; `organization_id`"
                        + " defaults to the token's `org` (another organization needs the admin role).",
                "foreign_organization", "admin_role_required", "entity_exists", "concurrent_modification");
        add("GET", ENTITY_PATH, "getEntity", ENTITIES, "Read an entity",
                "With its `ETag` (the sequence of its last event), to send back as `If-Match` on a command.",
                READ_ENTITY);
        add("PUT", ENTITY_PATH + "/store", "changeStore", ENTITIES, "Change who may read the entity",
                "`private` (publishers and shares), `org` (also members of its organization), `public` (any"
                        + " authenticated user).");
        add("PUT", ENTITY_PATH + "/publishers/{userId}", "grantPublisher", ENTITIES, "Grant the publisher role",
                "The user may then publish, activate and archive versions and change the entity.");
        add("DELETE", ENTITY_PATH + "/publishers/{userId}", "revokePublisher", ENTITIES, "Revoke the publisher role",
                "The last publisher cannot be revoked.", "last_publisher");
        add("PUT", ENTITY_PATH + "/shares/{userId}", "shareEntity", ENTITIES, "Share the entity with a user",
                "The user may then read it whatever its store.");
        add("DELETE", ENTITY_PATH + "/shares/{userId}", "unshareEntity", ENTITIES, "Stop sharing the entity with a user",
                "");
        // versions
        add("POST", ENTITY_PATH + "/versions/upload-url", "requestUpload", VERSIONS,
                "Step 1 of a publish: signed upload URLs",
                "Signed PUT URLs for the package and its lockfile (201), their storage paths and when they expire;"
                        + " PUT the bytes there, then confirm. When a confirmed version already has this `source_hash`"
                        + " and `force` is not true, answers that version instead (200, `status: existing`) and"
                        + " records nothing.",
                "version_exists", "unknown_base_version");
        add("POST", ENTITY_PATH + "/versions/confirm", "confirmUpload", VERSIONS, "Step 2 of a publish: confirm",
                "`storage_path` must be the one step 1 issued for this version, before `expires_at`; the stored"
                        + " object must be exactly `file_size_bytes`. The registry digests the bytes and stores them"
                        + " where no upload URL can write (`package_sha256`). Release metadata (`description`,"
                        + " `icon_url`, `inputs`, `outputs`, `links`, `properties`, `tags`) is checked here.",
                "upload_not_requested", "storage_path_mismatch", "lockfile_path_mismatch", "source_hash_mismatch",
                "file_size_mismatch", "version_exists", "duplicate_source_hash", "upload_expired",
                "package_not_uploaded", "lockfile_not_uploaded");
        add("GET", ENTITY_PATH + "/versions", "listVersions", VERSIONS, "List the entity's versions",
                "Newest first (highest `version`), with the same cursor contract as the zone listing; each version"
                        + " with every field of the versions document.",
                READ_ENTITY);
        add("GET", ENTITY_PATH + "/versions/active", "getActiveVersion", VERSIONS, "Read the active version", "",
                READ_ENTITY, "no_active_version", "version_not_found");
        add("PUT", ENTITY_PATH + "/versions/active", "setActiveVersion", VERSIONS, "Set the active version",
                "`{\"versionId\": \"...\"}` as documented (`version_id` is accepted too, not both). An archived"
                        + " version cannot become active.",
                "version_not_found", "version_archived");
        add("GET", VERSION_PATH, "getVersion", VERSIONS, "Read a version", "", READ_ENTITY, "version_not_found");
        add("DELETE", VERSION_PATH, "archiveVersion", VERSIONS, "Archive a version",
                "The documented DELETE: the version stays in listings and history with `archived_at`. The active"
                        + " version cannot be archived, nor a version a channel points at (the problem names the"
                        + " channel).",
                "version_not_found", "version_active", "version_in_channel");
        add("GET", VERSION_PATH + "/download", "getVersionDownload", VERSIONS, "Signed download URLs",
                "Signed GET URLs of the released package (and lockfile), their expiry and the SHA-256 digests to"
                        + " check the downloaded bytes against.",
                READ_ENTITY, "version_not_found");
        add("GET", VERSION_PATH + "/lineage", "getVersionLineage", VERSIONS, "Lineage through `base_version_id`",
                "Ancestors nearest first, descendants as a tree; `depth` bounds both directions, `limit` the"
                        + " descendants.",
                READ_ENTITY, "version_not_found");
        // provisioning
        add("POST", VERSION_PATH + "/inputs/evaluate", "evaluateInputs", PROVISIONING, "Evaluate install inputs",
                "Install inputs, validated against `inputs.schema` (defaults applied), then `inputs.bindings`: the"
                        + " flat input map. Open to readers of the entity; nothing is recorded.",
                READ_ENTITY, "version_not_found", "install_inputs_invalid", "binding_evaluation_failed",
                "evaluation_limit_exceeded", "evaluator_unavailable");
        add("POST", VERSION_PATH + "/outputs/evaluate", "evaluateOutputs", PROVISIONING, "Evaluate outputs",
                "A resolved entity graph, then `outputs.bindings`, validated against `outputs.schema`. Open to"
                        + " readers of the entity; nothing is recorded.",
                READ_ENTITY, "version_not_found", "no_outputs", "binding_evaluation_failed",
                "evaluation_limit_exceeded", "outputs_invalid", "evaluator_unavailable");
        // channels
        add("GET", ENTITY_PATH + "/channels", "listChannels", CHANNELS, "List the entity's channels",
                "Every channel (named pointer at one version, or a weighted split between two), by name. The active"
                        + " version is not a channel: it keeps its own routes.",
                READ_ENTITY);
        add("GET", CHANNEL_PATH, "getChannel", CHANNELS, "Read a channel",
                "Its `targets`: one version with weight 100, or two whose weights sum to 100, ordered by version id.",
                READ_ENTITY, "channel_not_found");
        add("PUT", CHANNEL_PATH, "setChannel", CHANNELS, "Point a channel at a version, or split it between two",
                "`{\"version_id\": \"...\"}`, or `{\"weights\": {\"<version id>\": 90, \"<version id>\": 10}}`"
                        + " (one or two versions, whole percentages 0..100 summing to 100); not both. Creates the"
                        + " channel or moves it: pointing it at an earlier version is a rollback. Archived versions"
                        + " cannot be targeted. Recorded as `registry.channel.set` (nothing when the channel already"
                        + " has these targets).",
                "version_not_found", "version_archived");
        add("DELETE", CHANNEL_PATH, "removeChannel", CHANNELS, "Remove a channel",
                "Recorded as `registry.channel.removed`; removing a channel that does not exist records nothing.");
        add("GET", CHANNEL_PATH + "/resolve", "resolveChannel", CHANNELS, "The version an install gets",
                "A channel on one version answers it. A split channel needs the install's `key` (a user, a host:"
                        + " whatever should stay on one version): its bucket, 0..99, is the first 8 bytes of the"
                        + " SHA-256 of `<entity id> NUL <channel> NUL <key>` (UTF-8) as an unsigned number modulo 100;"
                        + " the targets, by version id, take consecutive bucket ranges as wide as their weights. The"
                        + " same key always gets the same version while the weights stay, and raising the newer"
                        + " version's weight only moves keys towards it.",
                READ_ENTITY, "channel_not_found");
        // retention
        add("GET", ENTITY_PATH + "/retention", "getRetentionPolicy", RETENTION, "Read the retention policy",
                "Each rule null when it is not set (no policy: both null).", READ_ENTITY);
        add("PUT", ENTITY_PATH + "/retention", "setRetentionPolicy", RETENTION, "Set the retention policy",
                "`keep_latest` (1..10000): keep the newest N unarchived versions; `max_age_days` (1..36500): keep the"
                        + " versions confirmed less than D days ago. Both optional; a version no rule keeps is archived"
                        + " by the retention job (hourly, through the ordinary archive, recorded with the policy as"
                        + " `retention_policy`), never the active version nor a channel's target. `{}`: no rules,"
                        + " nothing is archived. Recorded as `registry.retention.set`.");
        add("GET", ENTITY_PATH + "/retention/preview", "previewRetention", RETENTION,
                "What the retention policy would archive now",
                "The dry run: the versions the retention job would archive if it ran now, oldest first. Nothing"
                        + " is recorded.",
                READ_ENTITY);
        // history
        add("GET", ENTITY_PATH + "/history", "getHistory", HISTORY, "The entity's recorded events",
                "Every event, oldest first, as recorded (in its current revision): who (`actor`), when"
                        + " (`recorded_at`), what (`type`, `revision`, `data`) and where (`sequence` in the entity,"
                        + " `position` in the store). Publishers and admins only. `after` pages towards newer events,"
                        + " `before` towards older ones. `channel`: only that channel's events (its own history).",
                READ_ENTITY, "publisher_role_required");
        // zone listing
        add("GET", "/zones/{zone_id}/packages", "listZonePackages", ZONE_LISTING, "List a zone's packages",
                "The packages of the zone the caller may read (`total_count` counts only those; admins see all), most"
                        + " recently released first (`latest_version_at`, packages without a version last, then `id`)."
                        + " `q`: every word in the name or description, the last one as a prefix; `tag` (repeatable):"
                        + " each must be a tag of the active version; `owner_type`. `after` pages towards packages"
                        + " released earlier, `before` towards later ones (not both), `limit` 1..100 (default 20). A"
                        + " cursor is a position in that order: a package released while a client pages moves to the"
                        + " front and is never shown twice in one direction.",
                "zone_not_found");
        add("GET", "/zones/{zone_id}/packages/{package_id}/versions", "listZonePackageVersions", ZONE_LISTING,
                "List zone package versions",
                "Exactly the zone listing document: newest first, `after` / `before` cursors (not both), `limit`"
                        + " 1..100 (default 20); optional fields are left out when they have no value.",
                "zone_not_found", "package_not_found");
        add("GET", "/zones/{zone_id}/packages/{package_id}/versions/export", "exportZonePackageVersions", ZONE_LISTING,
                "Export every version of a package (NDJSON)",
                "Every version in one response, for clients that want them all: one listing item per line"
                        + " (`application/x-ndjson`), newest first, streamed as read; gzip-encoded when the request"
                        + " sends `Accept-Encoding: gzip`. The weak ETag changes with every event of the package:"
                        + " `If-None-Match` with it answers 304 while nothing changed. Not part of the zone listing"
                        + " document, whose pages stay 1..100 versions.",
                "zone_not_found", "package_not_found");
        // operations
        add("POST", "/admin/read-models/rebuild", "startReadModelRebuild", OPERATIONS,
                "Rebuild the read models (admin)",
                "Replays the event store into new indices while the live ones serve reads, then swaps the aliases."
                        + " Behind the gateway every request to this path reaches the same query-side instance.",
                "admin_role_required", "rebuild_running");
        add("GET", "/admin/read-models/rebuild", "getReadModelRebuild", OPERATIONS, "Rebuild progress (admin)", "",
                "admin_role_required");
        add("GET", "/admin/processors", "listProcessors", OPERATIONS, "Every tracking processor (admin)",
                "Every processor of every instance, from the shared token store: per segment its owner, whether"
                        + " the claim is live, its position and lag behind the head of the event store.",
                "admin_role_required");
        add("GET", "/admin/kafka/parked", "listParkedEvents", OPERATIONS, "Events the broker refused for good (admin)",
                "", "admin_role_required");
        add("POST", "/admin/kafka/parked/{eventId}/publish", "publishParkedEvent", OPERATIONS,
                "Publish a parked event again (admin)", "200 once the broker acknowledged it.",
                "admin_role_required", "parked_event_not_found", "kafka_refused");
        // local development
        add("POST", "/dev/tokens", "issueDevToken", LOCAL, "A dev token (local profile only)",
                "Only the `local` profile (`./run.sh`, docker-compose) has this route: a signed bearer token for any"
                        + " user, organization and roles. No token needed. Elsewhere: 404 `route_not_found`.",
                "route_not_found");
        // Spring Boot's health endpoint, described in full by ApiDocumentCustomizer
        add("GET", "/actuator/health", "getHealth", HEALTH, "Health status (load balancers)", "");
    }

    private ApiRoutes() {
    }

    private static void add(String method, String path, String operationId, String tag, String summary,
                            String description, String... problems) {
        Route route = new Route(method, path, operationId, tag, summary, description, List.of(problems));
        route.problems().forEach(ProblemCodes::of);
        if (ROUTES.put(route.key(), route) != null) {
            throw new IllegalStateException("route listed twice: " + route.key());
        }
    }

    static Optional<Route> of(String method, String path) {
        return Optional.ofNullable(ROUTES.get(Route.key(method, path)));
    }

    static java.util.Collection<Route> all() {
        return ROUTES.values();
    }
}
