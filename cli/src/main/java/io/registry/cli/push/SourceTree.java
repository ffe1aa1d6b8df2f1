package io.registry.cli.push;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.Deflater;

/**
 * A directory as the registry CLI publishes it: its entries in a fixed order, the {@code source_hash} over them and a
 * reproducible {@code .tgz} of them (README "What push packs"). Only what the tree holds counts: names, contents,
 * whether a file is executable, symbolic links' targets. Owners, times and other permission bits do not, so the same
 * tree gives the same source_hash and the same bytes anywhere.
 *
 * <p>Entries: every directory, regular file and symbolic link below the root (links are stored as links, never
 * followed), but anything named {@code .git} (a repository, or the file of a worktree or submodule that points at
 * one); anything else (a FIFO, a device) is refused. Order: by the UTF-8 bytes of
 * the relative path ({@code /}-separated), so a directory precedes what it holds.
 *
 * <p>{@code source_hash} = {@code sha256:} + hex SHA-256 of the manifest: one record per entry, in that order,
 * {@code <kind> <mode> <digest> <path>} followed by a NUL byte, where kind is {@code dir}, {@code file} or
 * {@code symlink}; mode is {@code 755} for directories and executable files (owner execute bit set), {@code 644} for
 * other files and {@code 777} for links; digest is the hex SHA-256 of the file's content or of the link's target
 * (UTF-8), {@code -} for directories.
 *
 * <p>The archive: POSIX tar (PAX headers only where ustar cannot hold a name), the entries in that order, directory
 * names ending in {@code /}, mode as above, uid and gid 0, empty owner and group names, mtime 0 (1970-01-01); gzip at
 * level 9 with mtime 0, no file name, OS 255 (unknown).
 */
public final class SourceTree {

    public static final String GIT = ".git";

    public enum Kind {
        DIRECTORY("dir"), FILE("file"), SYMLINK("symlink");

        private final String manifestName;

        Kind(String manifestName) {
            this.manifestName = manifestName;
        }
    }

    /**
     * One entry. {@code digest} is the hex SHA-256 of a file's content or a link's target, null for a directory.
     */
    public record Entry(String path, Kind kind, int mode, Path location, long size, String linkTarget, String digest) {
    }

    /** The archive a tree was packed into. */
    public record Packed(Path file, long sizeBytes, String sha256) {
    }

    private static final Comparator<String> UTF8_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private final Path root;
    private final List<Entry> entries;

    private SourceTree(Path root, List<Entry> entries) {
        this.root = root;
        this.entries = entries;
    }

    /** Reads the tree below {@code root} and digests its files. */
    public static SourceTree scan(Path root) throws IOException {
        Path base = root.toRealPath();
        List<Entry> entries = new ArrayList<>();
        Files.walkFileTree(base, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                if (dir.equals(base)) {
                    return FileVisitResult.CONTINUE;
                }
                if (dir.getFileName().toString().equals(GIT)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                entries.add(new Entry(relative(base, dir), Kind.DIRECTORY, 0755, dir, 0, null, null));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (file.getFileName().toString().equals(GIT)) {
                    return FileVisitResult.CONTINUE;
                }
                String path = relative(base, file);
                if (attributes.isSymbolicLink()) {
                    String target = Files.readSymbolicLink(file).toString();
                    entries.add(new Entry(path, Kind.SYMLINK, 0777, file, 0, target,
                            sha256(target.getBytes(StandardCharsets.UTF_8))));
                } else if (attributes.isRegularFile()) {
                    entries.add(new Entry(path, Kind.FILE, executable(file) ? 0755 : 0644, file, attributes.size(),
                            null, sha256(file)));
                } else {
                    throw new IOException(path + " is neither a directory, a regular file nor a symbolic link");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                throw e;
            }
        });
        entries.sort(Comparator.comparing(Entry::path, UTF8_ORDER));
        return new SourceTree(base, List.copyOf(entries));
    }

    public Path root() {
        return root;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** What {@code source_hash} digests (class comment). */
    public byte[] manifest() {
        StringBuilder manifest = new StringBuilder();
        for (Entry entry : entries) {
            manifest.append(entry.kind().manifestName).append(' ')
                    .append(Integer.toOctalString(entry.mode())).append(' ')
                    .append(entry.digest() == null ? "-" : entry.digest()).append(' ')
                    .append(entry.path()).append('\0');
        }
        return manifest.toString().getBytes(StandardCharsets.UTF_8);
    }

    public String sourceHash() {
        return "sha256:" + sha256(manifest());
    }

    /** Writes the reproducible {@code .tgz} (class comment) to {@code target}. */
    public Packed packTo(Path target) throws IOException {
        MessageDigest digest = newDigest();
        GzipParameters gzip = new GzipParameters();
        gzip.setCompressionLevel(Deflater.BEST_COMPRESSION);
        gzip.setModificationTime(0);
        gzip.setOperatingSystem(255);
        try (OutputStream file = Files.newOutputStream(target);
             DigestOutputStream digesting = new DigestOutputStream(file, digest);
             GzipCompressorOutputStream gzipped = new GzipCompressorOutputStream(digesting, gzip);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gzipped, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (Entry entry : entries) {
                tar.putArchiveEntry(tarEntry(entry));
                if (entry.kind() == Kind.FILE) {
                    copyUnchanged(entry, tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        return new Packed(target, Files.size(target), HexFormat.of().formatHex(digest.digest()));
    }

    private static TarArchiveEntry tarEntry(Entry entry) {
        TarArchiveEntry tar;
        switch (entry.kind()) {
            case DIRECTORY:
                tar = new TarArchiveEntry(entry.path() + "/", TarConstants.LF_DIR);
                break;
            case SYMLINK:
                tar = new TarArchiveEntry(entry.path(), TarConstants.LF_SYMLINK);
                tar.setLinkName(entry.linkTarget());
                break;
            default:
                tar = new TarArchiveEntry(entry.path(), TarConstants.LF_NORMAL);
                tar.setSize(entry.size());
        }
        tar.setMode(entry.mode());
        tar.setUserId(0);
        tar.setGroupId(0);
        tar.setUserName("");
        tar.setGroupName("");
        tar.setModTime(0L);
        return tar;
    }

    /** The file's bytes as they were digested; a file changed since {@link #scan} fails the packing. */
    private static void copyUnchanged(Entry entry, OutputStream out) throws IOException {
        MessageDigest digest = newDigest();
        long copied;
        try (InputStream in = new DigestInputStream(Files.newInputStream(entry.location(), LinkOption.NOFOLLOW_LINKS),
                digest)) {
            copied = in.transferTo(out);
        }
        if (copied != entry.size() || !HexFormat.of().formatHex(digest.digest()).equals(entry.digest())) {
            throw new IOException(entry.path() + " changed while it was being packed; push again");
        }
    }

    private static boolean executable(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
                    .contains(PosixFilePermission.OWNER_EXECUTE);
        }
        return Files.isExecutable(file);
    }

    private static String relative(Path base, Path path) {
        StringBuilder relative = new StringBuilder();
        for (Path name : base.relativize(path)) {
            if (relative.length() > 0) {
                relative.append('/');
            }
            relative.append(name);
        }
        return relative.toString();
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
