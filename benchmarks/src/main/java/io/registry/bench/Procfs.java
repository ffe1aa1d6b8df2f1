package io.registry.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What Linux tells about a process in /proc: command line, memory, CPU time. Missing processes read as zero. */
final class Procfs {

    /** USER_HZ: clock ticks per second of /proc/[pid]/stat times (100 on every Linux this runs on). */
    static final double TICKS_PER_SECOND = 100.0;

    private Procfs() {
    }

    static String cmdline(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    raw[i] = ' ';
                }
            }
            return new String(raw, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** A {@code kB} field of /proc/[pid]/status (VmRSS, VmHWM), in bytes; 0 when unreadable. */
    static long statusKb(long pid, String field) {
        return kbField(Path.of("/proc", Long.toString(pid), "status"), field);
    }

    /** Proportional set size (shared pages divided among the processes sharing them), in bytes; -1 if unreadable. */
    static long pss(long pid) {
        long value = kbField(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss");
        return value == 0 ? -1 : value;
    }

    private static long kbField(Path file, String field) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(field + ":")) {
                    String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /**
     * CPU seconds of a process: its own user + system time, plus (when {@code withReapedChildren}) that of the
     * children it has waited for (PostgreSQL's postmaster reaps its backends).
     */
    static double cpuSeconds(long pid, boolean withReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state); utime=14, stime=15, cutime=16, cstime=17
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (withReapedChildren) {
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            }
            return ticks / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The process and all its live descendants. */
    static List<Long> tree(long pid) {
        List<Long> pids = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(root -> {
            pids.add(root.pid());
            root.descendants().forEach(d -> pids.add(d.pid()));
        });
        return pids;
    }

    static boolean isJava(long pid) {
        String command = cmdline(pid);
        int space = command.indexOf(' ');
        String executable = space < 0 ? command : command.substring(0, space);
        return executable.endsWith("/java") || executable.equals("java");
    }
}
