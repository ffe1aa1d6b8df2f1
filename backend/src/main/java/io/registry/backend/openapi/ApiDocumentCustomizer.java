package io.registry.backend.openapi;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.registry.api.consistency.ConsistencyToken;
import io.registry.api.request.BoundedParameter;
import io.registry.api.request.ClientRequestIdFilter;
import io.registry.api.request.Identifiers;
import io.registry.backend.openapi.ApiRoutes.Route;
import io.registry.backend.openapi.ProblemCodes.Code;
import io.registry.events.ChannelName;
import io.registry.events.VersionId;
import io.registry.query.channel.ChannelQueryController;
import io.registry.query.history.HistoryController;
import io.registry.query.lineage.LineageController;
import io.registry.query.listing.PackageListing;
import io.registry.query.listing.VersionListing;
import io.registry.query.read.ReadYourWrites;
import io.swagger.v3.core.util.Yaml31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Makes the generated document exact where the code alone does not say it, in one place: each route's name, tag and
 * description ({@link ApiRoutes}); the patterns and ranges of its parameters; the headers every route takes and
 * answers ({@code X-Client-Request-ID}, {@code X-Consistency-Token}, {@code X-Consistency-Stale}, {@code ETag},
 * {@code If-Match}, {@code Location}, {@code Idempotent-Replayed}); its problem responses with their {@code code}s
 * ({@link ProblemCodes}); the hand-written schemas of free JSON ({@code openapi/schemas.yaml}) and the request
 * examples ({@code openapi/examples.yaml}); which properties of a response are always present.
 */
class ApiDocumentCustomizer implements OpenApiCustomizer {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String JSON = "application/json";
    static final String REF = "#/components/schemas/";

    /** Marks a property written only when it has a value (removed before the document is written). */
    static final String OPTIONAL = "x-registry-optional";
    /** Marks a property whose value may be null (removed before the document is written). */
    static final String NULLABLE = "x-registry-nullable";

    private static final String STALE_HEADER = ReadYourWrites.STALE_HEADER;
    private static final String REPLAYED_HEADER = "Idempotent-Replayed";

    /** Whole-number query parameters and their ranges, by route. */
    private static final Map<String, List<BoundedParameter>> RANGES = Map.of(
            "listVersions", List.of(VersionListing.LIMIT),
            "listZonePackageVersions", List.of(VersionListing.LIMIT),
            "listZonePackages", List.of(VersionListing.LIMIT),
            "getVersionLineage", List.of(LineageController.DEPTH, LineageController.LIMIT),
            "getHistory", List.of(HistoryController.LIMIT));

    /** Routes whose success is not springdoc's default 200 (they answer a {@code ResponseEntity} with the status). */
    private static final Map<String, String> SUCCESS = Map.of("createEntity", "201", "confirmUpload", "201",
            "startReadModelRebuild", "202");

    /** Routes whose success answers where to read what they created (or started). */
    private static final Set<String> CREATES = Set.of("createEntity", "confirmUpload", "startReadModelRebuild");
    /** Refusals answered the same way by every route (before the route runs): shared responses. */
    private static final Map<Integer, String> SHARED_REFUSALS = Map.of(401, "Unauthorized", 413, "BodyTooLarge",
            414, "UriTooLong", 431, "HeaderTooLarge", 500, "InternalError", 504, "GatewayTimeout");
    private static final String ECHO = "X-Client-Request-ID-Echo";
    private static final String DISPOSITION = "Content-Disposition";
    /** Refusals of requests no route takes: a URL no route matches, a method its path does not take. */
    private static final Map<String, List<String>> BEFORE_ANY_ROUTE = new java.util.TreeMap<>(Map.of(
            "RefusedBeforeAnyRoute", List.of("invalid_url", "rejected_url", "invalid_header", "rejected_request",
                    "bad_request", "invalid_request"),
            "RouteNotFound", List.of("route_not_found", "actuator_side_required"),
            "MethodNotAllowed", List.of("method_not_allowed")));

