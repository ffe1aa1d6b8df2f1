package io.registry.api.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The API document, public (no token): {@code /v3/api-docs} (JSON), {@code /v3/api-docs.yaml} and Swagger UI at
 * {@code /docs} ({@code registry-api-docs-defaults.properties}).
 *
 * <p>The complete document covers both surfaces, so only a process that runs both can generate it: the backend
 * (springdoc, from the controllers and their response records), whose output is committed as {@code api/openapi.yaml}
 * and kept equal to the generated one by a test. A side on its own knows only its routes, so it does not generate: with
 * {@code springdoc.enable-default-api-docs=false} (command-side.yml, query-side.yml) springdoc's document routes are
 * off and {@link PackagedApiDocument} serves the committed document, packaged into this module's jar, at the same
 * paths. Behind the gateway every instance of either side answers the same complete document.
 */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:registry-api-docs-defaults.properties")
public class ApiDocsConfiguration {

    /** Where the build packages {@code api/openapi.yaml} (api-common's pom). */
    public static final String PACKAGED_DOCUMENT = "registry-api/openapi.yaml";
    /** springdoc's media type for the YAML form. */
    public static final String OPENAPI_YAML = "application/vnd.oai.openapi";

    /** The committed document at springdoc's paths, for a side that cannot generate the complete one. */
    @RestController
    @ConditionalOnProperty(name = "springdoc.enable-default-api-docs", havingValue = "false")
    public static class PackagedApiDocument {

        private final String yaml;
        private final String json;

        PackagedApiDocument() {
            ClassPathResource resource = new ClassPathResource(PACKAGED_DOCUMENT);
            try (InputStream in = resource.getInputStream()) {
                yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(yaml);
                json = new ObjectMapper().writeValueAsString(tree);
            } catch (IOException e) {
                throw new UncheckedIOException("The API document " + PACKAGED_DOCUMENT
                        + " is not on the classpath: api-common packages api/openapi.yaml", e);
            }
        }

        @GetMapping(value = "${springdoc.api-docs.path:/v3/api-docs}", produces = MediaType.APPLICATION_JSON_VALUE)
        public ResponseEntity<String> json() {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json);
        }

        @GetMapping(value = "${springdoc.api-docs.path:/v3/api-docs}.yaml", produces = OPENAPI_YAML)
        public ResponseEntity<String> yaml() {
            return ResponseEntity.ok().contentType(MediaType.parseMediaType(OPENAPI_YAML)).body(yaml);
        }
    }
}
