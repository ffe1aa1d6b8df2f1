package io.registry.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Directories to push. */
public final class Trees {

    /**
     * A file name that is not ASCII, where the JVM can name files so (its {@code sun.jnu.encoding}, from the locale, is
     * not plain ASCII); else an ASCII one.
     */
    public static final String NON_ASCII_NAME = java.nio.charset.Charset.forName(
            System.getProperty("sun.jnu.encoding", "UTF-8")).newEncoder().canEncode("\u00e9")
            ? "file-\u00e9t\u00e9.txt" : "file-ete.txt";

    private Trees() {
    }

    /** A small package: text, an executable, a symbolic link, a path over ustar's 100 characters, a non-ASCII name. */
    public static Path aTree(Path root) throws IOException {
        Files.createDirectories(root.resolve("src/nested"));
        Files.createDirectories(root.resolve("bin"));
        Files.writeString(root.resolve("package.json"), "{\"name\": \"demo\", \"version\": \"1.0.0\"}\n");
        Files.writeString(root.resolve("README.md"), "# demo\n");
        Files.writeString(root.resolve("src/index.js"), "console.log('hi');\n");
        Files.writeString(root.resolve("bin/tool"), "#!/bin/sh\necho tool\n");
        Files.setPosixFilePermissions(root.resolve("bin/tool"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path deep = Files.createDirectories(root.resolve("src/nested/" + "very-long-directory-name-".repeat(5)));
        Files.writeString(deep.resolve(NON_ASCII_NAME), "long and not ASCII\n");
        Files.createSymbolicLink(root.resolve("link-to-readme"), Path.of("README.md"));
        return root;
    }
}
