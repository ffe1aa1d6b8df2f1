package io.registry.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code benchmarks/bench.sh [--mode full|smoke] [--name=value ...]}: runs the harness, prints the table, writes
 * {@code results/latest.json}, {@code latest.html} and {@code latest.txt} (smoke: under target/).
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        Path moduleDir = Path.of(System.getProperty("bench.module.dir",
                Files.isDirectory(Path.of("benchmarks")) ? "benchmarks" : ".")).toAbsolutePath().normalize();
        BenchOptions options = BenchOptions.parse(args, moduleDir);
        Report report = Harness.run(options, BenchmarkMain::say);
        ReportWriter.write(report, options.resultsDir);
        if (options.resultsDir.equals(moduleDir.resolve("results"))) {
            ReportWriter.updateReadme(report, moduleDir.resolve("README.md"), options.command);
        }
        System.out.println();
        System.out.println(report.table());
        say("Results: " + options.resultsDir.resolve("latest.json") + ", " + options.resultsDir.resolve("latest.html"));
        System.exit(0);
    }

    static void say(String line) {
        System.out.println("[bench] " + line);
        System.out.flush();
    }
}
