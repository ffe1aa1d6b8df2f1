package io.registry.stack;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * How to launch {@code kafka.Kafka} in a child JVM with the jars this JVM already has. This JVM's
 * {@code java.class.path} is passed verbatim when it covers the Kafka jar: plain {@code java -cp} runs, IDE runs
 * and Surefire (whose manifest-only booter jar lists the class path in its {@code Class-Path}). Inside a Spring
 * Boot executable jar the child uses Boot's {@code PropertiesLauncher} with {@code loader.main}.
 */
final class KafkaClasspath {

    /** The JVM arguments that come before the broker's own arguments: class path and main class. */
    static List<String> launch(String mainClass) {
        String override = System.getProperty("registry.stack.kafka-classpath");
        if (override != null && !override.isBlank()) {
            return List.of("-cp", override, mainClass);
        }
        URL location = codeSource();
        if (location != null && "file".equals(location.getProtocol())) {
            Path kafkaJar = toPath(location);
            String classPath = absolute(System.getProperty("java.class.path", ""));
            if (covers(classPath, kafkaJar)) {
                return List.of("-cp", classPath, mainClass);
            }
            String fromLoaders = classLoaderPath();
            if (!fromLoaders.isEmpty()) {
                return List.of("-cp", fromLoaders, mainClass);
            }
        }
        if (location != null && location.toString().startsWith("jar:nested:")) {
            String classPath = absolute(System.getProperty("java.class.path", ""));
            return List.of("-cp", classPath, "-Dloader.main=" + mainClass,
                    "org.springframework.boot.loader.launch.PropertiesLauncher");
        }
        throw new IllegalStateException("cannot build a class path for a Kafka child JVM from " + location
                + "; set -Dregistry.stack.kafka-classpath=...");
    }

    private static URL codeSource() {
        try {
            CodeSource source = Class.forName("kafka.Kafka", false, KafkaClasspath.class.getClassLoader())
                    .getProtectionDomain().getCodeSource();
            return source == null ? null : source.getLocation();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("kafka_2.13 is not on the class path", e);
        }
    }

    /** The child runs in another working folder: relative entries are made absolute against ours. */
    static String absolute(String classPath) {
        List<String> entries = new ArrayList<>();
        for (String element : classPath.split(File.pathSeparator)) {
            if (!element.isBlank()) {
                entries.add(element.endsWith("*") && !element.startsWith("/")
                        ? Path.of(element.substring(0, element.length() - 1)).toAbsolutePath() + File.separator + "*"
                        : Path.of(element).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    static boolean covers(String classPath, Path jar) {
        for (Path entry : entries(classPath)) {
            if (same(entry, jar)) {
                return true;
            }
        }
        return false;
    }

    /** Class path entries, with the {@code Class-Path} of manifest-only jars expanded. */
    private static Set<Path> entries(String classPath) {
        Set<Path> result = new LinkedHashSet<>();
        for (String element : classPath.split(File.pathSeparator)) {
            if (element.isBlank()) {
                continue;
            }
            Path path = Path.of(element).toAbsolutePath();
            result.add(path);
            if (element.endsWith(".jar") && Files.isRegularFile(path)) {
                result.addAll(manifestClassPath(path));
            }
        }
        return result;
    }

    private static List<Path> manifestClassPath(Path jar) {
        List<Path> result = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String value = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (value == null) {
                return result;
            }
            for (String item : value.trim().split("\\s+")) {
                try {
                    URL url = new URL(jar.toUri().toURL(), item);
                    if ("file".equals(url.getProtocol())) {
                        result.add(toPath(url));
                    }
                } catch (IOException | IllegalArgumentException e) {
                    // not a usable entry
                }
            }
        } catch (IOException e) {
            // not a readable jar
        }
        return result;
    }

    private static String classLoaderPath() {
        List<String> paths = new ArrayList<>();
        for (ClassLoader loader = KafkaClasspath.class.getClassLoader(); loader != null; loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    if ("file".equals(url.getProtocol())) {
                        paths.add(toPath(url).toString());
                    }
                }
            }
        }
        return String.join(File.pathSeparator, paths);
    }

    private static boolean same(Path a, Path b) {
        try {
            return Files.exists(a) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.normalize().equals(b.normalize());
        }
    }

    private static Path toPath(URL url) {
        try {
            return Path.of(url.toURI()).toAbsolutePath();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Path.of(url.getPath()).toAbsolutePath();
        }
    }

    private KafkaClasspath() {
    }
}
