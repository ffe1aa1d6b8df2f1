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
import java.util.function.Consumer;
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
    private static final String PINNED_FULL_MANIFEST_SHA =
            "c8ddc4a0feb5ed6233fcce1555d67a24d2af4243448bb519af789eb19dd355ba";

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

    /** A manifest's fields, each set to an example until a test changes it. */
    private static final class Fields {
        String entityId = ENTITY;
        String versionId = VERSION;
        String sourceHash = SOURCE_HASH;
        String baseVersionId;
        String storagePath = STORAGE_PATH;
        long fileSizeBytes = SIZE;
        String packageSha256 = PACKAGE_SHA;
        String lockfilePath;
        String lockfileSha256;
        List<String> serviceDependencies = DEPENDENCIES;
        JsonNode packageJson = aPackageJson();
        ReleaseMetadata release = aRelease();

        Manifest manifest() {
            return new Manifest(entityId, versionId, sourceHash, baseVersionId, storagePath, fileSizeBytes,
                    packageSha256, lockfilePath, lockfileSha256, serviceDependencies, packageJson, release);
        }
    }

    private static String shaWith(Consumer<Fields> change) {
        Fields fields = new Fields();
        change.accept(fields);
        return ManifestSha.of(fields.manifest());
    }

    private static String aManifestSha() {
        return shaWith(unchanged -> {
        });
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

        assertThat(shaWith(f -> f.release = ReleaseMetadata.empty())).isEqualTo(expected);
    }

    @Test
    void isSixtyFourLowercaseHexCharacters() {
        assertThat(aManifestSha()).matches("[0-9a-f]{64}");
        assertThat(shaWith(f -> {
            f.packageJson = null;
            f.release = ReleaseMetadata.empty();
        })).matches("[0-9a-f]{64}");
    }

    @Test
    void isDeterministic() {
        assertThat(aManifestSha()).isEqualTo(aManifestSha());
    }

    @Test
    void doesNotDependOnTheKeyOrderOfPackageJson() {
        JsonNode reordered = json("{\"scripts\":{\"test\":\"jest\",\"build\":\"tsc\"},\"version\":\"1.0.0\",\"name\":\"acme-widget\"}");

        assertThat(shaWith(f -> f.packageJson = reordered)).isEqualTo(aManifestSha());
    }

    @Test
    void doesNotDependOnTheKeyOrderOfReleaseJson() {
        ReleaseMetadata reordered = new ReleaseMetadata("First release", "https://icons.example/v1.png",
                json("{\"schema\":{\"required\":[\"a\"],\"type\":\"object\"}}"), json("{\"schema\":{}}"),
                json("{\"docs\":\"https://docs.example\"}"), json("{\"urn:acme:tier\":\"gold\"}"),
                List.of("stable"));

        assertThat(shaWith(f -> f.release = reordered)).isEqualTo(aManifestSha());
    }

    @Test
    void isTheSameForAPackageJsonBuiltInAnotherOrder() {
        Map<String, Object> scripts = new LinkedHashMap<>();
        scripts.put("test", "jest");
        scripts.put("build", "tsc");
        Map<String, Object> packageJson = new LinkedHashMap<>();
        packageJson.put("version", "1.0.0");
        packageJson.put("scripts", scripts);
        packageJson.put("name", "acme-widget");

        assertThat(shaWith(f -> f.packageJson = JSON.valueToTree(packageJson))).isEqualTo(aManifestSha());
    }

    /** Every field set, a lockfile included: the value a confirmation with these fields has always recorded. */
    @Test
    void isPinned_forAManifestWithEveryField() {
        assertThat(shaWith(f -> {
            f.baseVersionId = "2024.01.01-000000";
            f.lockfilePath = "entities/acme-widget/versions/2024.06.10-153042/package-lock.json";
            f.lockfileSha256 = LOCKFILE_SHA;
        })).isEqualTo(PINNED_FULL_MANIFEST_SHA);
    }

    static Stream<Arguments> oneFieldChanged() {
        return Stream.of(
                changed("entity_id", f -> f.entityId = "other-entity"),
                changed("version_id", f -> f.versionId = "2024.06.10-153043"),
                changed("source_hash", f -> f.sourceHash = "sha256:2222"),
                changed("base_version_id", f -> f.baseVersionId = "2024.01.01-000000"),
                changed("storage_path", f -> f.storagePath = STORAGE_PATH + "x"),
                changed("file_size_bytes", f -> f.fileSizeBytes = SIZE + 1),
                changed("package_lock_path", f -> f.lockfilePath = "entities/acme-widget/versions/x/package-lock.json"),
                changed("package_sha256", f -> f.packageSha256 = LOCKFILE_SHA),
                changed("lockfile_sha256", f -> f.lockfileSha256 = LOCKFILE_SHA),
                changed("service_dependencies", f -> f.serviceDependencies = List.of("auth")),
                changed("service_dependencies order", f -> f.serviceDependencies = List.of("billing", "auth")),
                changed("package_json value", f -> f.packageJson =
                        json("{\"name\":\"acme-widget\",\"version\":\"1.0.1\",\"scripts\":{\"build\":\"tsc\",\"test\":\"jest\"}}")),
                changed("package_json nested value", f -> f.packageJson =
                        json("{\"name\":\"acme-widget\",\"version\":\"1.0.0\",\"scripts\":{\"build\":\"tsc -b\",\"test\":\"jest\"}}")),
                changed("package_json absent", f -> f.packageJson = null),
                changed("release description", f -> f.release = new ReleaseMetadata("Second release",
                        "https://icons.example/v1.png", aRelease().inputs(), aRelease().outputs(), aRelease().links(),
                        aRelease().properties(), aRelease().tags())),
                changed("release inputs", f -> f.release = new ReleaseMetadata("First release",
                        "https://icons.example/v1.png", json("{\"schema\":{\"type\":\"object\"}}"),
                        aRelease().outputs(), aRelease().links(), aRelease().properties(), aRelease().tags())),
                changed("release tags", f -> f.release = new ReleaseMetadata("First release",
                        "https://icons.example/v1.png", aRelease().inputs(), aRelease().outputs(), aRelease().links(),
                        aRelease().properties(), List.of("stable", "ui"))),
                changed("release empty", f -> f.release = ReleaseMetadata.empty()));
    }

    private static Arguments changed(String field, Consumer<Fields> change) {
        return Arguments.of(field, (Supplier<String>) () -> shaWith(change));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneFieldChanged")
    void changesWhenAnyFieldChanges(String field, Supplier<String> shaWithTheChange) {
        assertThat(shaWithTheChange.get()).as(field).isNotEqualTo(aManifestSha());
    }
}
