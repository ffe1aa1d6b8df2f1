package io.registry.cli.api;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar on standard error for a transfer of a known size, redrawn at most ten times a second:
 * {@code [##########..........]  48%  12.0 MiB / 25.0 MiB  3.1 MiB/s}. {@link #NONE} draws nothing (standard output is
 * not a terminal, or the file is small).
 */
public class Progress {

    public static final Progress NONE = new Progress(null, "", 0);
    /** Smaller transfers finish before a bar would tell anything. */
    public static final long SHOWN_FROM_BYTES = 1024 * 1024;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final String label;
    private final long total;
    private final long started = System.nanoTime();
    private long done;
    private long drawnAt;

    private Progress(PrintWriter err, String label, long total) {
        this.err = err;
        this.label = label;
        this.total = total;
    }

    public static Progress of(boolean interactive, PrintWriter err, String label, long total) {
        return interactive && total >= SHOWN_FROM_BYTES ? new Progress(err, label, total) : NONE;
    }

    public synchronized void restart() {
        done = 0;
    }

    public synchronized void advance(long bytes) {
        if (err == null) {
            return;
        }
        done += bytes;
        long now = System.nanoTime();
        if (now - drawnAt >= 100_000_000L || done >= total) {
            drawnAt = now;
            draw(now);
        }
    }

    public synchronized void finish() {
        if (err != null) {
            draw(System.nanoTime());
            err.println();
            err.flush();
        }
    }

    private void draw(long now) {
        double fraction = total == 0 ? 1 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = Math.max((now - started) / 1e9, 1e-3);
        err.print(String.format(Locale.ROOT, "\r%s [%s%s] %3d%%  %s / %s  %s/s ", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), Math.round(fraction * 100), bytes(done), bytes(total),
                bytes((long) (done / seconds))));
        err.flush();
    }

    /** {@code 512 B}, {@code 1.5 KiB}, {@code 12.0 MiB}. */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
