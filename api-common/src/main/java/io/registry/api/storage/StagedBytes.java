package io.registry.api.storage;

import software.amazon.awssdk.core.sync.RequestBody;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The bytes of a staged object, read once with their SHA-256: in memory up to {@value #IN_MEMORY_LIMIT} bytes, in a
 * temporary file beyond (deleted on close). What gets released is exactly what was digested.
 */
final class StagedBytes implements AutoCloseable {

    static final long IN_MEMORY_LIMIT = 8L * 1024 * 1024;

    private final byte[] memory;
    private final Path file;
    private final long size;
    private final String sha256;

    private StagedBytes(byte[] memory, Path file, long size, String sha256) {
        this.memory = memory;
        this.file = file;
        this.size = size;
        this.sha256 = sha256;
    }

    /** Reads at most {@code expectedSize} + 1 bytes (one more shows that the object grew while being read). */
    static StagedBytes read(InputStream in, long expectedSize) throws IOException {
        MessageDigest digest = sha256Digest();
        Path file = expectedSize > IN_MEMORY_LIMIT ? Files.createTempFile("registry-release-", ".bin") : null;
        ByteArrayOutputStream memory = file == null ? new ByteArrayOutputStream((int) expectedSize) : null;
        try (OutputStream sink = new DigestOutputStream(file != null ? Files.newOutputStream(file) : memory, digest)) {
            byte[] buffer = new byte[64 * 1024];
            long limit = expectedSize + 1;
            long size = 0;
            int n;
            while (size < limit && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - size))) != -1) {
                sink.write(buffer, 0, n);
                size += n;
            }
            return new StagedBytes(memory == null ? null : memory.toByteArray(), file, size,
                    HexFormat.of().formatHex(digest.digest()));
        } catch (IOException | RuntimeException e) {
            if (file != null) {
                Files.deleteIfExists(file);
            }
            throw e;
        }
    }

    long size() {
        return size;
    }

    String sha256() {
        return sha256;
    }

    RequestBody requestBody() {
        return memory != null ? RequestBody.fromBytes(memory) : RequestBody.fromFile(file);
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
