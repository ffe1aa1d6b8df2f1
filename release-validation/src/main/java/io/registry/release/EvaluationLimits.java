package io.registry.release;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of one provisioning-time evaluation ({@link BindingEvaluator}).
 *
 * @param timeout wall-clock limit of one evaluation, measured from submission (schema validation
 *     of the install inputs or outputs included). Enforced twice: the caller stops waiting, and the
 *     evaluation itself checks the deadline after every CEL sub-expression and inside regex
 *     matching, so the worker stops too
 * @param comprehensionMaxIterations iterations of all CEL comprehensions of one evaluation
 *     together (cel-java counts per evaluation, so nested comprehensions share the budget)
 * @param maxResultNodes JSON nodes in one evaluation result
 * @param maxResultBytes serialized size of one evaluation result
 * @param maxInstallInputsBytes serialized size of the install inputs
 * @param maxEntityGraphBytes serialized size of the entity graph given to the outputs bindings
 * @param threads worker threads evaluating expressions (daemon threads, idle ones time out)
 * @param queueCapacity evaluations that may wait for a worker; beyond it they are refused
 */
public record EvaluationLimits(
    Duration timeout,
    int comprehensionMaxIterations,
    int maxResultNodes,
    int maxResultBytes,
    int maxInstallInputsBytes,
    int maxEntityGraphBytes,
    int threads,
    int queueCapacity) {

  public EvaluationLimits {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    requirePositive(comprehensionMaxIterations, "comprehensionMaxIterations");
    requirePositive(maxResultNodes, "maxResultNodes");
    requirePositive(maxResultBytes, "maxResultBytes");
    requirePositive(maxInstallInputsBytes, "maxInstallInputsBytes");
    requirePositive(maxEntityGraphBytes, "maxEntityGraphBytes");
    requirePositive(threads, "threads");
    requirePositive(queueCapacity, "queueCapacity");
  }

  /**
   * 2 s, 10,000 iterations, results up to 10,000 nodes and 256 KiB, install inputs up to 64 KiB,
   * entity graphs up to 1 MiB, 2 workers and 64 waiting evaluations.
   */
  public static EvaluationLimits defaults() {
    return new EvaluationLimits(
        Duration.ofSeconds(2), 10_000, 10_000, 256 * 1024, 64 * 1024, 1024 * 1024, 2, 64);
  }

  public EvaluationLimits withTimeout(Duration newTimeout) {
    return new EvaluationLimits(
        newTimeout,
        comprehensionMaxIterations,
        maxResultNodes,
        maxResultBytes,
        maxInstallInputsBytes,
        maxEntityGraphBytes,
        threads,
        queueCapacity);
  }

  public EvaluationLimits withComprehensionMaxIterations(int iterations) {
    return new EvaluationLimits(
        timeout,
        iterations,
        maxResultNodes,
        maxResultBytes,
        maxInstallInputsBytes,
        maxEntityGraphBytes,
        threads,
        queueCapacity);
  }

  private static void requirePositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
