package io.registry.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the stack on its own until the process is stopped (Ctrl-C / SIGTERM):
 * {@code java -cp <service-stack class path> io.registry.stack.StackMain [stateDir]}. The data is kept in
 * {@code stateDir} (default {@code $REGISTRY_STACK_DIR} or {@code ./.stack}); the Spring properties are printed
 * and written to {@code <stateDir>/stack.properties}.
 */
public final class StackMain {

    private StackMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String dir = args.length > 0 ? args[0] : System.getenv().getOrDefault("REGISTRY_STACK_DIR", ".stack");
        Path stateDir = Path.of(dir).toAbsolutePath();
        ServiceStack stack = ServiceStack.start(StackConfig.persistentIn(stateDir).withProgress(System.out::println));
        Path file = stateDir.resolve("stack.properties");
        stack.writeProperties(file);
        stack.springProperties().forEach((key, value) -> System.out.println(key + "=" + value));
        System.out.println("Written to " + file + "; Ctrl-C stops the stack.");
        new CountDownLatch(1).await();
    }
}
