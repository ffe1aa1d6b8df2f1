package io.registry.stack;

import java.nio.file.Path;

/**
 * Where unpacked server binaries are kept between runs (Elasticsearch distribution, PostgreSQL binaries): root
 * uses {@code /var/cache/registry-stack} (the Elasticsearch server user must be able to read it; root's home is
 * usually 0700), others {@code ${XDG_CACHE_HOME:-~/.cache}/registry-stack}. {@code registry.stack.cache-dir} /
 * {@code REGISTRY_STACK_CACHE_DIR} override.
 */
final class StackCache {

    private StackCache() {
    }

    static Path dir() {
        String configured = System.getProperty("registry.stack.cache-dir", System.getenv("REGISTRY_STACK_CACHE_DIR"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        if (NativeElasticsearch.runningAsRoot()) {
            return Path.of("/var/cache/registry-stack");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("registry-stack");
    }
}
