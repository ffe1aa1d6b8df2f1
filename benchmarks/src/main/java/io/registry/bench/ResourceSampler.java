package io.registry.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Samples every service's memory and CPU from /proc (and heap use of the JVMs from their perf data) at a fixed
 * period, keeps the peaks, a time series for the plots, and CPU seconds per benchmark phase.
 *
 * <p>RSS of a service is the sum over its process tree of PSS (proportional set size: shared pages are split among
 * the processes sharing them, so PostgreSQL's shared buffers are not counted once per backend); where PSS cannot
 * be read, VmRSS.
 */
final class ResourceSampler implements AutoCloseable {

    /** This JVM: the harness, the load generator and the watchers (not a service: not in the totals). */
    static final String SELF = "load generator";

    /** One monitored service: a process tree (or this JVM alone). */
    private static final class Group {
        final String name;
        final long rootPid;
        final List<Long> roots;
        final boolean self;
        final LongSupplier heapFallback;
        volatile boolean frozen;
        long peakRss;
        long peakHeap = -1;
        long maxHeap = -1;
        double lastCpu;
        final List<double[]> rssSeries = new ArrayList<>();
        final List<double[]> heapSeries = new ArrayList<>();
        final List<double[]> cpuSeries = new ArrayList<>();

        Group(String name, List<Long> roots, boolean self, LongSupplier heapFallback) {
            this.name = name;
            this.rootPid = roots.get(0);
            this.roots = roots;
            this.self = self;
            this.heapFallback = heapFallback;
        }
    }

    record Phase(String name, String startedAt, double startSeconds, double seconds, Map<String, Double> cpuSeconds) {
    }

    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    private final List<String> order = new ArrayList<>();
    private final long periodMillis;
    private final long startNanos = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;
    private final List<Phase> phases = new ArrayList<>();
    private String phaseName = "start";
    private double phaseStart;
    private java.time.Instant phaseStartedAt = java.time.Instant.now();
    private Map<String, Double> phaseCpuStart = new LinkedHashMap<>();
    private long lastHeapFallbackNanos;

    ResourceSampler(long periodMillis) {
        this.periodMillis = periodMillis;
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        add(SELF, List.of(ProcessHandle.current().pid()), true, null);
        this.thread = new Thread(this::loop, "bench-sampler");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    synchronized void add(String name, long pid, LongSupplier heapFallback) {
        add(name, List.of(pid), false, heapFallback);
    }

    /** A service of several processes (e.g. Elasticsearch's launcher and server): the union of their trees. */
    synchronized void add(String name, List<Long> pids, LongSupplier heapFallback) {
        add(name, pids, false, heapFallback);
    }

    private synchronized void add(String name, List<Long> pids, boolean self, LongSupplier heapFallback) {
        Group group = new Group(name, pids, self, heapFallback);
        if (self) {
            group.maxHeap = Runtime.getRuntime().maxMemory();
        }
        groups.put(name, group);
        if (!order.contains(name)) {
            order.add(name);
        }
        sample(group, seconds());
        phaseCpuStart.putIfAbsent(name, group.lastCpu);
    }

    /** Stops updating the peaks of a service (it stopped). */
    synchronized void freeze(String name) {
        Group group = groups.get(name);
        if (group != null) {
            sample(group, seconds());
            group.frozen = true;
        }
    }

    synchronized void phase(String name) {
        double now = seconds();
        Map<String, Double> cpu = new LinkedHashMap<>();
        Map<String, Double> starts = new LinkedHashMap<>();
        for (String groupName : order) {
            Group group = groups.get(groupName);
            double current = group.frozen && !group.self ? group.lastCpu : cpuOf(group);
            cpu.put(groupName, round(current - phaseCpuStart.getOrDefault(groupName, current)));
            starts.put(groupName, current);
        }
        phases.add(new Phase(phaseName, phaseStartedAt.toString(), round(phaseStart), round(now - phaseStart), cpu));
        phaseStartedAt = java.time.Instant.now();
        phaseName = name;
        phaseStart = now;
        phaseCpuStart = starts;
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                double now = seconds();
                for (String name : order) {
                    Group group = groups.get(name);
                    if (!group.frozen) {
                        sample(group, now);
                    }
                }
            }
        }
    }

    private void sample(Group group, double now) {
        long rss = 0;
        long heap = -1;
        if (group.self) {
            long pid = group.rootPid;
            long pss = Procfs.pss(pid);
            rss = pss > 0 ? pss : Procfs.statusKb(pid, "VmRSS");
            heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        } else {
            java.util.Collection<Long> tree = treeOf(group);
            long maxHeap = 0;
            for (long pid : tree) {
                long pss = Procfs.pss(pid);
                rss += pss > 0 ? pss : Procfs.statusKb(pid, "VmRSS");
                if (Procfs.isJava(pid)) {
                    long used = HsPerfData.heapUsed(pid);
                    if (used >= 0) {
                        heap = Math.max(heap, 0) + used;
                    }
                    long xmx = HsPerfData.maxHeapFromCommandLine(Procfs.cmdline(pid));
                    if (xmx > 0) {
                        maxHeap += xmx;
                    }
                }
            }
            if (maxHeap > 0) {
                group.maxHeap = Math.max(group.maxHeap, maxHeap);
            }
            if (heap < 0 && group.heapFallback != null && System.nanoTime() - lastHeapFallbackNanos > 2_000_000_000L) {
                lastHeapFallbackNanos = System.nanoTime();
                try {
                    heap = group.heapFallback.getAsLong();
                } catch (RuntimeException e) {
                    heap = -1;
                }
            }
        }
        if (rss > 0) {
            group.peakRss = Math.max(group.peakRss, rss);
            group.rssSeries.add(new double[] {round(now), round(rss / 1048576.0)});
        }
        if (heap >= 0) {
            group.peakHeap = Math.max(group.peakHeap, heap);
            group.heapSeries.add(new double[] {round(now), round(heap / 1048576.0)});
        }
        double cpu = cpuOf(group);
        if (!group.cpuSeries.isEmpty() || cpu > 0) {
            group.cpuSeries.add(new double[] {round(now), round(cpu)});
        }
        group.lastCpu = cpu;
    }

    private static double cpuOf(Group group) {
        if (group.self) {
            return Procfs.cpuSeconds(group.rootPid, false);
        }
        double cpu = 0;
        for (long pid : treeOf(group)) {
            cpu += Procfs.cpuSeconds(pid, group.roots.contains(pid));
        }
        return cpu;
    }

    private static java.util.Collection<Long> treeOf(Group group) {
        java.util.Set<Long> pids = new java.util.LinkedHashSet<>();
        group.roots.forEach(root -> pids.addAll(Procfs.tree(root)));
        return pids;
    }

    private double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    synchronized long peakRss(String name) {
        Group group = groups.get(name);
        return group == null ? -1 : group.peakRss;
    }

    synchronized long peakHeap(String name) {
        Group group = groups.get(name);
        return group == null ? -1 : group.peakHeap;
    }

    synchronized long maxHeap(String name) {
        Group group = groups.get(name);
        return group == null ? -1 : group.maxHeap;
    }

    synchronized List<String> names() {
        return List.copyOf(order);
    }

    synchronized List<Phase> phases() {
        return List.copyOf(phases);
    }

    synchronized Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("period_ms", periodMillis);
        Map<String, Object> services = new LinkedHashMap<>();
        for (String name : order) {
            Group group = groups.get(name);
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("root_pids", group.roots);
            g.put("peak_rss_mib", round(group.peakRss / 1048576.0));
            g.put("peak_heap_used_mib", group.peakHeap < 0 ? null : round(group.peakHeap / 1048576.0));
            g.put("max_heap_mib", group.maxHeap < 0 ? null : round(group.maxHeap / 1048576.0));
            g.put("rss_mib_over_time", group.rssSeries);
            g.put("heap_mib_over_time", group.heapSeries);
            g.put("cpu_s_over_time", group.cpuSeries);
            services.put(name, g);
        }
        json.put("services", services);
        json.put("phases", phases);
        return json;
    }

    synchronized List<double[]> rssSeries(String name) {
        Group group = groups.get(name);
        return group == null ? List.of() : List.copyOf(group.rssSeries);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

    private static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}
