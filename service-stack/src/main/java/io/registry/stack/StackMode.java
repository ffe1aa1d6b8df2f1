package io.registry.stack;

/** Where the services of a {@link ServiceStack} come from. */
public enum StackMode {
    /** Real servers started from Maven Central artifacts as child processes of this JVM. */
    NATIVE,
    /** Docker containers started with Testcontainers. */
    TESTCONTAINERS,
    /** Servers that already run elsewhere, named by {@code REGISTRY_*} environment variables. */
    EXTERNAL
}
