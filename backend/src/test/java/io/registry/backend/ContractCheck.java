package io.registry.backend;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.ApiOperation;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The contract check: every request and response the end-to-end tests exchange with the registry is validated against
 * the committed API document, {@code api/openapi.yaml}, by a validator nobody here wrote (Atlassian's
 * swagger-request-validator). An undocumented route, status, field, header or problem {@code code} fails the test that
 * made the exchange.
 *
 * <p>Checked: every exchange through {@link RegistryClient} and {@link RawHttp}, the JDK-client requests of the tests that
 * send bytes {@code RegistryClient} would not ({@code BadInputTest}, {@code RequestBodyLimitsTest}, the gateway's
 * refusals in {@code ProductionShapeTest}) and the CLI's requests to the registry in {@code RegistryCliTest}. The
 * validator reads the document through {@link ValidatorDialect} (its OpenAPI 3.0 reading of the 3.1 types). For each:
 * <ul>
 *   <li>the response: its status is one the operation documents, its {@code Content-Type} and body match the schema of
 *   that status (unknown properties refused, problem {@code code}s limited to the ones listed), its documented headers
 *   match their schemas, and every header it carries beyond the transport's ({@link #TRANSPORT}) is documented for that
 *   status;</li>
 *   <li>the request: path and query parameters, headers, body against the operation; every header it sends beyond the
 *   transport's is a documented parameter. Not for the tests whose purpose is malformed input: those say so with
 *   {@link InvalidRequestsOnPurpose} on the test (or {@link RegistryClient#invalidOnPurpose()} for one request), and
 *   every {@link RawHttp} exchange is such a request (it exists to send what a client library refuses to); their
 *   responses are still checked. A request no route matches at all (a malformed URL, a method no
 *   route takes) is answered with a problem: its body must then be a documented {@code Problem} with a code the document
 *   lists for that status.</li>
 * </ul>
 * Out of the document, so not checked: Spring Boot's actuator endpoints other than {@code /actuator/health} (operations,
 * README "Operations"), the gateway's per-side actuator paths, the web console's static files ({@code /ui/}), and the
 * document's own routes ({@code /v3/api-docs}, {@code /docs}, Swagger UI's files). A request without a bearer token is not an invalid request here: its documented
 * answer is 401, which is checked.
 */
final class ContractCheck {

    /**
     * Transport headers, and those Spring Security writes on every answer (caching, framing, sniffing): not part of any
     * route's contract.
     */
    static final Set<String> TRANSPORT = Set.of("content-type", "content-length", "date", "connection", "keep-alive",
            "transfer-encoding", "host", "user-agent", "accept", "accept-encoding", "upgrade", "http2-settings",
            "authorization", "vary", "cache-control", "pragma", "expires", "x-content-type-options", "x-frame-options",
            "x-xss-protection", "strict-transport-security", "server", "allow", ":status");

    private static final String DOCUMENT = ApiDocumentApprovalTest.COMMITTED;

