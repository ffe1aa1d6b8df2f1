package io.registry.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the heap use of another HotSpot JVM from its perf-data file ({@code /tmp/hsperfdata_<user>/<pid>}, what
 * jstat reads), without attaching to it: the sum of the {@code sun.gc.generation.*.space.*.used} counters.
 */
final class HsPerfData {

    private static final int MAGIC = 0xcafec0c0;
    private static final Pattern SPACE_USED = Pattern.compile("sun\\.gc\\.generation\\.\\d+\\.space\\.\\d+\\.used");
    private static final Pattern XMX = Pattern.compile("-Xmx(\\d+)([kKmMgG]?)");

    private HsPerfData() {
    }

    static Path fileOf(long pid) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/tmp"), "hsperfdata_*")) {
            for (Path dir : dirs) {
                Path file = dir.resolve(Long.toString(pid));
                if (Files.isReadable(file)) {
                    return file;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** Heap bytes in use, or -1 when the JVM publishes no perf data (e.g. -XX:+PerfDisableSharedMem). */
    static long heapUsed(long pid) {
        Path file = fileOf(pid);
        if (file == null) {
            return -1;
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file));
            if (buffer.remaining() < 32 || buffer.getInt(0) != MAGIC) {
                return -1;
            }
            buffer.order(buffer.get(4) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            int offset = buffer.getInt(24);
            int entries = buffer.getInt(28);
            long used = 0;
            boolean found = false;
            for (int i = 0; i < entries && offset + 20 <= buffer.limit(); i++) {
                int length = buffer.getInt(offset);
                int nameOffset = buffer.getInt(offset + 4);
                int vectorLength = buffer.getInt(offset + 8);
                byte type = buffer.get(offset + 12);
                int dataOffset = buffer.getInt(offset + 16);
                if (length <= 0) {
                    break;
                }
                if (vectorLength == 0 && type == 'J') {
                    String name = cString(buffer, offset + nameOffset);
                    if (SPACE_USED.matcher(name).matches()) {
                        used += buffer.getLong(offset + dataOffset);
                        found = true;
                    }
                }
                offset += length;
            }
            return found ? used : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The -Xmx of a JVM's command line, in bytes; -1 when it has none. */
    static long maxHeapFromCommandLine(String commandLine) {
        Matcher matcher = XMX.matcher(commandLine);
        long value = -1;
        while (matcher.find()) {
            long n = Long.parseLong(matcher.group(1));
            value = switch (matcher.group(2).toLowerCase()) {
                case "k" -> n << 10;
                case "m" -> n << 20;
                case "g" -> n << 30;
                default -> n;
            };
        }
        return value;
    }

    private static String cString(ByteBuffer buffer, int at) {
        int end = at;
        while (end < buffer.limit() && buffer.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - at];
        buffer.get(at, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
