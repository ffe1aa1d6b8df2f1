package io.registry.stack;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModeSelectionTest {

    private final AtomicInteger dockerAsked = new AtomicInteger();

    private BooleanSupplier docker(boolean answers) {
        return () -> {
            dockerAsked.incrementAndGet();
            return answers;
        };
    }

    private static Properties properties(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    @Test
    void auto_choosesNative_whenNoDatabaseUrlAndNoDocker() {
        var decision = ModeSelection.decide(Map.of(), properties(), docker(false));

        assertThat(decision.mode()).isEqualTo(StackMode.NATIVE);
        assertThat(decision.reason()).contains("no Docker engine answers");
    }

    @Test
    void auto_choosesTestcontainers_whenDockerAnswers() {
        var decision = ModeSelection.decide(Map.of(), properties(), docker(true));

        assertThat(decision.mode()).isEqualTo(StackMode.TESTCONTAINERS);
    }

    @Test
    void auto_choosesExternal_whenDatabaseUrlIsSet_withoutAskingDocker() {
        var decision = ModeSelection.decide(Map.of("REGISTRY_DB_URL", "jdbc:postgresql://db/registry"), properties(),
                docker(true));

        assertThat(decision.mode()).isEqualTo(StackMode.EXTERNAL);
        assertThat(decision.reason()).contains("REGISTRY_DB_URL");
        assertThat(dockerAsked).hasValue(0);
    }

    @Test
    void auto_ignoresABlankDatabaseUrl() {
        var decision = ModeSelection.decide(Map.of("REGISTRY_DB_URL", " "), properties(), docker(false));

        assertThat(decision.mode()).isEqualTo(StackMode.NATIVE);
    }

    @Test
    void environmentVariable_forcesTheMode_withoutAskingDocker() {
        var decision = ModeSelection.decide(Map.of("REGISTRY_STACK", "native", "REGISTRY_DB_URL", "jdbc:x"),
                properties(), docker(true));

        assertThat(decision.mode()).isEqualTo(StackMode.NATIVE);
        assertThat(decision.reason()).isEqualTo("environment variable REGISTRY_STACK=native");
        assertThat(dockerAsked).hasValue(0);
    }

    @Test
    void systemProperty_winsOverEnvironmentVariable() {
        var decision = ModeSelection.decide(Map.of("REGISTRY_STACK", "native"),
                properties("registry.stack", "Testcontainers"), docker(false));

        assertThat(decision.mode()).isEqualTo(StackMode.TESTCONTAINERS);
        assertThat(decision.reason()).startsWith("system property registry.stack");
    }

    @Test
    void explicitAuto_behavesLikeNoSetting() {
        var decision = ModeSelection.decide(Map.of("REGISTRY_STACK", "AUTO"), properties(), docker(true));

        assertThat(decision.mode()).isEqualTo(StackMode.TESTCONTAINERS);
    }

    @Test
    void external_canBeForced() {
        var decision = ModeSelection.decide(Map.of(), properties("registry.stack", "external"), docker(true));

        assertThat(decision.mode()).isEqualTo(StackMode.EXTERNAL);
    }

    @Test
    void unknownSetting_isRejected_namingTheSource() {
        assertThatThrownBy(() -> ModeSelection.decide(Map.of("REGISTRY_STACK", "docker"), properties(), docker(true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("REGISTRY_STACK=docker");
    }

    @Test
    void externalStack_listsEveryMissingVariable() {
        assertThatThrownBy(() -> ExternalStack.fromEnvironment(Map.of("REGISTRY_DB_URL", "jdbc:x"), StackConfig.forTests()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("REGISTRY_DB_USER")
                .hasMessageContaining("REGISTRY_KAFKA_BOOTSTRAP")
                .hasMessageContaining("REGISTRY_S3_SECRET_KEY")
                .hasMessageNotContaining("REGISTRY_S3_BUCKET,");
    }
}
