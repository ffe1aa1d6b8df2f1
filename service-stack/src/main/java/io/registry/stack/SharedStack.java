package io.registry.stack;

/**
 * One {@link ServiceStack} per JVM for all integration tests: started on first use with
 * {@link StackConfig#forTests()}, stopped by the shutdown hook when the test JVM ends. Do not close it.
 */
public final class SharedStack {

    private static ServiceStack stack;
    private static RuntimeException failure;

    private SharedStack() {
    }

    public static synchronized ServiceStack get() {
        if (stack == null) {
            if (failure != null) {
                throw new IllegalStateException("the shared service stack failed to start earlier in this JVM", failure);
            }
            try {
                stack = ServiceStack.start(StackConfig.forTests());
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return stack;
    }
}
