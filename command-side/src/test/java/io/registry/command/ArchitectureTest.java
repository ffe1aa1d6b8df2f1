package io.registry.command;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Random;
import java.util.UUID;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The domain decides from commands and recorded events only: no framework edges, no clock, no randomness. */
class ArchitectureTest {

    private static final String DOMAIN = "io.registry.command.domain..";

    private static JavaClasses commandSide;

    @BeforeAll
    static void importClasses() {
        commandSide = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.registry.command");
    }

    private static ArchRule noInfrastructureIn(String packageIdentifier) {
        return noClasses().that().resideInAPackage(packageIdentifier)
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework.web..", "org.springframework.http..",
                        "co.elastic..", "org.elasticsearch..",
                        "org.apache.kafka..",
                        "software.amazon..",
                        "jakarta.servlet..",
                        "io.registry.command.web..", "io.registry.api.storage..", "io.registry.command.kafka..")
                .because("the domain must stay free of web, search, messaging and storage types");
    }

    private static ArchRule noClockIn(String packageIdentifier) {
        return noClasses().that().resideInAPackage(packageIdentifier)
                .should().dependOnClassesThat().areAssignableTo(Clock.class)
                .orShould().callMethodWhere(target(name("now")).and(target(owner(resideInAPackage("java.time..")))))
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .because("time comes in with the command, so recorded events are reproducible");
    }

    private static ArchRule noRandomnessIn(String packageIdentifier) {
        return noClasses().that().resideInAPackage(packageIdentifier)
                .should().callMethod(UUID.class, "randomUUID")
                .orShould().dependOnClassesThat().areAssignableTo(Random.class)
                .orShould().dependOnClassesThat().areAssignableTo(SecureRandom.class)
                .orShould().callMethod(Math.class, "random")
                .because("ids come in with the command, so recorded events are reproducible");
    }

    @Test
    void domain_doesNotDependOnWebSearchMessagingOrStorage() {
        noInfrastructureIn(DOMAIN).check(commandSide);
    }

    @Test
    void domain_doesNotReadTheClock() {
        noClockIn(DOMAIN).check(commandSide);
    }

    @Test
    void domain_doesNotGenerateRandomness() {
        noRandomnessIn(DOMAIN).check(commandSide);
    }

    /** Guards against rules that pass vacuously: the same rules do flag the layers that use these types. */
    @Test
    void theRules_detectViolations_outsideTheDomain() {
        assertThatThrownBy(() -> noInfrastructureIn("io.registry.command.web..").check(commandSide))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> noClockIn("io.registry.command.web..").check(commandSide))
                .isInstanceOf(AssertionError.class);
    }
}
