package io.registry.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The Elasticsearch integ-test distribution, unpacked once per version into the {@link StackCache} folder shared
 * by all stacks of this machine. Unpacked into a temporary folder and renamed, so a half-unpacked copy is never
 * used.
 */
final class ElasticsearchDistribution {

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchDistribution.class);
    private static final String COMPLETE = ".unpacked";

    private ElasticsearchDistribution() {
    }

    static synchronized Path home() {
        Path cache = StackCache.dir();
        Path home = cache.resolve("elasticsearch-" + MavenArtifacts.ELASTICSEARCH_VERSION);
        if (Files.exists(home.resolve(COMPLETE))) {
            return home;
        }
        try {
            StateDir.createReadableDirectories(cache);
            try (FileChannel channel = FileChannel.open(cache.resolve(".unpack.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (Files.exists(home.resolve(COMPLETE))) {
                    return home;
                }
                Path zip = MavenArtifacts.elasticsearchZip();
                LOG.info("unpacking {} into {}", zip, home);
                Path temp = cache.resolve(".tmp-" + UUID.randomUUID());
                unzip(zip, temp);
                Path unpacked;
                try (Stream<Path> top = Files.list(temp)) {
                    unpacked = top.filter(Files::isDirectory).findFirst()
                            .orElseThrow(() -> new IOException(zip + " has no top-level folder"));
                }
                Files.writeString(unpacked.resolve(COMPLETE), MavenArtifacts.ELASTICSEARCH_VERSION);
                StateDir.deleteRecursively(home);
                Files.move(unpacked, home, StandardCopyOption.ATOMIC_MOVE);
                StateDir.deleteRecursively(temp);
                return home;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack Elasticsearch into " + home, e);
        }
    }

    /** Unzips keeping the Unix modes stored in the zip (the JDK's zip file system exposes them). */
    private static void unzip(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        try (FileSystem fs = FileSystems.newFileSystem(zip, Map.of("enablePosixFileAttributes", "true"))) {
            Path rootInZip = fs.getPath("/");
            try (Stream<Path> entries = Files.walk(rootInZip)) {
                for (Path entry : (Iterable<Path>) entries::iterator) {
                    Path out = target.resolve(rootInZip.relativize(entry).toString());
                    if (Files.isDirectory(entry)) {
                        Files.createDirectories(out);
                        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
                    } else {
                        Files.createDirectories(out.getParent());
                        Files.copy(entry, out, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(out, readableByAll(permissions(entry)));
                    }
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(Path entry) {
        try {
            return Files.getPosixFilePermissions(entry);
        } catch (IOException | UnsupportedOperationException e) {
            return EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    /** Readable by everyone, and executable by everyone when the owner could execute it. */
    private static Set<PosixFilePermission> readableByAll(Set<PosixFilePermission> stored) {
        Set<PosixFilePermission> result = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if (stored.contains(PosixFilePermission.OWNER_EXECUTE) || stored.contains(PosixFilePermission.GROUP_EXECUTE)
                || stored.contains(PosixFilePermission.OTHERS_EXECUTE)) {
            result.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return result;
    }
}
