package io.registry.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs {@code concurrency} threads, each doing its share of {@code total} operations in order; bounded by a
 * deadline. Counts failures and keeps the first; reports the CPU the load generator's own threads used.
 */
final class Workers {

    interface Operation {
        /** Operation {@code index} (0-based, of this worker's {@code count}) by worker {@code worker}. */
        void run(int worker, int index) throws Exception;
    }

    record Outcome(long completed, long failed, String firstError, double seconds, double generatorCpuSeconds,
                   boolean timedOut) {
        String errorNote() {
            return failed == 0 ? null : failed + " failed, first: " + firstError;
        }
    }

    private Workers() {
    }

    /** Worker {@code w} runs {@code total / concurrency} operations (the first {@code total % concurrency} one more). */
    static Outcome run(String name, int concurrency, int total, Duration limit, Operation operation) {
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong cpuNanos = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long deadline = System.nanoTime() + limit.toNanos();
        List<Thread> threads = new ArrayList<>();
        long begin = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            int count = total / concurrency + (w < total % concurrency ? 1 : 0);
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
                        try {
                            operation.run(worker, i);
                            completed.incrementAndGet();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        } catch (Exception | AssertionError e) {
                            failed.incrementAndGet();
                            firstError.compareAndSet(null, e.toString());
                            if (failed.get() > Math.max(20, total / 10)) {
                                return;
                            }
                        }
                    }
                } finally {
                    cpuNanos.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
                }
            }, "bench-" + name + "-" + w);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000 + 30_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        boolean timedOut = System.nanoTime() >= deadline && completed.get() + failed.get() < total;
        return new Outcome(completed.get(), failed.get(), firstError.get(), (System.nanoTime() - begin) / 1e9,
                cpuNanos.get() / 1e9, timedOut);
    }
}
