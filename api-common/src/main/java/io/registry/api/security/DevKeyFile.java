package io.registry.api.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Creates the {@code local} profile's signing key file before any instance starts, so that every instance reads
 * the same key (instances that each found no key would each create their own). A one-shot step of a deployment,
 * run from either side's executable jar:
 * {@code java -cp <side>-exec.jar -Dloader.main=io.registry.api.security.DevKeyFile
 * org.springframework.boot.loader.launch.PropertiesLauncher <key file>}. An existing key file is kept.
 */
public final class DevKeyFile {

    private DevKeyFile() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: DevKeyFile <key file>");
            System.exit(2);
        }
        Path keyFile = Path.of(args[0]);
        boolean existed = Files.exists(keyFile);
        DevTokenSigner.loadOrCreate(keyFile, Clock.systemUTC(), Duration.ofHours(1), DevTokenSigner.ISSUER);
        System.out.println((existed ? "Kept the dev signing key " : "Created the dev signing key ") + keyFile);
    }
}
