package io.registry.release;

import static io.registry.release.ViolationCodes.BINDING_EVALUATION_FAILED;
import static io.registry.release.ViolationCodes.EVALUATION_LIMIT_EXCEEDED;
import static io.registry.release.ViolationCodes.EVALUATOR_UNAVAILABLE;
import static io.registry.release.ViolationCodes.OUTPUT_KEY_MISSING;
import static io.registry.release.ViolationCodes.OUTPUT_KEY_UNDECLARED;
import static io.registry.release.ViolationCodes.TOO_LARGE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelErrorCode;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Provisioning-time evaluation of a release's inputs and outputs bindings.
 *
 * <h2>Inputs</h2>
 *
 * {@link #evaluateInputs} takes the stored {@code inputs} ({@code {schema, bindings}}) and the
 * install inputs an installer supplied (absent = {@code {}}), then:
 *
 * <ol>
 *   <li>applies {@code default}s ({@link SchemaDefaults}): every property named in a schema's
 *       {@code properties} that the install inputs lack and whose schema has a {@code default}
 *       gets a copy of it, recursively through present objects, {@code additionalProperties} and
 *       {@code items} (done here rather than with the validator's walker so the rule is this one
 *       sentence; JSON {@code null} is a value, not a missing property). Release validation has
 *       checked that every default, so completed, satisfies its own schema;
 *   <li>validates the result against {@code inputs.schema} (networknt, dialect 2020-12, {@code
 *       format} an annotation only, {@code pattern} as ECMA-262: {@link InstanceValidator}), every
 *       violation reported ({@link InstallInputsInvalid});
 *   <li>evaluates {@code inputs.bindings} with {@code pkg = {"inputs": <those inputs>}} and returns
 *       the resulting map, the flat input map ({@code entities.inputs} later). Without bindings the
 *       validated inputs with defaults are the flat input map.
 * </ol>
 *
 * <h2>Outputs</h2>
 *
 * {@link #evaluateOutputs} evaluates {@code outputs.bindings} with {@code entities} bound to the
 * entity graph ({@code {"inputs": {...}, "<name>": {"href": "...", "outputs": {...}}, ...}}),
 * requires the keys of the result to equal the keys of {@code outputs.schema.properties} and
 * validates it against {@code outputs.schema} ({@link OutputsInvalid}). No outputs metadata yields
 * {@code {}}.
 *
 * <h2>Values</h2>
 *
 * JSON integers are bound as CEL {@code int} (Java {@code Long}), decimals as {@code double};
 * results come back as JSON (int stays integral, double stays double; bytes base64, timestamps RFC
 * 3339, durations {@code "1.5s"}). A result that is not a map with string keys, or contains NaN or
 * infinity, is a {@link BindingEvaluationFailed}, as is a result that still depends on a declared
 * but unbound variable (CEL returns an "unknown set" for those instead of failing).
 *
 * <h2>Bounds</h2>
 *
 * Every evaluation runs on a small pool of daemon threads and is bounded by {@link
 * EvaluationLimits}: the caller waits at most {@code timeout} and then gets {@link
 * EvaluationLimitExceeded}; the worker is interrupted and also stops by itself, because it checks
 * the deadline and its interrupt flag after every CEL sub-expression (cel-java's evaluation
 * listener), and schema pattern matching stops at the same deadline or interrupt ({@link
 * EcmaScriptRegex}). All comprehensions of one evaluation share one
 * iteration budget, which stops runaway nested comprehensions in milliseconds. Results are bounded
 * in nodes and bytes. A full queue, a closed evaluator or an interrupted caller give {@link
 * EvaluatorUnavailable}. The stored metadata is re-checked ({@link ReleaseMetadataValidator}) before
 * use, so no {@code $ref} can make the validator load anything.
 *
 * <p>Thread-safe. The CEL compilers, the CEL runtime and the schema factory are built once;
 * nothing is cached per evaluation. {@link #close()} stops the worker threads.
 */
public final class BindingEvaluator implements AutoCloseable {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final EvaluationLimits limits;
  private final ReleaseMetadataValidator metadataValidator;
  private final CelRuntime runtime;
  private final InstanceValidator instanceValidator = new InstanceValidator();
  private final ThreadPoolExecutor executor;

  public BindingEvaluator() {
    this(EvaluationLimits.defaults());
  }

  public BindingEvaluator(EvaluationLimits limits) {
    this(limits, new CelBindingCompiler());
  }

  /** Shares the CEL compilers of {@code compiler}. */
  public BindingEvaluator(EvaluationLimits limits, CelBindingCompiler compiler) {
    this.limits = limits;
    this.metadataValidator = new ReleaseMetadataValidator(compiler);
    this.runtime =
        CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(
                CelBindingCompiler.baseOptions()
                    .comprehensionMaxIterations(limits.comprehensionMaxIterations())
                    .build())
            .addLibraries(MixedNumericArithmetic.INSTANCE)
            .build();
    this.executor =
        new ThreadPoolExecutor(
            limits.threads(),
            limits.threads(),
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(limits.queueCapacity()),
            daemonThreads("release-bindings-" + POOLS.incrementAndGet() + "-"),
            new ThreadPoolExecutor.AbortPolicy());
    this.executor.allowCoreThreadTimeOut(true);
  }

  /**
   * Validates install inputs and assembles the flat input map.
   *
   * @param inputs the stored {@code inputs} metadata ({@code {schema?, bindings?}}), or absent
   * @param installInputs the installer's values (an object), or absent for {@code {}}
   * @return the flat input map
   * @throws InstallInputsInvalid the install inputs violate {@code inputs.schema}
   * @throws BindingEvaluationFailed {@code inputs.bindings} failed or did not yield a JSON map
   * @throws EvaluationLimitExceeded a bound of {@link EvaluationLimits} was hit
   * @throws EvaluatorUnavailable busy, closed or interrupted
   * @throws ReleaseMetadataInvalid the stored metadata does not pass release validation
   */
  public ObjectNode evaluateInputs(JsonNode inputs, JsonNode installInputs) {
    return run("/inputs", deadline -> inputs(inputs, installInputs, deadline));
  }

  /**
   * Projects the outputs of an installed package out of its resolved entity graph.
   *
   * @param outputs the stored {@code outputs} metadata ({@code {schema, bindings}}), or absent
   * @param entityGraph {@code {"inputs": {...}, "<name>": {"href": ..., "outputs": {...}}, ...}}
   * @return the outputs map
   * @throws OutputsInvalid the result violates {@code outputs.schema} or its keys differ
   * @throws BindingEvaluationFailed {@code outputs.bindings} failed or did not yield a JSON map
   * @throws EvaluationLimitExceeded a bound of {@link EvaluationLimits} was hit
   * @throws EvaluatorUnavailable busy, closed or interrupted
   * @throws ReleaseMetadataInvalid the stored metadata does not pass release validation
   * @throws IllegalArgumentException the entity graph is not a JSON object
   */
  public ObjectNode evaluateOutputs(JsonNode outputs, JsonNode entityGraph) {
    return run("/outputs", deadline -> outputs(outputs, entityGraph, deadline));
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  private ObjectNode inputs(JsonNode inputs, JsonNode installInputs, long deadline) {
    ReleaseMetadataValidator.BindingCheck check =
        metadataValidator.checkInputs(inputs, ReleaseMetadataValidator.Stage.PROVISIONING);
    if (!check.violations().isEmpty()) {
      throw new ReleaseMetadataInvalid("the stored inputs metadata is invalid", check.violations());
    }
    ObjectNode values = installInputsObject(installInputs);
    if (check.schema() != null) {
      try {
        SchemaDefaults.apply(check.schema(), values, ReleaseLimits.MAX_DEFAULTED_NODES);
      } catch (SchemaDefaults.TooManyNodes e) {
        throw new InstallInputsInvalid(
            "the install inputs are too large with their defaults",
            List.of(new Violation("", TOO_LARGE, e.getMessage())));
      }
      List<Violation> violations = instanceValidator.validate(check.schema(), values, deadline);
      if (!violations.isEmpty()) {
        throw new InstallInputsInvalid("the install inputs do not satisfy inputs.schema", violations);
      }
    }
    if (check.bindings() == null) {
      return values;
    }
    Map<String, Object> pkg = Map.of("inputs", CelValues.toCel(values));
    Object result =
        evaluate(
            "/inputs/bindings",
            check.bindings(),
            Map.of(CelBindingCompiler.INPUTS_VARIABLE, pkg),
            deadline);
    return toJsonResult("/inputs/bindings", result);
  }

  private ObjectNode installInputsObject(JsonNode installInputs) {
    if (ReleaseMetadataValidator.absent(installInputs)) {
      return NODES.objectNode();
    }
    if (!installInputs.isObject()) {
      throw new InstallInputsInvalid(
          "the install inputs must be a JSON object",
          List.of(
              new Violation(
                  "", "type",
                  "install inputs must be an object, got " + SchemaSubsetChecker.kind(installInputs))));
    }
    int bytes = ReleaseMetadataValidator.serializedSize(installInputs);
    if (bytes > limits.maxInstallInputsBytes()) {
      throw new InstallInputsInvalid(
          "the install inputs are too large",
          List.of(
              new Violation(
                  "", TOO_LARGE,
                  "install inputs are " + bytes + " bytes, more than "
                      + limits.maxInstallInputsBytes())));
    }
    return installInputs.deepCopy();
  }

  private ObjectNode outputs(JsonNode outputs, JsonNode entityGraph, long deadline) {
    if (ReleaseMetadataValidator.absent(outputs)) {
      return NODES.objectNode();
    }
    ReleaseMetadataValidator.BindingCheck check =
        metadataValidator.checkOutputs(outputs, ReleaseMetadataValidator.Stage.PROVISIONING);
    if (!check.violations().isEmpty()) {
      throw new ReleaseMetadataInvalid("the stored outputs metadata is invalid", check.violations());
    }
    JsonNode graph = ReleaseMetadataValidator.absent(entityGraph) ? NODES.objectNode() : entityGraph;
    if (!graph.isObject()) {
      throw new IllegalArgumentException(
          "the entity graph must be a JSON object, got " + SchemaSubsetChecker.kind(graph));
    }
    int bytes = ReleaseMetadataValidator.serializedSize(graph);
    if (bytes > limits.maxEntityGraphBytes()) {
      throw new EvaluationLimitExceeded(
          "the entity graph is too large",
          List.of(
              new Violation(
                  "/outputs/bindings", EVALUATION_LIMIT_EXCEEDED,
                  "the entity graph is " + bytes + " bytes, more than "
                      + limits.maxEntityGraphBytes())));
    }
    Object result =
        evaluate(
            "/outputs/bindings",
            check.bindings(),
            Map.of(CelBindingCompiler.OUTPUTS_VARIABLE, CelValues.toCel(graph)),
            deadline);
    ObjectNode values = toJsonResult("/outputs/bindings", result);
    List<Violation> violations = new ArrayList<>();
    Set<String> declared = ReleaseMetadataValidator.declaredKeys(check.schema());
    if (declared != null) {
      values.fieldNames().forEachRemaining(
          key -> {
            if (!declared.contains(key)) {
              violations.add(
                  new Violation(
                      JsonPointers.child("", key), OUTPUT_KEY_UNDECLARED,
                      "the outputs map has the key \"" + key
                          + "\", which outputs.schema.properties does not declare"));
            }
          });
      for (String key : declared) {
        if (!values.has(key)) {
          violations.add(
              new Violation(
                  JsonPointers.child("", key), OUTPUT_KEY_MISSING,
                  "outputs.schema.properties declares \"" + key
                      + "\" but the outputs map has no such key"));
        }
      }
    }
    violations.addAll(instanceValidator.validate(check.schema(), values, deadline));
    if (!violations.isEmpty()) {
      throw new OutputsInvalid("the outputs do not satisfy outputs.schema", violations);
    }
    return values;
  }

  /** Evaluates and converts on the calling thread; for tests of what the pool wraps. */
  ObjectNode evaluateHere(String pointer, CelAbstractSyntaxTree ast, Map<String, ?> variables) {
    long deadline = System.nanoTime() + limits.timeout().toNanos();
    return toJsonResult(pointer, evaluate(pointer, ast, variables, deadline));
  }

  /** Evaluates on the current (worker) thread, stopping at {@code deadline}. */
  Object evaluate(
      String pointer, CelAbstractSyntaxTree ast, Map<String, ?> variables, long deadline) {
    try {
      return runtime
          .createProgram(ast)
          .trace(
              variables,
              (expr, value) -> {
                if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
                  throw new DeadlineReached();
                }
              });
    } catch (DeadlineReached e) {
      throw timeout(pointer);
    } catch (CelEvaluationException e) {
      if (e.getCause() instanceof DeadlineReached) {
        throw timeout(pointer);
      }
      if (e.getErrorCode() == CelErrorCode.ITERATION_BUDGET_EXCEEDED) {
        throw new EvaluationLimitExceeded(
            "the bindings exceeded the comprehension iteration budget",
            List.of(
                new Violation(
                    pointer, EVALUATION_LIMIT_EXCEEDED,
                    "more than " + limits.comprehensionMaxIterations()
                        + " comprehension iterations in one evaluation: " + e.getMessage())),
            e);
      }
      throw new BindingEvaluationFailed(
          "the bindings failed to evaluate",
          List.of(new Violation(pointer, BINDING_EVALUATION_FAILED, e.getMessage())),
          e);
    }
  }

  private ObjectNode toJsonResult(String pointer, Object result) {
    ObjectNode node;
    try {
      node = CelValues.toJsonObject(result, limits.maxResultNodes());
    } catch (CelValues.NotJson | CelValues.Unknown e) {
      throw new BindingEvaluationFailed(
          "the bindings did not yield a JSON map",
          List.of(new Violation(pointer, BINDING_EVALUATION_FAILED, e.getMessage())));
    } catch (CelValues.TooManyNodes e) {
      throw new EvaluationLimitExceeded(
          "the bindings result is too large",
          List.of(new Violation(pointer, EVALUATION_LIMIT_EXCEEDED, e.getMessage())));
    }
    int bytes = ReleaseMetadataValidator.serializedSize(node);
    if (bytes > limits.maxResultBytes()) {
      throw new EvaluationLimitExceeded(
          "the bindings result is too large",
          List.of(
              new Violation(
                  pointer, EVALUATION_LIMIT_EXCEEDED,
                  "the result is " + bytes + " bytes, more than " + limits.maxResultBytes())));
    }
    return node;
  }

  private EvaluationLimitExceeded timeout(String pointer) {
    return new EvaluationLimitExceeded(
        "the evaluation timed out",
        List.of(
            new Violation(
                pointer, EVALUATION_LIMIT_EXCEEDED,
                "the evaluation took longer than " + limits.timeout().toMillis() + " ms")));
  }

  private interface Task {
    ObjectNode run(long deadline);
  }

  private ObjectNode run(String pointer, Task task) {
    long timeoutNanos = limits.timeout().toNanos();
    long deadline = System.nanoTime() + timeoutNanos;
    Future<ObjectNode> future;
    try {
      future = executor.submit(() -> task.run(deadline));
    } catch (RejectedExecutionException e) {
      throw new EvaluatorUnavailable(
          "the evaluation was refused",
          List.of(
              new Violation(
                  pointer, EVALUATOR_UNAVAILABLE,
                  executor.isShutdown()
                      ? "the evaluator is closed"
                      : "too many evaluations are waiting; try again later")),
          e);
    }
    try {
      return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw timeout(pointer);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new EvaluatorUnavailable(
          "the evaluation was interrupted",
          List.of(new Violation(pointer, EVALUATOR_UNAVAILABLE, "the caller was interrupted")),
          e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof EcmaScriptRegex.MatchAborted) {
        throw timeout(pointer);
      }
      if (cause instanceof RuntimeException runtimeException) {
        throw runtimeException;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("the evaluation failed unexpectedly", cause);
    }
  }

  /** Thrown by the evaluation listener once the deadline has passed or the worker is interrupted. */
  private static final class DeadlineReached extends RuntimeException {
    DeadlineReached() {
      super("evaluation deadline reached", null, false, false);
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
