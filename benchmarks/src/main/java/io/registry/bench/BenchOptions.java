package io.registry.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sizes and switches of a run. {@code full} is what the README's results come from; {@code smoke} is a tiny run
 * that the test suite does, so the harness cannot rot. Every size can be overridden with {@code --name=value}.
 */
public final class BenchOptions {

    public enum Peer { AUTO, ON, OFF }

    String mode;
    Path resultsDir;
    Path workDir;
    Peer peer;
    String command = "(programmatic)";
    int entities;
    /** Warm-up publishes: at least {@code warmup}, then rounds until the rate levels off, at most {@code warmupMax}. */
    int warmup;
    int warmupMax;
    int publishC1;
    int publishC4;
    int publishHigh;
    int publishC64;
    int listingVersions;
    /** Package sizes of the page-latency curve; the one equal to listingVersions reuses the headline package. */
    java.util.List<Integer> listingSizes;
    int listingRepeats;
    int readAllRepeats;
    int packumentRepeats;
    int appendCommands;
    long rebuildEvents;
    /** Synthetic events of the curve's small rebuild, run at the start on a store holding nothing else; 0: none. */
    long rebuildSmallEvents;
    int lagBaseline;
    long sampleMillis;
    java.util.Set<String> skip = new java.util.TreeSet<>();
    /** Extra Spring properties for the backend ({@code --backend-prop=key=value}), e.g. to try a setting. */
    Map<String, String> backendProperties = new LinkedHashMap<>();

    public static BenchOptions full(Path moduleDir) {
        BenchOptions o = new BenchOptions();
        o.mode = "full";
        o.resultsDir = moduleDir.resolve("results");
        o.workDir = moduleDir.resolve("target/bench-full");
        o.peer = Peer.ON;
        o.entities = 64;
        // enough for the JIT: with 200 the backend still compiled its hot paths (C2, on the same 2 cores) through c=1
        // then on until the rate levels off: with 1,000 alone, C2 still compiled through the whole c=1 run; on 2 cores the
        // rate climbs until 7,000-8,500, with a false plateau near 3,000 (compilers still busy) that a rule alone took
        o.warmup = 8_000;
        o.warmupMax = 12_000;
        o.publishC1 = 1000;
        // c=4 and c=64 are the curve's other points: ~15-30 s each on a quiet 2-core machine (c=4 near 80/s, c=64
        // near c=16's throughput), so the whole run stays within ~15 minutes on a busier day
        o.publishC4 = 1000;
        o.publishHigh = 10_000;
        o.publishC64 = 3000;
        o.listingVersions = 10_000;
        o.listingSizes = java.util.List.of(100, 10_000, 100_000);
        o.listingRepeats = 200;
        o.readAllRepeats = 5;
        o.packumentRepeats = 30;
        o.appendCommands = 10_000;
        o.rebuildEvents = 1_000_000;
        o.rebuildSmallEvents = 100_000;
        o.lagBaseline = 500;
        o.sampleMillis = 500;
        return o;
    }

    public static BenchOptions smoke(Path moduleDir) {
        BenchOptions o = new BenchOptions();
        o.mode = "smoke";
        o.resultsDir = moduleDir.resolve("target/bench-smoke/results");
        o.workDir = moduleDir.resolve("target/bench-smoke");
        o.peer = Peer.OFF;
        o.entities = 16;
        o.warmup = 8;
        o.warmupMax = 8;
        o.publishC1 = 8;
        o.publishC4 = 8;
        o.publishHigh = 32;
        // c=64 on the smoke run's 16 entities would make workers share entities (and race): left out, explained
        o.publishC64 = 0;
        o.listingVersions = 201;
        o.listingSizes = java.util.List.of(20, 201);
        o.listingRepeats = 5;
        o.readAllRepeats = 1;
        o.packumentRepeats = 2;
        o.appendCommands = 32;
        o.rebuildEvents = 2_000;
        o.rebuildSmallEvents = 500;
        o.lagBaseline = 20;
        o.sampleMillis = 250;
        return o;
    }

