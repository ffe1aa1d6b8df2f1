package io.registry.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Files of this checkout that tests use as they are shipped: the gateway template, the sides' executable jars. */
final class RepositoryFiles {

    private RepositoryFiles() {
    }

    /** The checkout's root: {@code registry.repository-root} (set by the build), else the first folder up with {@code mvnw}. */
    static Path root() {
        String configured = System.getProperty("registry.repository-root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("deploy"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
    }

    /** {@code <module>/target/<module>-<version>-exec.jar}, which {@code package} builds. */
    static Path execJar(String module) {
        Path target = root().resolve(module).resolve("target");
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> found = Files.newDirectoryStream(target, module + "-*-exec.jar")) {
                found.forEach(jars::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (jars.size() != 1) {
            throw new IllegalStateException("expected one executable jar " + target + "/" + module + "-*-exec.jar, found "
                    + jars + ": build it in the same run, e.g. ./mvnw -B -pl backend -am verify");
        }
        return jars.get(0);
    }
}
