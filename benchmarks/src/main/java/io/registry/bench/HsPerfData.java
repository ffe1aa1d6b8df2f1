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
 * Reads counters of another HotSpot JVM from its perf-data file ({@code /tmp/hsperfdata_<user>/<pid>}, what jstat
 * reads), without attaching to it: heap use (the sum of the {@code sun.gc.generation.*.space.*.used} counters) and
 * time spent compiling.
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
        java.util.Map<String, Long> counters = counters(pid);
        long used = 0;
        boolean found = false;
        for (java.util.Map.Entry<String, Long> counter : counters.entrySet()) {
            if (SPACE_USED.matcher(counter.getKey()).matches()) {
                used += counter.getValue();
                found = true;
            }
        }
        return found ? used : -1;
    }

    /**
     * Seconds the JVM's JIT compilers have spent compiling since it started ({@code java.ci.totalTime}, what
     * {@code jstat -compiler} shows), or -1 when it publishes no perf data.
     */
    static double compileSeconds(long pid) {
        java.util.Map<String, Long> counters = counters(pid);
        Long ticks = counters.get("java.ci.totalTime");
        Long frequency = counters.get("sun.os.hrt.frequency");
        return ticks == null || frequency == null || frequency <= 0 ? -1 : ticks / (double) frequency;
    }

    /** Every scalar long counter of a JVM's perf data; empty when it has none. */
    static java.util.Map<String, Long> counters(long pid) {
        java.util.Map<String, Long> counters = new java.util.HashMap<>();
        Path file = fileOf(pid);
        if (file == null) {
            return counters;
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file));
            if (buffer.remaining() < 32 || buffer.getInt(0) != MAGIC) {
                return counters;
            }
            buffer.order(buffer.get(4) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            int offset = buffer.getInt(24);
            int entries = buffer.getInt(28);
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
                    counters.put(cString(buffer, offset + nameOffset), buffer.getLong(offset + dataOffset));
                }
                offset += length;
            }
        } catch (IOException | RuntimeException e) {
            return new java.util.HashMap<>();
        }
        return counters;
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
