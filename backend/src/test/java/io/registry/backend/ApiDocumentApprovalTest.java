package io.registry.backend;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The committed API document, {@code api/openapi.yaml}, is the one the code generates: the backend's
 * {@code GET /v3/api-docs.yaml}, byte for byte. After a deliberate change of a route, a request or a response, review
 * the difference and accept it with {@code ./mvnw -B -pl backend -am verify -Dtest=ApiDocumentApprovalTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dapprove=true}. Both sides package the committed copy (they serve it when
 * they run alone), and the contract check validates every exchange of the end-to-end tests against it.
 */
class ApiDocumentApprovalTest extends BackendTestSupport {

    static final String COMMITTED = "api/openapi.yaml";

    @Test
    void the_committed_document_is_the_generated_one() throws IOException {
        Response generated = call("GET", "/v3/api-docs.yaml", null, null);
        assertThat(generated.status()).as(generated.body()).isEqualTo(200);
        Path committed = RepositoryFiles.root().resolve(COMMITTED);
        if (Boolean.getBoolean("approve")) {
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, generated.body(), StandardCharsets.UTF_8);
        }
        if (!Files.exists(committed)) {
            fail(COMMITTED + " is missing: run this test with -Dapprove=true to write it from the generated document");
        }
        assertThat(generated.body())
                .as("%s differs from the generated document (GET /v3/api-docs.yaml): review the difference and accept it"
                        + " with ./mvnw -B -pl backend -am verify -Dtest=ApiDocumentApprovalTest"
                        + " -Dsurefire.failIfNoSpecifiedTests=false -Dapprove=true", COMMITTED)
                .isEqualTo(Files.readString(committed, StandardCharsets.UTF_8));
    }

    @Test
    void the_document_and_swagger_ui_need_no_token() throws Exception {
        Response json = call("GET", "/v3/api-docs", null, null);
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        assertThat(json.json().get("openapi").asText()).isEqualTo("3.1.0");
        Response docs = call("GET", "/docs", null, null);
        assertThat(docs.status()).as("GET /docs redirects to Swagger UI: %s", docs.headers()).isEqualTo(302);
        URI ui = URI.create(client().baseUrl()).resolve(docs.header("Location"));
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(ui).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(ui.toString()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
    }
}
