package io.registry.command.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.registry.events.ReleaseMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestShaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ENTITY = "acme-widget";
    private static final String VERSION = "2024.06.10-153042";
    private static final String SOURCE_HASH = "sha256:1111";
    private static final String STORAGE_PATH = "entities/acme-widget/versions/2024.06.10-153042/package.tgz";
    private static final long SIZE = 4096L;
    private static final String PACKAGE_SHA = "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c";
    private static final String LOCKFILE_SHA = "7d865e959b2466918c9863afca942d0fb89d7c9ac0c99bafc3749504ded97730";
    private static final List<String> DEPENDENCIES = List.of("auth", "billing");

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static JsonNode aPackageJson() {
        return json("{\"name\":\"acme-widget\",\"version\":\"1.0.0\",\"scripts\":{\"build\":\"tsc\",\"test\":\"jest\"}}");
    }

    private static ReleaseMetadata aRelease() {
        return new ReleaseMetadata("First release", "https://icons.example/v1.png",
                json("{\"schema\":{\"type\":\"object\",\"required\":[\"a\"]}}"), json("{\"schema\":{}}"),
                json("{\"docs\":\"https://docs.example\"}"), json("{\"urn:acme:tier\":\"gold\"}"),
                List.of("stable"));
    }

    private static String shaOf(String baseVersionId, String lockPath, JsonNode packageJson, ReleaseMetadata release) {
        return ManifestSha.of(ENTITY, VERSION, SOURCE_HASH, baseVersionId, STORAGE_PATH, SIZE, PACKAGE_SHA, lockPath,
                lockPath == null ? null : LOCKFILE_SHA, DEPENDENCIES, packageJson, release);
    }

    private static String aManifestSha() {
        return shaOf(null, null, aPackageJson(), aRelease());
    }

    @Test
    void isTheSha256OfTheCanonicalJson_withKeysSortedAtEveryLevel_noWhitespace_andNullsKept() throws Exception {
        String canonical = "{\"base_version_id\":null,\"entity_id\":\"acme-widget\",\"file_size_bytes\":4096,"
                + "\"lockfile_sha256\":null,"
                + "\"package_json\":{\"name\":\"acme-widget\",\"scripts\":{\"build\":\"tsc\",\"test\":\"jest\"},"
                + "\"version\":\"1.0.0\"},\"package_lock_path\":null,"
                + "\"package_sha256\":\"" + PACKAGE_SHA + "\","
                + "\"release\":{\"description\":null,\"icon_url\":null,\"inputs\":null,\"links\":null,"
                + "\"outputs\":null,\"properties\":null,\"tags\":[]},"
                + "\"service_dependencies\":[\"auth\",\"billing\"],\"source_hash\":\"sha256:1111\","
                + "\"storage_path\":\"entities/acme-widget/versions/2024.06.10-153042/package.tgz\","
                + "\"version_id\":\"2024.06.10-153042\"}";
        String expected = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));

        assertThat(shaOf(null, null, aPackageJson(), ReleaseMetadata.empty())).isEqualTo(expected);
    }

    @Test
    void isSixtyFourLowercaseHexCharacters() {
        assertThat(aManifestSha()).matches("[0-9a-f]{64}");
        assertThat(shaOf(null, null, null, ReleaseMetadata.empty())).matches("[0-9a-f]{64}");
    }

    @Test
    void isDeterministic() {
        assertThat(aManifestSha()).isEqualTo(aManifestSha());
    }

    @Test
    void doesNotDependOnTheKeyOrderOfPackageJson() {
        JsonNode reordered = json("{\"scripts\":{\"test\":\"jest\",\"build\":\"tsc\"},\"version\":\"1.0.0\",\"name\":\"acme-widget\"}");

        assertThat(shaOf(null, null, reordered, aRelease())).isEqualTo(aManifestSha());
    }

    @Test
    void doesNotDependOnTheKeyOrderOfReleaseJson() {
        ReleaseMetadata reordered = new ReleaseMetadata("First release", "https://icons.example/v1.png",
                json("{\"schema\":{\"required\":[\"a\"],\"type\":\"object\"}}"), json("{\"schema\":{}}"),
                json("{\"docs\":\"https://docs.example\"}"), json("{\"urn:acme:tier\":\"gold\"}"),
                List.of("stable"));

        assertThat(shaOf(null, null, aPackageJson(), reordered)).isEqualTo(aManifestSha());
    }

    @Test
    void isTheSameForAPackageJsonGivenAsAMap() {
        Map<String, Object> scripts = new LinkedHashMap<>();
        scripts.put("test", "jest");
        scripts.put("build", "tsc");
        Map<String, Object> packageJson = new LinkedHashMap<>();
        packageJson.put("version", "1.0.0");
        packageJson.put("scripts", scripts);
        packageJson.put("name", "acme-widget");

        assertThat(ManifestSha.of(ENTITY, VERSION, SOURCE_HASH, null, STORAGE_PATH, SIZE, PACKAGE_SHA, null, null, DEPENDENCIES,
                packageJson, aRelease())).isEqualTo(aManifestSha());
    }

    static Stream<Arguments> oneFieldChanged() {
        return Stream.of(
                changed("entity_id", () -> ManifestSha.of("other-entity", VERSION, SOURCE_HASH, null, STORAGE_PATH,
                        SIZE, PACKAGE_SHA, null, null, DEPENDENCIES, aPackageJson(), aRelease())),
                changed("version_id", () -> ManifestSha.of(ENTITY, "2024.06.10-153043", SOURCE_HASH, null,
                        STORAGE_PATH, SIZE, PACKAGE_SHA, null, null, DEPENDENCIES, aPackageJson(), aRelease())),
                changed("source_hash", () -> ManifestSha.of(ENTITY, VERSION, "sha256:2222", null, STORAGE_PATH,
                        SIZE, PACKAGE_SHA, null, null, DEPENDENCIES, aPackageJson(), aRelease())),
                changed("base_version_id", () -> shaOf("2024.01.01-000000", null, aPackageJson(), aRelease())),
                changed("storage_path", () -> ManifestSha.of(ENTITY, VERSION, SOURCE_HASH, null, STORAGE_PATH + "x",
                        SIZE, PACKAGE_SHA, null, null, DEPENDENCIES, aPackageJson(), aRelease())),
                changed("file_size_bytes", () -> ManifestSha.of(ENTITY, VERSION, SOURCE_HASH, null, STORAGE_PATH,
                        SIZE + 1, PACKAGE_SHA, null, null, DEPENDENCIES, aPackageJson(), aRelease())),
                changed("package_lock_path", () -> shaOf(null, "entities/acme-widget/versions/x/package-lock.json",
                        aPackageJson(), aRelease())),
                changed("package_sha256", () -> ManifestSha.of(ENTITY, VERSION, SOURCE_HASH, null, STORAGE_PATH,
                        SIZE, LOCKFILE_SHA, null, null, DEPENDENCIES, aPackageJson(), aRelease())),
                changed("lockfile_sha256", () -> ManifestSha.of(ENTITY, VERSION, SOURCE_HASH, null, STORAGE_PATH,
                        SIZE, PACKAGE_SHA, null, LOCKFILE_SHA, DEPENDENCIES, aPackageJson(), aRelease())),
                changed("service_dependencies", () -> ManifestSha.of(ENTITY, VERSION, SOURCE_HASH, null,
                        STORAGE_PATH, SIZE, PACKAGE_SHA, null, null, List.of("auth"), aPackageJson(), aRelease())),
                changed("service_dependencies order", () -> ManifestSha.of(ENTITY, VERSION, SOURCE_HASH, null,
                        STORAGE_PATH, SIZE, PACKAGE_SHA, null, null, List.of("billing", "auth"), aPackageJson(), aRelease())),
                changed("package_json value", () -> shaOf(null, null,
                        json("{\"name\":\"acme-widget\",\"version\":\"1.0.1\",\"scripts\":{\"build\":\"tsc\",\"test\":\"jest\"}}"),
                        aRelease())),
                changed("package_json nested value", () -> shaOf(null, null,
                        json("{\"name\":\"acme-widget\",\"version\":\"1.0.0\",\"scripts\":{\"build\":\"tsc -b\",\"test\":\"jest\"}}"),
                        aRelease())),
                changed("package_json absent", () -> shaOf(null, null, null, aRelease())),
                changed("release description", () -> shaOf(null, null, aPackageJson(),
                        new ReleaseMetadata("Second release", "https://icons.example/v1.png",
                                aRelease().inputs(), aRelease().outputs(), aRelease().links(),
                                aRelease().properties(), aRelease().tags()))),
                changed("release inputs", () -> shaOf(null, null, aPackageJson(),
                        new ReleaseMetadata("First release", "https://icons.example/v1.png",
                                json("{\"schema\":{\"type\":\"object\"}}"), aRelease().outputs(), aRelease().links(),
                                aRelease().properties(), aRelease().tags()))),
                changed("release tags", () -> shaOf(null, null, aPackageJson(),
                        new ReleaseMetadata("First release", "https://icons.example/v1.png",
                                aRelease().inputs(), aRelease().outputs(), aRelease().links(),
                                aRelease().properties(), List.of("stable", "ui")))),
                changed("release empty", () -> shaOf(null, null, aPackageJson(), ReleaseMetadata.empty())));
    }

    private static Arguments changed(String field, Supplier<String> sha) {
        return Arguments.of(field, sha);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneFieldChanged")
    void changesWhenAnyFieldChanges(String field, Supplier<String> shaWithTheChange) {
        assertThat(shaWithTheChange.get()).as(field).isNotEqualTo(aManifestSha());
    }
}
