/**
 * Release-time validation and provisioning-time evaluation of package release metadata.
 *
 * <ul>
 *   <li>{@link io.registry.release.ReleaseMetadataValidator}: the one confirm-time entry point;
 *       returns every {@link io.registry.release.Violation} of {@code inputs}, {@code outputs},
 *       {@code links}, {@code properties}, {@code tags}.
 *   <li>{@link io.registry.release.SchemaSubsetChecker}: the supported JSON Schema 2020-12 subset.
 *   <li>{@link io.registry.release.CelBindingCompiler}: CEL compile checks of the bindings.
 *   <li>{@link io.registry.release.BindingEvaluator}: provisioning-time evaluation, bounded by
 *       {@link io.registry.release.EvaluationLimits}.
 * </ul>
 *
 * <p>Pure Java: no framework, no I/O. Size limits are in {@link io.registry.release.ReleaseLimits};
 * the module README collects the rules and decisions.
 */
package io.registry.release;