    /** {@code --mode full|smoke}, then overrides: {@code --peer=on|off|auto}, {@code --results=DIR}, sizes. */
    public static BenchOptions parse(String[] args, Path moduleDir) {
        String mode = "full";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--mode") && i + 1 < args.length) {
                mode = args[i + 1];
            } else if (args[i].startsWith("--mode=")) {
                mode = args[i].substring("--mode=".length());
            }
        }
        BenchOptions o = switch (mode) {
            case "full" -> full(moduleDir);
            case "smoke" -> smoke(moduleDir);
            default -> throw new IllegalArgumentException("--mode must be full or smoke, not " + mode);
        };
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--mode")) {
                i++;
                continue;
            }
            if (!arg.startsWith("--") || !arg.contains("=")) {
                if (!arg.startsWith("--mode")) {
                    throw new IllegalArgumentException("unknown argument " + arg + " (use --name=value)");
                }
                continue;
            }
            String name = arg.substring(2, arg.indexOf('='));
            String value = arg.substring(arg.indexOf('=') + 1);
            switch (name) {
                case "mode" -> { }
                case "peer" -> o.peer = Peer.valueOf(value.toUpperCase());
                case "results" -> o.resultsDir = Path.of(value).toAbsolutePath();
                case "work" -> o.workDir = Path.of(value).toAbsolutePath();
                case "entities" -> o.entities = Integer.parseInt(value);
                case "warmup" -> {
                    o.warmup = Integer.parseInt(value);
                    o.warmupMax = Math.max(o.warmupMax, o.warmup);
                }
                case "warmup-max" -> o.warmupMax = Integer.parseInt(value);
                case "publish-c1" -> o.publishC1 = Integer.parseInt(value);
                case "publish-c4" -> o.publishC4 = Integer.parseInt(value);
                case "publish-c16" -> o.publishHigh = Integer.parseInt(value);
                case "publish-c64" -> o.publishC64 = Integer.parseInt(value);
                case "listing-versions" -> o.listingVersions = Integer.parseInt(value);
                case "listing-sizes" -> o.listingSizes = value.isBlank() ? java.util.List.of()
                        : java.util.Arrays.stream(value.split(",")).map(String::trim).map(Integer::parseInt).toList();
                case "listing-repeats" -> o.listingRepeats = Integer.parseInt(value);
                case "read-all-repeats" -> o.readAllRepeats = Integer.parseInt(value);
                case "packument-repeats" -> o.packumentRepeats = Integer.parseInt(value);
                case "append" -> o.appendCommands = Integer.parseInt(value);
                case "rebuild-events" -> o.rebuildEvents = Long.parseLong(value);
                case "rebuild-small-events" -> o.rebuildSmallEvents = Long.parseLong(value);
                case "lag-baseline" -> o.lagBaseline = Integer.parseInt(value);
                case "skip" -> o.skip.addAll(java.util.List.of(value.split(",")));
                case "backend-prop" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--backend-prop=key=value, not " + value);
                    }
                    o.backendProperties.put(value.substring(0, eq), value.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        o.command = "benchmarks/bench.sh " + String.join(" ", args);
        return o;
    }

    public BenchOptions withResultsDir(Path dir) {
        resultsDir = dir;
        return this;
    }

    /** Workloads left out (publish, lag-baselines, append, listing, peer, rebuild): their figures read "n/a (skipped)". */
    boolean runs(String workload) {
        return !skip.contains(workload);
    }

    /** The publishes of the run at concurrency {@code c} (one of Figures.PUBLISH_CONCURRENCIES); 0: not run. */
    int publishes(int c) {
        return switch (c) {
            case 1 -> publishC1;
            case 4 -> publishC4;
            case Figures.HIGH_CONCURRENCY -> publishHigh;
            case 64 -> publishC64;
            default -> throw new IllegalArgumentException("no publish run at c=" + c);
        };
    }

    public BenchOptions withPeer(Peer value) {
        peer = value;
        return this;
    }

    Map<String, Object> sizes() {
        Map<String, Object> sizes = new LinkedHashMap<>();
        sizes.put("entities_M", entities);
        sizes.put("warmup_publishes_min", warmup);
        sizes.put("warmup_publishes_max", warmupMax);
        for (int c : Figures.PUBLISH_CONCURRENCIES) {
            sizes.put("publish_c" + c + "_N", publishes(c));
        }
        sizes.put("listing_versions", listingVersions);
        sizes.put("listing_sizes", listingSizes);
        sizes.put("listing_repeats_per_position", listingRepeats);
        sizes.put("read_all_repeats", readAllRepeats);
        sizes.put("packument_repeats", packumentRepeats);
        sizes.put("append_commands", appendCommands);
        sizes.put("rebuild_synthetic_events", rebuildEvents);
        sizes.put("rebuild_small_synthetic_events", rebuildSmallEvents);
        sizes.put("lag_baseline_samples", lagBaseline);
        sizes.put("peer", peer.name().toLowerCase());
        if (!skip.isEmpty()) {
            sizes.put("skipped_workloads", skip);
        }
        if (!backendProperties.isEmpty()) {
            sizes.put("backend_properties", backendProperties);
        }
        return sizes;
    }
}