    /**
     * On a test class or method whose purpose is malformed input (bad-input tables, refused URLs, ...): its requests are
     * invalid on purpose and not checked; their responses still are.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @Inherited
    @interface InvalidRequestsOnPurpose {
        /** Why: which input is malformed. */
        String value();
    }

    private static volatile ContractCheck instance;
    /** Set while a test marked {@link InvalidRequestsOnPurpose} runs (tests run one at a time). */
    private static volatile boolean invalidRequestsOnPurpose;

    private final OpenApiInteractionValidator validator;
    private final Map<String, Set<String>> codesByStatus;
    private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong validated = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong requestsChecked = new AtomicLong();
    private final AtomicLong requestsOnPurpose = new AtomicLong();
    private final AtomicLong unmatched = new AtomicLong();
    private static final AtomicLong outside = new AtomicLong();
    private final Map<String, AtomicLong> byOperation = new ConcurrentHashMap<>();

    private ContractCheck(String document) {
        validator = OpenApiInteractionValidator.createForInlineApiSpecification(ValidatorDialect.of(document))
                .withParseOptions(ValidatorDialect.parseOptions())
                .withLevelResolver(LevelResolver.create()
                        // a request without a token is answered 401, which is documented and checked
                        .withLevel("validation.request.security.missing", ValidationReport.Level.IGNORE)
                        .build())
                .withCustomRequestValidation(ContractCheck::undocumentedRequestHeaders)
                .withCustomResponseValidation(ContractCheck::undocumentedResponseHeaders)
                .build();
        codesByStatus = problemCodes(document);
    }

    static ContractCheck get() {
        ContractCheck check = instance;
        if (check == null) {
            synchronized (ContractCheck.class) {
                if (instance == null) {
                    instance = load();
                }
                check = instance;
            }
        }
        return check;
    }

    /** A check of its own against the committed document, whose figures and failures are not the tests' traffic. */
    static ContractCheck load() {
        try {
            return new ContractCheck(Files.readString(RepositoryFiles.root().resolve(DOCUMENT)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DOCUMENT, e);
        }
    }

    /** One exchange as a client saw it. */
    record Exchange(String method, String target, Map<String, List<String>> requestHeaders, String requestBody,
                    int status, Map<String, List<String>> responseHeaders, String responseBody) {
    }

    /**
     * Validates one exchange; an exchange the document does not describe throws (and is kept, so that a test whose
     * thread swallowed the error still fails, see {@link Extension}).
     *
     * @param rawRequest the request was written byte by byte ({@link RawHttp}): invalid on purpose
     */
    /** An exchange made with the JDK's client directly ({@code body}: what was sent, null for none). */
    static void verify(java.net.http.HttpRequest request, String body, java.net.http.HttpResponse<String> response,
                       boolean rawRequest) {
        URI uri = request.uri();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        verify(new Exchange(request.method(), target, request.headers().map(), body, response.statusCode(),
                response.headers().map(), response.body()), rawRequest);
    }

    /** The body a request of the JDK's client sends (read from its publisher again; null when it has none). */
    static String bodyOf(java.net.http.HttpRequest request) {
        if (request.bodyPublisher().isEmpty() || request.bodyPublisher().get().contentLength() == 0) {
            return null;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        request.bodyPublisher().get().subscribe(new java.util.concurrent.Flow.Subscriber<java.nio.ByteBuffer>() {
            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(java.nio.ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.join();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static void verify(Exchange exchange, boolean rawRequest) {
        URI uri = parse(exchange.target());
        if (uri != null && outsideTheDocument(uri.getRawPath())) {
            outside.incrementAndGet();
            return;
        }
        get().check(exchange, rawRequest);
    }

    void check(Exchange exchange, boolean rawRequest) {
        boolean onPurpose = rawRequest || invalidRequestsOnPurpose;
        URI uri = parse(exchange.target());
        String path = uri == null ? exchange.target() : uri.getRawPath();
        List<String> problems = new ArrayList<>();
        boolean noOperation = uri == null;
        ValidationReport report = ValidationReport.empty();
        boolean ndjson = isNdjson(exchange);
        if (uri != null) {
            for (String body : responseBodies(exchange, ndjson)) {
                SimpleResponse.Builder response = new SimpleResponse.Builder(exchange.status());
                exchange.responseHeaders().forEach((name, values) -> {
                    if (!name.startsWith(":")) {
                        response.withHeader(name, values);
                    }
                });
                if (body != null && !body.isEmpty()) {
                    response.withBody(body);
                }
                try {
                    report = report.merge(validator.validate(request(exchange, uri), response.build()));
                } catch (IllegalArgumentException unreadable) {
                    // a request the validator cannot read (a charset that does not exist): its answer still can be
                    report = report.merge(responseOnly(exchange, uri, response.build(), unreadable));
                }
            }
            noOperation = report.getMessages().stream().anyMatch(m -> m.getLevel() == ValidationReport.Level.ERROR
                    && (m.getKey().equals("validation.request.path.missing")
                    || m.getKey().equals("validation.request.operation.notAllowed")));
        }
        if (noOperation) {
            if (!onPurpose) {
                problems.add("no route of the document is " + exchange.method() + " " + path);
            }
            problems.addAll(problemWithoutRoute(exchange));
            unmatched.incrementAndGet();
        } else {
            for (ValidationReport.Message message : report.getMessages()) {
                if (message.getLevel() != ValidationReport.Level.ERROR
                        || message.getKey().startsWith("validation.request") && onPurpose
                        // an NDJSON body of no lines is an empty list, not a missing body
                        || ndjson && message.getKey().equals("validation.response.body.missing")) {
                    continue;
                }
                problems.add(message.getKey() + ": " + message.getMessage()
                        + (message.getAdditionalInfo().isEmpty() ? "" : " " + message.getAdditionalInfo()));
            }
            byOperation.computeIfAbsent(exchange.method() + " " + template(path) + " " + exchange.status(),
                    k -> new AtomicLong()).incrementAndGet();
        }
        validated.incrementAndGet();
        if (onPurpose) {
            requestsOnPurpose.incrementAndGet();
        } else {
            requestsChecked.incrementAndGet();
        }
        if (!problems.isEmpty()) {
            String failure = "The exchange " + exchange.method() + " " + exchange.target() + " -> " + exchange.status()
                    + " is not what " + DOCUMENT + " documents:\n  - " + String.join("\n  - ", problems)
                    + "\n  request headers " + exchange.requestHeaders().keySet() + (exchange.requestBody() == null ? ""
                    : "\n  request body " + shorten(exchange.requestBody()))
                    + "\n  response headers " + exchange.responseHeaders() + "\n  response body "
                    + shorten(exchange.responseBody());
            failures.add(failure);
            failed.incrementAndGet();
            throw new AssertionError(failure);
        }
    }

    private ValidationReport responseOnly(Exchange exchange, URI uri, SimpleResponse response, RuntimeException why) {
        Request.Method method;
        try {
            method = Request.Method.valueOf(exchange.method().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            // a method the validator's model has no name for (a raw request line's): no route takes it
            return ValidationReport.singleton(ValidationReport.Message.create("validation.request.operation.notAllowed",
                    "no route takes the method " + exchange.method()).build());
        }
        ValidationReport report = validator.validateResponse(uri.getRawPath(), method, response);
        return report.merge(ValidationReport.singleton(ValidationReport.Message.create(
                "validation.request.unreadable", "the validator cannot read the request: " + why.getMessage()).build()));
    }

    private static boolean isNdjson(Exchange exchange) {
        return exchange.responseHeaders().entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase("Content-Type"))
                .flatMap(header -> header.getValue().stream())
                .anyMatch(type -> type.startsWith("application/x-ndjson"));
    }

    /**
     * The bodies to check: the response's own; for NDJSON (the versions export), each line, since the document's
     * schema describes one line (the validator would read only the first); none at all for an export of no lines.
     */
    private static List<String> responseBodies(Exchange exchange, boolean ndjson) {
        if (!ndjson || exchange.responseBody() == null) {
            return java.util.Collections.singletonList(exchange.responseBody());
        }
        List<String> lines = exchange.responseBody().lines().filter(line -> !line.isEmpty()).toList();
        return lines.isEmpty() ? java.util.Collections.singletonList(null) : lines;
    }

    /** The target as a URI, or null when it is not one (a raw request line may hold anything). */
    private static URI parse(String target) {
        try {
            URI uri = URI.create(target.startsWith("/") ? "http://registry" + target : target);
            return uri.getRawPath() == null || !uri.getRawPath().startsWith("/") ? null : uri;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A path with its ids left out, to count exchanges by route. */
    private static String template(String path) {
        return path.replaceAll("/api/entities/[^/]+", "/api/entities/{id}")
                .replaceAll("/versions/[0-9][^/]*", "/versions/{v}")
                .replaceAll("/(publishers|shares)/[^/]+", "/$1/{user}")
                .replaceAll("^/zones/[^/]+/packages/[^/]+", "/zones/{z}/packages/{p}")
                .replaceAll("^/zones/[^/]+/packages$", "/zones/{z}/packages")
                .replaceAll("/parked/[^/]+/publish", "/parked/{event}/publish");
    }

    private static boolean outsideTheDocument(String path) {
        return (path.startsWith("/actuator") && !path.equals("/actuator/health"))
                || path.equals("/v3/api-docs") || path.startsWith("/v3/api-docs/") || path.equals("/v3/api-docs.yaml")
                || path.equals("/docs") || path.startsWith("/swagger-ui")
                || path.equals("/ui") || path.startsWith("/ui/");
    }

    /** The request as the validator reads it, with every header it carried. */
    private static Recorded request(Exchange exchange, URI uri) {
        SimpleRequest.Builder builder = new SimpleRequest.Builder(exchange.method(), uri.getRawPath());
        if (uri.getRawQuery() != null) {
            Map<String, List<String>> query = new TreeMap<>();
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                query.computeIfAbsent(name, n -> new ArrayList<>()).add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
            query.forEach(builder::withQueryParam);
        }
        exchange.requestHeaders().forEach(builder::withHeader);
        if (exchange.requestBody() != null) {
            builder.withBody(exchange.requestBody());
        }
        return new Recorded(builder.build(), exchange.requestHeaders().keySet());
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /** The validator's request plus the names of every header sent (its model keeps no list of them). */
    private static final class Recorded implements Request {
        private final Request request;
        private final Set<String> headerNames;

        Recorded(Request request, Set<String> headerNames) {
            this.request = request;
            this.headerNames = headerNames;
        }

        @Override
        public String getPath() {
            return request.getPath();
        }

        @Override
        public Method getMethod() {
            return request.getMethod();
        }

        @Override
        public Optional<String> getBody() {
            return request.getBody();
        }

        @Override
        public Optional<com.atlassian.oai.validator.model.Body> getRequestBody() {
            return request.getRequestBody();
        }

        @Override
        public Collection<String> getQueryParameters() {
            return request.getQueryParameters();
        }

        @Override
        public Collection<String> getQueryParameterValues(String name) {
            return request.getQueryParameterValues(name);
        }

        @Override
        public Map<String, Collection<String>> getHeaders() {
            return request.getHeaders();
        }

        @Override
        public Collection<String> getHeaderValues(String name) {
            return request.getHeaderValues(name);
        }
    }

    /** A header the client sent that the route does not take (besides the transport's). */
    private static ValidationReport undocumentedRequestHeaders(Request request, ApiOperation operation) {
        Set<String> documented = new HashSet<>();
        List<Parameter> parameters = operation.getOperation().getParameters();
        if (parameters != null) {
            parameters.stream().filter(p -> "header".equals(p.getIn()))
                    .forEach(p -> documented.add(p.getName().toLowerCase(Locale.ROOT)));
        }
        List<ValidationReport.Message> messages = new ArrayList<>();
        for (String name : request.getHeaders().keySet()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!TRANSPORT.contains(lower) && !documented.contains(lower)) {
                messages.add(ValidationReport.Message.create("validation.request.header.undocumented",
                        "The request sends the header " + name + ", which " + operation.getOperation().getOperationId()
                                + " does not take").build());
            }
        }
        return ValidationReport.from(messages);
    }

    /** A header the response carries that its status does not document (besides the transport's). */
    private static ValidationReport undocumentedResponseHeaders(com.atlassian.oai.validator.model.Response response,
                                                                ApiOperation operation) {
        if (!(response instanceof SimpleResponse simple)) {
            return ValidationReport.empty();
        }
        ApiResponse documented = operation.getOperation().getResponses().get(String.valueOf(simple.getStatus()));
        if (documented == null) {
            return ValidationReport.empty(); // the validator reports the status itself
        }
        Set<String> names = new HashSet<>();
        Map<String, Header> headers = documented.getHeaders();
        if (headers != null) {
            headers.keySet().forEach(name -> names.add(name.toLowerCase(Locale.ROOT)));
        }
        List<ValidationReport.Message> messages = new ArrayList<>();
        for (String name : headerNames(simple)) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!TRANSPORT.contains(lower) && !names.contains(lower)) {
                messages.add(ValidationReport.Message.create("validation.response.header.undocumented",
                        "The " + simple.getStatus() + " of " + operation.getOperation().getOperationId()
                                + " carries the header " + name + ", which it does not document").build());
            }
        }
        return ValidationReport.from(messages);
    }

    /** SimpleResponse keeps its headers in a map it does not expose; read them as the validator's model allows. */
    private static Set<String> headerNames(SimpleResponse response) {
        try {
            java.lang.reflect.Field field = SimpleResponse.class.getDeclaredField("headers");
            field.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<String, ?> headers = (Map<String, ?>) field.get(response);
            return headers.keySet();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot list the response's headers", e);
        }
    }

    /** A refusal before any route: a problem whose code the document lists for that status. */
    private List<String> problemWithoutRoute(Exchange exchange) {
        List<String> problems = new ArrayList<>();
        String type = exchange.responseHeaders().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("content-type")).map(e -> e.getValue().get(0))
                .findFirst().orElse("");
        if (!type.startsWith("application/problem+json")) {
            problems.add("answered " + type + ", not a problem (application/problem+json)");
            return problems;
        }
        JsonNode body;
        try {
            body = RegistryClient.JSON.readTree(exchange.responseBody());
        } catch (IOException e) {
            problems.add("a problem body that is not JSON");
            return problems;
        }
        Set<String> known = Set.of("type", "title", "status", "detail", "instance", "code", "errors");
        Iterator<String> names = body.fieldNames();
        names.forEachRemaining(name -> {
            if (!known.contains(name)) {
                problems.add("the problem has an undocumented property " + name);
            }
        });
        for (String required : List.of("type", "title", "status", "code")) {
            if (!body.hasNonNull(required)) {
                problems.add("the problem has no " + required);
            }
        }
        if (body.path("status").asInt() != exchange.status()) {
            problems.add("the problem's status " + body.path("status") + " is not the response's");
        }
        Set<String> codes = codesByStatus.getOrDefault(String.valueOf(exchange.status()), Set.of());
        if (!codes.contains(body.path("code").asText())) {
            problems.add("the code " + body.path("code") + " is not one the document lists for " + exchange.status()
                    + " (" + codes + ")");
        }
        return problems;
    }

    /**
     * The problem codes a request no route takes may be answered with, by status: those of the document's shared
     * responses ({@code components.responses}: refused before any route, route not found, method not allowed, ...).
     */
    private static Map<String, Set<String>> problemCodes(String document) {
        Map<String, Set<String>> codes = new TreeMap<>();
        try {
            JsonNode api = new com.fasterxml.jackson.databind.ObjectMapper(
                    new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(document);
            api.path("components").path("responses").forEach(response -> response.path("content")
                    .path("application/problem+json").path("schema").path("allOf").forEach(part -> {
                        JsonNode properties = part.path("properties");
                        String status = properties.path("status").path("enum").path(0).asText();
                        properties.path("code").path("enum").forEach(code ->
                                codes.computeIfAbsent(status, k -> new TreeSet<>()).add(code.asText()));
                    }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return codes;
    }

    private static String shorten(String text) {
        if (text == null) {
            return "(none)";
        }
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "...";
    }

    String summary() {
        return String.format(Locale.ROOT, "CONTRACT CHECK: %d exchanges validated against %s (requests checked: %d;"
                        + " invalid on purpose, only their responses checked: %d; answered before any route: %d);"
                        + " outside the document (actuator, the document itself, the console's files): %d; failures: %d;"
                        + " operations and statuses seen: %d",
                validated.get(), DOCUMENT, requestsChecked.get(), requestsOnPurpose.get(), unmatched.get(),
                outside.get(), failed.get(), byOperation.size());
    }

    String seen() {
        return new TreeMap<>(byOperation).entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining("\n"));
    }

    /**
     * Marks the tests that send invalid requests on purpose, and fails a test when an exchange it made broke the
     * contract in a thread whose error the test did not see. Registered for every test (junit-platform.properties).
     */
    public static final class Extension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
            AfterEachCallback {

        @Override
        public void beforeAll(ExtensionContext context) {
            invalidRequestsOnPurpose = context.getRequiredTestClass().isAnnotationPresent(InvalidRequestsOnPurpose.class);
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            invalidRequestsOnPurpose = context.getRequiredTestClass().isAnnotationPresent(InvalidRequestsOnPurpose.class)
                    || context.getRequiredTestMethod().isAnnotationPresent(InvalidRequestsOnPurpose.class);
        }

        @Override
        public void afterEach(ExtensionContext context) {
            invalidRequestsOnPurpose = context.getRequiredTestClass().isAnnotationPresent(InvalidRequestsOnPurpose.class);
            failPending();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            invalidRequestsOnPurpose = false;
            failPending();
        }

        private static void failPending() {
            ContractCheck check = instance;
            if (check == null || check.failures.isEmpty()) {
                return;
            }
            List<String> pending;
            synchronized (check.failures) {
                pending = new ArrayList<>(check.failures);
                check.failures.clear();
            }
            throw new AssertionError(pending.size() + " exchange(s) broke the contract:\n" + String.join("\n", pending));
        }
    }

    /** Prints the figures once every test has run, and writes them to {@code target/contract-check.txt}. */
    public static final class Summary implements TestExecutionListener {

        @Override
        public void testPlanExecutionFinished(TestPlan plan) {
            ContractCheck check = instance;
            if (check == null) {
                return;
            }
            System.out.println(check.summary());
            try {
                Files.writeString(Path.of("target", "contract-check.txt"), check.summary() + "\n" + check.seen() + "\n");
            } catch (IOException e) {
                System.out.println("cannot write target/contract-check.txt: " + e);
            }
        }
    }
}
