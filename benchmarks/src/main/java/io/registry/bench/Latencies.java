package io.registry.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies of one series (HdrHistogram, microseconds, 3 significant digits) and its completions over time in
 * buckets of {@code bucketMillis} from {@link #start()}.
 */
public final class Latencies {

    private static final int MAX_BUCKETS = 20_000;

    private final String name;
    private final ConcurrentHistogram histogram = new ConcurrentHistogram(1, 600_000_000L, 3);
    private final AtomicLongArray buckets = new AtomicLongArray(MAX_BUCKETS);
    private final long bucketMillis;
    private volatile long startNanos = System.nanoTime();
    private volatile long endNanos;

    public Latencies(String name, long bucketMillis) {
        this.name = name;
        this.bucketMillis = bucketMillis;
    }

    public Latencies(String name) {
        this(name, 500);
    }

    public String name() {
        return name;
    }

    public Latencies start() {
        startNanos = System.nanoTime();
        return this;
    }

    public void stop() {
        endNanos = System.nanoTime();
    }

    /** Records one completed operation that took {@code nanos}; it completed now. */
    public void record(long nanos) {
        histogram.recordValue(Math.max(1, nanos / 1000));
        countNow(1);
    }

    /** Counts {@code n} completions now without a latency (throughput-only series). */
    public void countNow(long n) {
        long bucket = (System.nanoTime() - startNanos) / 1_000_000 / bucketMillis;
        if (bucket >= 0 && bucket < MAX_BUCKETS) {
            buckets.addAndGet((int) bucket, n);
        }
    }

    public long count() {
        return histogram.getTotalCount();
    }

    public double elapsedSeconds() {
        long end = endNanos == 0 ? System.nanoTime() : endNanos;
        return (end - startNanos) / 1e9;
    }

    public double percentileMillis(double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    public double meanMillis() {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMean() / 1000.0;
    }

    public double maxMillis() {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0;
    }

    public Histogram histogram() {
        return histogram;
    }

    /** Completions per second in each bucket, until the last non-empty one. */
    public List<double[]> throughputOverTime() {
        List<double[]> points = new ArrayList<>();
        int last = -1;
        for (int i = 0; i < MAX_BUCKETS; i++) {
            if (buckets.get(i) > 0) {
                last = i;
            }
        }
        for (int i = 0; i <= last; i++) {
            points.add(new double[] {(i + 1) * bucketMillis / 1000.0, buckets.get(i) * 1000.0 / bucketMillis});
        }
        return points;
    }

    /** Counts of latencies in log-spaced bins (ms): for a distribution plot. */
    public List<double[]> logHistogramMillis(int binsPerDecade) {
        List<double[]> bins = new ArrayList<>();
        if (histogram.getTotalCount() == 0) {
            return bins;
        }
        double min = Math.max(0.001, histogram.getMinValue() / 1000.0);
        double max = histogram.getMaxValue() / 1000.0;
        double step = Math.pow(10, 1.0 / binsPerDecade);
        double lower = Math.pow(10, Math.floor(Math.log10(min) * binsPerDecade) / binsPerDecade);
        while (lower <= max) {
            double upper = lower * step;
            long count = histogram.getCountBetweenValues((long) Math.ceil(lower * 1000), (long) Math.floor(upper * 1000) - 1);
            bins.add(new double[] {lower, upper, count});
            lower = upper;
        }
        return bins;
    }

    public Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("count", count());
        summary.put("elapsed_s", round(elapsedSeconds()));
        summary.put("per_s", round(count() / elapsedSeconds()));
        summary.put("mean_ms", round(meanMillis()));
        summary.put("p50_ms", round(percentileMillis(50)));
        summary.put("p90_ms", round(percentileMillis(90)));
        summary.put("p99_ms", round(percentileMillis(99)));
        summary.put("p99_9_ms", round(percentileMillis(99.9)));
        summary.put("max_ms", round(maxMillis()));
        return summary;
    }

    static Double round(double value) {
        if (!Double.isFinite(value)) {
            return null;
        }
        return Math.round(value * 1000.0) / 1000.0;
    }
}
