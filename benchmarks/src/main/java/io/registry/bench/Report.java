package io.registry.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a run produced: the figures, the details for the JSON file, and the series for the plots. */
public final class Report {

    /** A plot: latency distributions (log-binned histograms) or throughput over time, or a raw series. */
    record Chart(String title, String kind, String xLabel, String yLabel, Map<String, List<double[]>> series) {
    }

    private final Figures figures = new Figures();
    private final Map<String, Object> json = new LinkedHashMap<>();
    private final Map<String, Object> workloads = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Chart> charts = new ArrayList<>();
    private final List<Curve> curves = new ArrayList<>();
    private String cpuTable = "";

    Report() {
        json.put("figures", null);
        json.put("workloads", workloads);
        json.put("notes", notes);
        json.put("curves", null);
    }

    public Figures figures() {
        return figures;
    }

    public Map<String, Object> json() {
        return json;
    }

    Map<String, Object> workloads() {
        return workloads;
    }

    public List<String> notes() {
        return notes;
    }

    List<Chart> charts() {
        return charts;
    }

    /** A scaling curve: its table (and how it grows) in the text, its plot in the HTML, its rows in the JSON. */
    void curve(Curve curve) {
        curves.add(curve);
    }

    List<Curve> curves() {
        return curves;
    }

    void cpuTable(String table) {
        cpuTable = table;
    }

    String cpuTable() {
        return cpuTable;
    }

    void note(String note) {
        notes.add(note);
    }

    void latencyChart(String title, Latencies... series) {
        Map<String, List<double[]>> map = new LinkedHashMap<>();
        for (Latencies latencies : series) {
            if (latencies != null && latencies.count() > 0) {
                long total = latencies.count();
                List<double[]> points = new ArrayList<>();
                for (double[] bin : latencies.logHistogramMillis(10)) {
                    points.add(new double[] {Math.sqrt(bin[0] * bin[1]), 100.0 * bin[2] / total});
                }
                map.put(latencies.name() + String.format(" (n=%d, p50 %.1f ms, p99 %.1f ms)", total,
                        latencies.percentileMillis(50), latencies.percentileMillis(99)), points);
            }
        }
        if (!map.isEmpty()) {
            charts.add(new Chart(title, "latency", "latency (ms, log scale)", "% of requests", map));
        }
    }

    void throughputChart(String title, String unit, Latencies... series) {
        Map<String, List<double[]>> map = new LinkedHashMap<>();
        for (Latencies latencies : series) {
            if (latencies != null && !latencies.throughputOverTime().isEmpty()) {
                map.put(latencies.name(), latencies.throughputOverTime());
            }
        }
        if (!map.isEmpty()) {
            charts.add(new Chart(title, "time", "seconds since the workload started", unit, map));
        }
    }

    void seriesChart(String title, String xLabel, String yLabel, Map<String, List<double[]>> series) {
        if (!series.isEmpty()) {
            charts.add(new Chart(title, "time", xLabel, yLabel, series));
        }
    }

    /** The figures as JSON rows. */
    List<Map<String, Object>> figureRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Figure figure : figures.all()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", figure.id());
            row.put("label", figure.label());
            row.put("unit", figure.unit());
            row.put("better", figure.better().name().toLowerCase());
            row.put("ours", figure.ours());
            row.put("ours_note", figure.oursNote());
            row.put("comparison_label", figure.comparisonLabel());
            row.put("comparison", figure.comparison());
            row.put("comparison_note", figure.comparisonNote());
            row.put("ratio", figure.ratio() == null ? null : Latencies.round(figure.ratio()));
            row.put("detail", figure.detail());
            rows.add(row);
        }
        return rows;
    }

    /** The printed table: figure | ours | comparison | ratio. */
    public String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"figure", "ours", "comparison", "ratio (ours/comparison)"});
        for (Figure figure : figures.all()) {
            rows.add(new String[] {figure.label(), figure.oursText(), figure.comparisonText(), figure.ratioText()});
        }
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < 4; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            out.append("| ");
            for (int i = 0; i < 4; i++) {
                out.append(pad(row[i], widths[i])).append(i < 3 ? " | " : " |\n");
            }
            if (r == 0) {
                out.append("|");
                for (int i = 0; i < 4; i++) {
                    out.append("-".repeat(widths[i] + 2)).append("|");
                }
                out.append('\n');
            }
        }
        List<String> details = new ArrayList<>();
        for (Figure figure : figures.all()) {
            if (figure.detail() != null) {
                details.add("  - " + figure.label() + ": " + figure.detail());
            }
        }
        if (!details.isEmpty()) {
            out.append("\nDetails:\n").append(String.join("\n", details)).append('\n');
        }
        for (Curve curve : curves) {
            out.append('\n').append(curve.title()).append(":\n").append(curve.table());
        }
        if (!cpuTable.isEmpty()) {
            out.append("\nCPU seconds used by each process during each phase (2 cores = 2 CPU-s per wall second):\n")
                    .append(cpuTable);
        }
        if (!notes.isEmpty()) {
            out.append("\nNotes:\n");
            notes.forEach(n -> out.append("  - ").append(n).append('\n'));
        }
        return out.toString();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
