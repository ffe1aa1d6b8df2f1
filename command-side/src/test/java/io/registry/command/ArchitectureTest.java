package io.registry.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Random;
import java.util.UUID;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The domain decides from commands and recorded events only. What it may depend on is listed (an allow-list), so
 * a new dependency on a framework, the web, storage or I/O fails here without anyone having named it; and it
 * reads no clock and draws no random numbers.
 */
class ArchitectureTest {

    private static final String DOMAIN = "io.registry.command.domain..";
    private static final String ACCESS_MODEL = "io.registry.access..";

    /** Plain Java without I/O ({@code java.io}, {@code java.nio.file}, {@code java.net}, {@code java.sql} are not here). */
    private static final DescribedPredicate<JavaClass> PLAIN_JAVA = resideInAnyPackage(
            "java.lang..", "java.util..", "java.time..", "java.math..", "java.security");

    /** The public event contract (records, owner types, stores, release metadata). */
    private static final DescribedPredicate<JavaClass> EVENT_CONTRACT = resideInAPackage("io.registry.events..");

    /** As little of Axon as an annotated, event-sourced aggregate needs: its annotations and {@code apply}. */
    private static final DescribedPredicate<JavaClass> AXON_AGGREGATE_ANNOTATIONS = belongToAnyOf(
            AggregateRoot.class, AggregateIdentifier.class, TargetAggregateIdentifier.class, AggregateLifecycle.class,
            CommandHandler.class, EventSourcingHandler.class, SequenceNumber.class, MetaDataValue.class,
            org.axonframework.serialization.Revision.class);

    /** The free-form JSON that commands carry ({@code package_json}) and the event contract holds. */
    private static final DescribedPredicate<JavaClass> JSON_VALUES = belongToAnyOf(JsonNode.class);

    /** {@code manifest_sha} is the hash of canonical JSON, written by Jackson: only {@code ManifestSha} may use it. */
    private static final String CANONICAL_JSON_WRITER = "io.registry.command.domain.ManifestSha";

    private static JavaClasses commandSide;
    private static JavaClasses accessModel;

    @BeforeAll
    static void importClasses() {
        commandSide = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.registry.command");
        accessModel = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.registry.access");
    }

    private static DescribedPredicate<JavaClass> domainMayUse(String packageIdentifier) {
        return resideInAPackage(packageIdentifier).or(PLAIN_JAVA).or(EVENT_CONTRACT).or(resideInAPackage(ACCESS_MODEL))
                .or(AXON_AGGREGATE_ANNOTATIONS).or(JSON_VALUES);
    }

    private static ArchRule onlyAllowedDependenciesIn(String packageIdentifier) {
        return classes().that().resideInAPackage(packageIdentifier).and().doNotHaveFullyQualifiedName(CANONICAL_JSON_WRITER)
                .should().onlyDependOnClassesThat(domainMayUse(packageIdentifier))
                .because("the domain depends on plain Java, the event contract, the access model, the Axon annotations"
                        + " of an aggregate and JsonNode only");
    }

    private static ArchRule canonicalJsonWriterUsesJacksonBesides(String packageIdentifier) {
        return classes().that().haveFullyQualifiedName(CANONICAL_JSON_WRITER)
                .should().onlyDependOnClassesThat(domainMayUse(packageIdentifier)
                        .or(resideInAPackage("com.fasterxml.jackson..")))
                .because("manifest_sha is the SHA-256 of canonical JSON, which Jackson writes");
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
    void domain_dependsOnlyOnWhatItIsAllowed() {
        onlyAllowedDependenciesIn(DOMAIN).check(commandSide);
        canonicalJsonWriterUsesJacksonBesides(DOMAIN).check(commandSide);
    }

    @Test
    void accessModel_isPlainJava_overTheEventContract() {
        classes().that().resideInAPackage(ACCESS_MODEL)
                .should().onlyDependOnClassesThat(resideInAPackage(ACCESS_MODEL).or(PLAIN_JAVA).or(EVENT_CONTRACT))
                .because("the domain decides with it, and both sides share it")
                .check(accessModel);
    }

    @Test
    void theCommandSidesSlices_dependOnEachOtherWithoutCycles() {
        slices().matching("io.registry.command.(*)..").should().beFreeOfCycles().check(commandSide);
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
        assertThatThrownBy(() -> onlyAllowedDependenciesIn("io.registry.command.web..").check(commandSide))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("org.springframework");
        assertThatThrownBy(() -> onlyAllowedDependenciesIn("io.registry.command.expiry..").check(commandSide))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("org.axonframework.eventhandling.EventHandler");
        assertThatThrownBy(() -> noClockIn("io.registry.command.web..").check(commandSide))
                .isInstanceOf(AssertionError.class);
    }
}