    /** Problems any route may answer, whatever it does. */
    private static final List<String> EVERY_ROUTE = List.of("invalid_request", "invalid_url", "rejected_url",
            "invalid_header", "rejected_request", "bad_request", "body_too_large", "uri_too_long", "header_too_large",
            "internal_error", "gateway_error", "upstream_unavailable", "upstream_timeout");
    private static final String EXPORT_ETAG = "ExportETag";
    private static final List<String> WITH_TOKEN = List.of("unauthenticated", "invalid_token");
    private static final List<String> WITH_BODY = List.of("malformed_body", "body_too_complex",
            "unsupported_media_type", "unsupported_charset");
    private static final List<String> IDEMPOTENT = List.of("request_in_progress", "idempotency_key_reused");
    private static final List<String> ENTITY_COMMAND = List.of("entity_not_found", "publisher_role_required",
            "stale_entity", "concurrent_modification");

    @Override
    public void customise(OpenAPI api) {
        Map<String, Schema> handWritten = load("openapi/schemas.yaml", new TypeReference<Map<String, JsonNode>>() { })
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                        e -> Yaml31.mapper().convertValue(e.getValue(), Schema.class), (a, b) -> a, LinkedHashMap::new));
        Map<String, JsonNode> examples = load("openapi/examples.yaml", new TypeReference<>() { });
        api.getComponents().getSchemas().putAll(handWritten);
        sharedComponents(api.getComponents());
        api.getPaths().addPathItem("/actuator/health", health());

        Set<String> documented = new TreeSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            Route route = ApiRoutes.of(method.name(), path).orElseThrow(() -> new IllegalStateException(
                    "The route " + method + " " + path + " is not in ApiRoutes: name and describe it there"));
            documented.add(route.key());
            if (!path.equals("/actuator/health")) {
                describe(route, operation, examples.get(route.operationId()), api.getComponents());
            }
        }));
        Set<String> listed = ApiRoutes.all().stream().map(Route::key).collect(Collectors.toCollection(TreeSet::new));
        listed.removeAll(documented);
        if (!listed.isEmpty()) {
            throw new IllegalStateException("ApiRoutes lists routes no controller maps: " + listed);
        }
        api.setTags(tags());
        api.setPaths(sorted(api.getPaths()));
        presence(api, handWritten.keySet());
    }

    // ---- one route ----

    private void describe(Route route, Operation operation, JsonNode example,
                          io.swagger.v3.oas.models.Components components) {
        String method = route.method();
        boolean read = method.equals("GET") || route.tag().equals(ApiRoutes.PROVISIONING);
        boolean secured = !route.tag().equals(ApiRoutes.LOCAL);
        boolean idempotent = !method.equals("GET") && route.path().startsWith("/api/");
        boolean entityCommand = hasParameter(operation, "If-Match");
        boolean withBody = operation.getRequestBody() != null;

        operation.setOperationId(route.operationId());
        operation.setTags(List.of(route.tag()));
        operation.setSummary(route.summary());
        operation.setDescription(route.description().isEmpty() ? null : route.description());
        if (!secured) {
            operation.setSecurity(List.of());
        }

        parameters(route, operation, idempotent, components);
        if (withBody) {
            requestBody(route, operation, example);
        }

        ApiResponses responses = operation.getResponses();
        String success = SUCCESS.get(route.operationId());
        if (success != null && responses.containsKey("200")) {
            responses.addApiResponse(success, responses.remove("200"));
        }
        for (Map.Entry<String, ApiResponse> entry : new ArrayList<>(responses.entrySet())) {
            ApiResponse answer = entry.getValue();
            int status = Integer.parseInt(entry.getKey());
            retypeContent(answer, JSON);
            Map<String, Header> headers = new LinkedHashMap<>();
            headers.put(ClientRequestIdFilter.HEADER, headerRef(ECHO));
            if (idempotent && !read) {
                headers.put(ConsistencyToken.HEADER, headerRef(ConsistencyToken.HEADER));
                boolean deduplicated = route.operationId().equals("requestUpload") && status == 200;
                if (!deduplicated) {
                    headers.put("ETag", headerRef("ETag"));
                }
            }
            if (route.operationId().equals("getEntity")) {
                headers.put("ETag", headerRef("ETag"));
            }
            if (route.operationId().equals("exportZonePackageVersions") && (status == 200 || status == 304)) {
                headers.put("ETag", headerRef(EXPORT_ETAG));
            }
            if (CREATES.contains(route.operationId())) {
                headers.put("Location", headerRef("Location"));
            }
            if (read) {
                headers.put(STALE_HEADER, headerRef(STALE_HEADER));
            }
            if (idempotent) {
                headers.put(REPLAYED_HEADER, headerRef(REPLAYED_HEADER));
            }
            if (route.path().endsWith("}")) {
                headers.put(DISPOSITION, headerRef(DISPOSITION));
            }
            answer.setHeaders(headers);
            if (answer.getDescription() == null || answer.getDescription().isBlank()
                    || List.of("OK", "Created", "Accepted", "default response").contains(answer.getDescription())) {
                answer.setDescription(successDescription(status));
            }
        }

        List<String> problems = new ArrayList<>(EVERY_ROUTE);
        if (secured) {
            problems.addAll(WITH_TOKEN);
        }
        if (withBody) {
            problems.addAll(WITH_BODY);
        }
        if (idempotent) {
            problems.addAll(IDEMPOTENT);
        }
        if (entityCommand) {
            problems.addAll(ENTITY_COMMAND);
        }
        problems.addAll(route.problems());
        ProblemCodes.byStatus(problems).forEach((status, codes) -> responses.addApiResponse(String.valueOf(status),
                SHARED_REFUSALS.containsKey(status) ? new ApiResponse().$ref(SHARED_REFUSALS.get(status))
                        : problemResponse(status, codes, idempotent, route.path().endsWith("}"))));
        operation.setResponses(sortedResponses(responses));
    }

    private static String successDescription(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted: running";
            default -> String.valueOf(status);
        };
    }

    private void parameters(Route route, Operation operation, boolean idempotent,
                            io.swagger.v3.oas.models.Components components) {
        List<Parameter> parameters = operation.getParameters() == null ? new ArrayList<>()
                : new ArrayList<>(operation.getParameters());
        boolean history = route.operationId().equals("getHistory");
        boolean packages = route.operationId().equals("listZonePackages");
        for (Parameter parameter : parameters) {
            switch (parameter.getIn() + " " + parameter.getName()) {
                case "path entityId", "path package_id" -> pathParameter(parameter, Identifiers.ENTITY_ID, 70,
                        "The entity (package) id: " + Identifiers.ENTITY_ID_MESSAGE.replace("must be ", "") + ".",
                        "maps-api");
                case "path zone_id" -> pathParameter(parameter, Identifiers.ENTITY_ID, 70,
                        "The zone id: " + Identifiers.ENTITY_ID_MESSAGE.replace("must be ", "") + ".", "zone-eu");
                case "path userId" -> pathParameter(parameter, Identifiers.USER_ID, 200,
                        "The user id (a token's `sub`): " + Identifiers.USER_ID_MESSAGE.replace("must be ", "") + ".",
                        "bob");
                case "path versionId" -> pathParameter(parameter, VersionId.SHAPE_PATTERN, 17,
                        "The version id, `YYYY.MM.DD-HHMMSS` naming a real date and time.", "2024.07.01-090000");
                case "path channel" -> pathParameter(parameter, ChannelName.PATTERN, 32,
                        "The channel's name: a lowercase letter, then up to 31 lowercase letters, digits or '-';"
                                + " not `active`.", "beta");
                case "query key" -> {
                    parameter.setDescription("The install's key (a user, a host, a tenant): the same key always gets"
                            + " the same version of a split channel. Required for a split channel.");
                    parameter.setSchema(string().minLength(1).maxLength(ChannelQueryController.MAX_KEY));
                    parameter.setExample("host-42");
                }
                case "query channel" -> {
                    parameter.setDescription("Only the events of this channel (`registry.channel.set`,"
                            + " `registry.channel.removed`): its own history.");
                    parameter.setSchema(string().pattern(ChannelName.PATTERN).maxLength(32));
                }
                case "path eventId" -> {
                    parameter.setDescription("The parked event's id (`event_id`).");
                    parameter.setSchema(string());
                }
                case "query after" -> cursor(parameter, "after", "Cursor for forward pagination (towards "
                        + (history ? "newer events" : packages ? "packages released earlier" : "older versions")
                        + "): `pagination.after_cursor` of a page. Mutually exclusive with `before`.");
                case "query before" -> cursor(parameter, "before", "Cursor for backward pagination (towards "
                        + (history ? "older events" : packages ? "packages released later" : "newer versions")
                        + "): `pagination.before_cursor` of a page. Mutually exclusive with `after`.");
                case "query q" -> {
                    parameter.setDescription("Words of the package's name or description: every word must match one"
                            + " (case-insensitive), the last one as a prefix. It must hold a letter or digit.");
                    parameter.setSchema(string().minLength(1).maxLength(PackageListing.MAX_TEXT));
                    parameter.setExample("invoices pay");
                }
                case "query tag" -> {
                    parameter.setDescription("A tag the package's active version must carry, exactly (a comma is part"
                            + " of the tag). Repeat the parameter for several: each must be there.");
                    Schema<Object> tags = new JsonSchema().types(new LinkedHashSet<>(List.of("array")));
                    tags.setItems(string().minLength(1).maxLength(PackageListing.MAX_TAG));
                    tags.setMaxItems(PackageListing.MAX_TAGS);
                    parameter.setSchema(tags);
                    parameter.setStyle(Parameter.StyleEnum.FORM);
                    parameter.setExplode(true);
                    parameter.setExample(List.of("billing"));
                }
                case "query owner_type" -> {
                    parameter.setDescription("Only packages of this owner type.");
                    Schema<Object> ownerType = string();
                    ownerType.setEnum(List.of("platform", "customer"));
                    parameter.setSchema(ownerType);
                }
                case "query limit", "query depth" -> bounded(route, parameter);
                case "header X-Consistency-Token" -> {
                    parameter.setDescription("The `consistency_token` of the caller's last write: the read waits"
                            + " (at most 5 s, `registry.read-your-writes.max-wait`) until the read model has applied"
                            + " it, else answers with `X-Consistency-Stale: true`.");
                    parameter.setSchema(string().minLength(1));
                }
                case "header If-None-Match" -> {
                    parameter.setDescription("The `ETag` of an export the client holds (`W/\"7\"`): 304 while the"
                            + " package has not changed since.");
                    parameter.setSchema(string());
                    parameter.setExample("W/\"7\"");
                }
                case "header If-Match" -> {
                    parameter.setDescription("The entity's `ETag` the command was decided on (`\"7\"`): the command"
                            + " is refused with 412 `stale_entity` if the entity changed since. `*` or no header:"
                            + " unconditional.");
                    parameter.setSchema(string());
                    parameter.setExample("\"7\"");
                }
                default -> throw new IllegalStateException("The parameter " + parameter.getIn() + " "
                        + parameter.getName() + " of " + route.key() + " is not described: add it to "
                        + getClass().getSimpleName());
            }
        }
        HeaderParameter requestId = new HeaderParameter();
        requestId.setName(ClientRequestIdFilter.HEADER);
        requestId.setRequired(false);
        requestId.setDescription(idempotent
                ? "A UUID of the client's choosing, echoed back. On a command it is an idempotency key: the same id"
                + " with the same body answers the first response again (`Idempotent-Replayed: true`) and records"
                + " nothing; with another body 422 `idempotency_key_reused`; while the first runs 409"
                + " `request_in_progress`. Kept one day."
                : "A UUID of the client's choosing, echoed back (400 `invalid_request` when it is not a UUID).");
        requestId.setSchema(uuid());
        requestId.setExample("123e4567-e89b-12d3-a456-426614174000");
        parameters.add(requestId);
        List<Parameter> shared = new ArrayList<>();
        for (Parameter parameter : parameters) {
            // the same parameter on many routes is written once, in components
            String name = switch (parameter.getIn()) {
                case "path" -> parameter.getName();
                case "header" -> parameter.getName().equals(ClientRequestIdFilter.HEADER) && idempotent
                        ? parameter.getName() + "-Command" : parameter.getName();
                default -> null;
            };
            if (name == null) {
                shared.add(parameter);
            } else {
                if (components.getParameters() == null || !components.getParameters().containsKey(name)) {
                    components.addParameters(name, parameter);
                }
                shared.add(new Parameter().$ref("#/components/parameters/" + name));
            }
        }
        operation.setParameters(shared);
    }

    private static void pathParameter(Parameter parameter, String pattern, int maxLength, String description,
                                      String example) {
        parameter.setDescription(description);
        parameter.setSchema(string().pattern(pattern).minLength(1).maxLength(maxLength));
        parameter.setExample(example);
    }

    private static void cursor(Parameter parameter, String name, String description) {
        parameter.setDescription(description);
        parameter.setSchema(string().minLength(1).maxLength(255));
    }

    private static void bounded(Route route, Parameter parameter) {
        BoundedParameter range = RANGES.getOrDefault(route.operationId(), List.of()).stream()
                .filter(p -> p.name().equals(parameter.getName())).findFirst()
                .orElseThrow(() -> new IllegalStateException("No range for " + parameter.getName() + " of "
                        + route.key()));
        parameter.setDescription(parameter.getName().equals("depth")
                ? "How many levels of ancestors and descendants, " + range.min() + ".." + range.max() + "."
                : "How many items, " + range.min() + ".." + range.max() + ".");
        Schema<Object> schema = new JsonSchema().types(new LinkedHashSet<>(List.of("integer")));
        schema.setFormat("int32");
        schema.setMinimum(java.math.BigDecimal.valueOf(range.min()));
        schema.setMaximum(java.math.BigDecimal.valueOf(range.max()));
        schema.setDefault(range.fallback());
        parameter.setSchema(schema);
    }

    private static boolean hasParameter(Operation operation, String name) {
        return operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(p -> name.equals(p.getName()));
    }

    private static void requestBody(Route route, Operation operation, JsonNode example) {
        RequestBody body = operation.getRequestBody();
        body.setRequired(true);
        switch (route.operationId()) {
            case "evaluateInputs" -> body.setContent(json(ref("EvaluateInputsRequest")));
            case "evaluateOutputs" -> body.setContent(json(ref("EvaluateOutputsRequest")));
            default -> retypeContent(body.getContent(), JSON);
        }
        if (example != null) {
            body.getContent().get(JSON).setExample(Yaml31.mapper().convertValue(example, Object.class));
        }
    }

    private static void retypeContent(ApiResponse response, String mediaType) {
        if (response.getContent() != null) {
            retypeContent(response.getContent(), mediaType);
        }
    }

    /** springdoc writes {@code *}{@code /*} where a route does not declare what it produces: it answers JSON. */
    private static void retypeContent(Content content, String mediaType) {
        if (content.size() == 1 && content.containsKey("*/*")) {
            MediaType only = content.values().iterator().next();
            content.clear();
            content.addMediaType(mediaType, only);
        }
    }

    private static Content json(Schema<?> schema) {
        return new Content().addMediaType(JSON, new MediaType().schema(schema));
    }

    // ---- problems and headers ----

    private static ApiResponse problemResponse(int status, List<Code> codes, boolean idempotent) {
        return problemResponse(status, codes, idempotent, false);
    }

    private static ApiResponse problemResponse(int status, List<Code> codes, boolean idempotent, boolean lastSegmentId) {
        StringBuilder description = new StringBuilder(reason(status)).append(':');
        for (Code code : codes) {
            description.append("\n- `").append(code.code()).append("`: ").append(code.meaning());
        }
        Schema<Object> codeSchema = string();
        codeSchema.setEnum(new ArrayList<>(codes.stream().map(Code::code).toList()));
        Schema<Object> statusSchema = new JsonSchema().types(new LinkedHashSet<>(List.of("integer")));
        statusSchema.setEnum(new ArrayList<>(List.of(status)));
        Schema<Object> schema = new JsonSchema();
        schema.setAllOf(List.of(ref("Problem"),
                new JsonSchema().addProperty("code", codeSchema).addProperty("status", statusSchema)));
        Map<String, Header> headers = new LinkedHashMap<>();
        headers.put(ClientRequestIdFilter.HEADER, headerRef(ECHO));
        if (status == 401) {
            headers.put("WWW-Authenticate", headerRef("WWW-Authenticate"));
        }
        if (idempotent && status < 500) {
            headers.put(REPLAYED_HEADER, headerRef(REPLAYED_HEADER));
        }
        if (lastSegmentId) {
            headers.put(DISPOSITION, headerRef(DISPOSITION));
        }
        return new ApiResponse().description(description.toString()).headers(headers)
                .content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(schema)));
    }

    private static String reason(int status) {
        org.springframework.http.HttpStatus known = org.springframework.http.HttpStatus.resolve(status);
        return known == null ? String.valueOf(status) : known.getReasonPhrase();
    }

    private static Header headerRef(String name) {
        return new Header().$ref("#/components/headers/" + name);
    }

    /** The headers and refusals every route shares, written once. */
    private static void sharedComponents(io.swagger.v3.oas.models.Components components) {
        components.addHeaders(ECHO, clientRequestIdEcho());
        components.addHeaders(ConsistencyToken.HEADER, header("The consistency token of this write (also in the"
                + " body): send it as `X-Consistency-Token` on a read to see this write.", string(), true));
        components.addHeaders("ETag", etag(true));
        Header exportTag = header("The export's tag, weak (the gzip-encoded and the plain body are the same content):"
                + " the sequence of the package's last event, e.g. `W/\"7\"`. Send it as `If-None-Match`.",
                string().pattern("^W/\"[0-9]+\"$"), true);
        exportTag.setExample("W/\"7\"");
        components.addHeaders(EXPORT_ETAG, exportTag);
        components.addHeaders("Location", header("Where the created resource (or the progress) is read.", string(),
                true));
        components.addHeaders(STALE_HEADER, staleHeader());
        components.addHeaders(REPLAYED_HEADER, replayedHeader());
        components.addHeaders(DISPOSITION, header("`inline;filename=f.txt` when the path's last segment looks like a"
                + " file name (a version id such as `2024.06.10-153042`, an id with a `.`): Spring MVC's protection"
                + " against reflected file downloads, so that a browser never saves the body as a file. API clients"
                + " can ignore it.", string(), false));
        components.addHeaders("WWW-Authenticate", header("`Bearer` (with the refusal's details for a refused"
                + " token).", string(), true));
        SHARED_REFUSALS.forEach((status, name) -> components.addResponses(name,
                problemResponse(status, ProblemCodes.byStatus(status == 401 ? WITH_TOKEN : EVERY_ROUTE).get(status),
                        false)));
        // what a request no route takes is answered (README "HTTP limits and refusals")
        BEFORE_ANY_ROUTE.forEach((name, codes) -> components.addResponses(name, problemResponse(
                ProblemCodes.of(codes.get(0)).status(), codes.stream().map(ProblemCodes::of).toList(), false)));
    }

    private static Header clientRequestIdEcho() {
        return header("The request's `X-Client-Request-ID`, echoed (when it was sent).", string().maxLength(36), false);
    }

    private static Header etag(boolean required) {
        Header etag = header("The entity's tag: the sequence of its last event, e.g. `\"7\"`. Send it as `If-Match`"
                + " to make a command conditional.", string().pattern("^\"[0-9]+\"$"), required);
        etag.setExample("\"7\"");
        return etag;
    }

    private static Header staleHeader() {
        Schema<Object> schema = string();
        schema.setEnum(new ArrayList<>(List.of("true")));
        return header("`true` when the read gave up waiting for the `X-Consistency-Token` it was sent (the answer may"
                + " not show that write yet).", schema, false);
    }

    private static Header replayedHeader() {
        Schema<Object> schema = string();
        schema.setEnum(new ArrayList<>(List.of("true")));
        return header("`true` when this is the stored answer to an earlier request with the same"
                + " `X-Client-Request-ID` (nothing was recorded now).", schema, false);
    }

    private static Header header(String description, Schema<?> schema, boolean required) {
        Header header = new Header().description(description).schema(schema);
        if (required) {
            header.setRequired(true);
        }
        return header;
    }

    // ---- the health route (Spring Boot's actuator, not a controller) ----

    private static PathItem health() {
        Operation operation = new Operation().operationId("getHealth").addTagsItem(ApiRoutes.HEALTH)
                .summary("Health status (load balancers)")
                .description("Anonymous callers get only `{\"status\": \"UP\"}` (200) or `DOWN` (503); with an admin"
                        + " token, every component and its details. Behind the gateway: UP only when both sides are."
                        + " Spring Boot's other actuator endpoints (metrics, prometheus, ...) are admin-only operations,"
                        + " outside this document (README \"Operations\").")
                .security(List.of(new SecurityRequirement(), new SecurityRequirement().addList("bearerAuth")));
        ApiResponses responses = new ApiResponses();
        Map<String, Header> echo = new LinkedHashMap<>(Map.of(ClientRequestIdFilter.HEADER, headerRef(ECHO)));
        responses.addApiResponse("200", new ApiResponse().description("Up").headers(echo).content(health(ref("Health"))));
        responses.addApiResponse("503", new ApiResponse().description("Down").headers(echo).content(health(ref("Health"))));
        ProblemCodes.byStatus(List.of("invalid_request", "invalid_token", "uri_too_long", "header_too_large",
                        "upstream_unavailable", "upstream_timeout"))
                .forEach((status, codes) -> responses.addApiResponse(String.valueOf(status),
                        SHARED_REFUSALS.containsKey(status) ? new ApiResponse().$ref(SHARED_REFUSALS.get(status))
                                : problemResponse(status, codes, false)));
        operation.setResponses(responses);
        HeaderParameter requestId = new HeaderParameter();
        requestId.setName(ClientRequestIdFilter.HEADER);
        requestId.setDescription("A UUID of the client's choosing, echoed back.");
        requestId.setSchema(uuid());
        operation.addParametersItem(requestId);
        return new PathItem().get(operation);
    }

    /** Spring Boot answers its actuator media type (or JSON when asked for it); the gateway's DOWN is JSON. */
    private static Content health(Schema<?> schema) {
        return new Content().addMediaType("application/vnd.spring-boot.actuator.v3+json", new MediaType().schema(schema))
                .addMediaType(JSON, new MediaType().schema(ref("Health")));
    }

    // ---- the document as a whole ----

    private static List<Tag> tags() {
        return List.of(
                new Tag().name(ApiRoutes.ENTITIES).description("Entities (packages): creation, store visibility,"
                        + " publishers and shares. Every mutation needs the publisher role on the entity."),
                new Tag().name(ApiRoutes.VERSIONS).description("Versions of an entity: the two-step publish (upload"
                        + " URL, PUT of the bytes, confirm), reads, the active version, archive, download, lineage."),
                new Tag().name(ApiRoutes.PROVISIONING).description("Provisioning-time evaluation of a version's"
                        + " bindings; nothing is recorded."),
                new Tag().name(ApiRoutes.CHANNELS).description("Channels: named pointers of an entity at one version,"
                        + " or a sticky weighted split between two (gradual rollout); the active version stays apart."),
                new Tag().name(ApiRoutes.RETENTION).description("Retention policies: which versions a scheduled job"
                        + " archives, and the dry run."),
                new Tag().name(ApiRoutes.HISTORY).description("The audit log: an entity's recorded events."),
                new Tag().name(ApiRoutes.ZONE_LISTING).description("The zone surface: a zone's packages, and the zone"
                        + " listing document exactly as written."),
                new Tag().name(ApiRoutes.OPERATIONS).description("Operator routes: the admin role only."),
                new Tag().name(ApiRoutes.LOCAL).description("Only in the `local` profile (`./run.sh`, docker-compose)."),
                new Tag().name(ApiRoutes.HEALTH).description("For load balancers."));
    }

    private static Paths sorted(Paths paths) {
        Paths sorted = new Paths();
        new TreeSet<>(paths.keySet()).forEach(path -> sorted.addPathItem(path, paths.get(path)));
        return sorted;
    }

    private static ApiResponses sortedResponses(ApiResponses responses) {
        ApiResponses sorted = new ApiResponses();
        new TreeSet<>(responses.keySet()).forEach(status -> sorted.addApiResponse(status, responses.get(status)));
        return sorted;
    }

    /**
     * Response bodies: a property is always present (required) unless its record writes it only when it has a value
     * ({@link #OPTIONAL}); request bodies keep what their constraints say. Both refuse properties they do not name.
     */
    private static void presence(OpenAPI api, Set<String> handWritten) {
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        Set<String> inResponses = new HashSet<>();
        Set<String> inRequests = new HashSet<>();
        api.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            operation.getResponses().values().forEach(response -> {
                if (response.getContent() != null) {
                    response.getContent().values().forEach(media -> collect(media.getSchema(), schemas, inResponses));
                }
            });
            if (operation.getRequestBody() != null) {
                operation.getRequestBody().getContent().values()
                        .forEach(media -> collect(media.getSchema(), schemas, inRequests));
            }
        }));
        schemas.forEach((name, schema) -> {
            Map<String, Schema> properties = schema.getProperties();
            if (properties == null || handWritten.contains(name)) {
                return;
            }
            if (inResponses.contains(name) && !inRequests.contains(name)) {
                Set<String> required = new LinkedHashSet<>(schema.getRequired() == null ? List.of() : schema.getRequired());
                properties.forEach((property, value) -> {
                    if (!optional(value)) {
                        required.add(property);
                    }
                });
                schema.setRequired(new ArrayList<>(new TreeSet<>(required)));
            }
            properties.replaceAll((property, value) -> tidy(value));
            if (schema.getAdditionalProperties() == null) {
                schema.setAdditionalProperties(false);
            }
        });
    }

    private static boolean optional(Schema<?> property) {
        return property.getExtensions() != null && property.getExtensions().containsKey(OPTIONAL)
                || property.getItems() != null && optional(property.getItems());
    }

    /**
     * A property as the document shows it: without the {@link #OPTIONAL} marker; a reference to a hand-written schema
     * alone (what the Java type said is dropped), or one of that reference and null when it may be null.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Schema tidy(Schema property) {
        boolean nullable = property.getExtensions() != null && property.getExtensions().containsKey(NULLABLE);
        for (Schema<?> marked : new Schema[] {property, property.getItems()}) {
            if (marked != null && marked.getExtensions() != null) {
                marked.getExtensions().remove(OPTIONAL);
                marked.getExtensions().remove(NULLABLE);
                if (marked.getExtensions().isEmpty()) {
                    marked.setExtensions(null);
                }
            }
        }
        if (property.get$ref() != null) {
            Schema reference = ref(property.get$ref().substring(REF.length()));
            if (!nullable) {
                return reference;
            }
            Schema either = new JsonSchema();
            either.setOneOf(List.of(reference, new JsonSchema().types(new LinkedHashSet<>(List.of("null")))));
            return either;
        }
        if (nullable && property.getTypes() != null) {
            LinkedHashSet<String> types = new LinkedHashSet<>(property.getTypes());
            types.add("null");
            property.setTypes(types);
        }
        return property;
    }

    private static void collect(Schema<?> schema, Map<String, Schema> schemas, Set<String> names) {
        if (schema == null) {
            return;
        }
        if (schema.get$ref() != null) {
            String name = schema.get$ref().substring(REF.length());
            if (names.add(name) && schemas.containsKey(name)) {
                collect(schemas.get(name), schemas, names);
            }
            return;
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(p -> collect((Schema<?>) p, schemas, names));
        }
        if (schema.getItems() != null) {
            collect(schema.getItems(), schemas, names);
        }
        if (schema.getAllOf() != null) {
            schema.getAllOf().forEach(p -> collect((Schema<?>) p, schemas, names));
        }
        if (schema.getOneOf() != null) {
            schema.getOneOf().forEach(p -> collect((Schema<?>) p, schemas, names));
        }
        if (schema.getAdditionalProperties() instanceof Schema<?> additional) {
            collect(additional, schemas, names);
        }
    }

    // ---- small builders (OpenAPI 3.1 schemas) ----

    static Schema<Object> string() {
        return new JsonSchema().types(new LinkedHashSet<>(List.of("string")));
    }

    private static Schema<Object> uuid() {
        Schema<Object> uuid = string();
        uuid.setFormat("uuid");
        uuid.setPattern("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
        return uuid;
    }

    static Schema<Object> ref(String name) {
        return new JsonSchema().$ref(REF + name);
    }

    private static <T> T load(String resource, TypeReference<T> type) {
        try (InputStream in = ApiDocumentCustomizer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return Yaml31.mapper().readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
