package io.registry.bench;

import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes latest.json, latest.txt (the table) and latest.html (the table and inline SVG plots, no external files). */
final class ReportWriter {

    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
            "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    private static final int W = 760;
    private static final int H = 300;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 44;

    private ReportWriter() {
    }

    static final String README_START = "<!-- latest-results -->";
    static final String README_END = "<!-- /latest-results -->";

    /**
     * Replaces the "Latest results" section of the benchmarks README (between {@link #README_START} and
     * {@link #README_END}) with this run's table, so that the figures the README shows are always a run's, never
     * edited by hand.
     */
    static void updateReadme(Report report, Path readme, String command) throws IOException {
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int start = text.indexOf(README_START);
        int end = text.indexOf(README_END);
        if (start < 0 || end < start) {
            throw new IllegalStateException(readme + " has no " + README_START + " ... " + README_END + " section");
        }
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> env = (java.util.Map<String, Object>) report.json().get("environment");
        String section = README_START + "\n## Latest results\n\n"
                + "Written by the run itself (do not edit): [`results/latest.html`](results/latest.html) (table and plots),"
                + " [`results/latest.json`](results/latest.json), [`results/latest.txt`](results/latest.txt); produced on "
                + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + " by\n\n```bash\n" + command + "\n```\n\n"
                + "Load average (1/5/15 min) at the start " + env.get("loadavg_start") + ", at the end "
                + env.get("loadavg_end") + " (" + env.get("cores") + " cores).\n\n```text\n" + report.table()
                + "```\n";
        Files.writeString(readme, text.substring(0, start) + section + text.substring(end), StandardCharsets.UTF_8);
    }

    static void write(Report report, Path dir) throws IOException {
        Files.createDirectories(dir);
        report.json().put("figures", report.figureRows());
        report.json().put("curves", report.curves().stream().map(Curve::json).toList());
        byte[] json = Http.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(report.json());
        Files.write(dir.resolve("latest.json"), json);
        Files.writeString(dir.resolve("latest.txt"), report.table(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("latest.html"), html(report), StandardCharsets.UTF_8);
    }

    static String html(Report report) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Registry benchmark</title>\n")
                .append("<style>body{font-family:system-ui,sans-serif;margin:24px;max-width:1100px;color:#222}")
                .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}")
                .append("th{background:#f3f3f3}td.num{text-align:right;white-space:nowrap}.na{color:#999}")
                .append("svg{background:#fff;border:1px solid #ddd;margin:8px 0 24px}code,pre{background:#f6f6f6}")
                .append("pre{padding:8px;overflow-x:auto;font-size:12px}</style></head><body>\n");
        Map<String, Object> json = report.json();
        out.append("<h1>Package registry benchmark</h1>\n<p>Generated ").append(esc(String.valueOf(json.get("generated_at"))))
                .append(", mode <b>").append(esc(String.valueOf(json.get("mode")))).append("</b>, produced by <code>")
                .append(esc(String.valueOf(json.get("command")))).append("</code>. Machine: ")
                .append(esc(String.valueOf(json.get("environment")))).append(".</p>\n");
        out.append("<p>Sizes: <code>").append(esc(String.valueOf(json.get("sizes")))).append("</code></p>\n");
        out.append("<h2>Results</h2>\n<table><tr><th>figure</th><th>ours</th><th>comparison</th><th>value</th><th>ratio (ours/comparison)</th></tr>\n");
        for (Figure figure : report.figures().all()) {
            out.append("<tr><td>").append(esc(figure.label())).append("</td>")
                    .append(cell(figure.ours(), figure.oursNote(), figure.unit()))
                    .append("<td>").append(esc(figure.comparisonLabel())).append("</td>")
                    .append(cell(figure.comparison(), figure.comparisonNote(), figure.unit()))
                    .append("<td class=\"num\">").append(esc(figure.ratioText())).append("</td></tr>\n");
        }
        out.append("</table>\n");
        List<String> details = new ArrayList<>();
        for (Figure figure : report.figures().all()) {
            if (figure.detail() != null) {
                details.add("<li>" + esc(figure.label()) + ": " + esc(figure.detail()) + "</li>");
            }
        }
        if (!details.isEmpty()) {
            out.append("<h3>Details</h3><ul>").append(String.join("\n", details)).append("</ul>\n");
        }
        if (!report.notes().isEmpty()) {
            out.append("<h3>Notes</h3><ul>");
            report.notes().forEach(n -> out.append("<li>").append(esc(n)).append("</li>\n"));
            out.append("</ul>\n");
        }
        if (!report.curves().isEmpty()) {
            out.append("<h2>Scaling</h2>\n");
        }
        for (Curve curve : report.curves()) {
            out.append("<h3>").append(esc(curve.title())).append("</h3>\n").append(svg(curve.chart())).append('\n')
                    .append("<pre>").append(esc(curve.table())).append("</pre>\n");
        }
        out.append("<h2>Plots</h2>\n");
        for (Report.Chart chart : report.charts()) {
            out.append("<h3>").append(esc(chart.title())).append("</h3>\n").append(svg(chart)).append('\n');
        }
        out.append("<h2>Text table</h2>\n<pre>").append(esc(report.table())).append("</pre>\n</body></html>\n");
        return out.toString();
    }

    private static String cell(Double value, String note, String unit) {
        if (value == null) {
            return "<td class=\"na\">" + esc(note) + "</td>";
        }
        return "<td class=\"num\">" + esc(Figure.format(value) + " " + unit) + "</td>";
    }

    /** A line chart; latency charts and scaling curves have a log x axis, curves a mark on each measured point. */
    static String svg(Report.Chart chart) {
        boolean logX = !chart.kind().equals("time");
        boolean marks = chart.kind().equals("curve");
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = 0;
        for (List<double[]> points : chart.series().values()) {
            for (double[] p : points) {
                double x = logX ? Math.log10(Math.max(p[0], 1e-3)) : p[0];
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                maxY = Math.max(maxY, p[1]);
            }
        }
        if (minX == Double.MAX_VALUE) {
            return "<p>(no data)</p>";
        }
        if (logX) {
            minX = Math.floor(minX);
            maxX = Math.ceil(maxX);
        } else {
            minX = 0;
        }
        if (maxX <= minX) {
            maxX = minX + 1;
        }
        maxY = niceCeiling(maxY <= 0 ? 1 : maxY * 1.05);
        int legendHeight = 16 * chart.series().size() + 8;
        int height = H + legendHeight;
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-size=\"11\">",
                W, height, W, height));
        // grid and axes
        for (int i = 0; i <= 5; i++) {
            double y = TOP + plotH - plotH * i / 5.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>", LEFT, y, W - RIGHT, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT - 4, y + 4,
                    Figure.format(maxY * i / 5.0)));
        }
        List<double[]> xTicks = new ArrayList<>();
        if (logX) {
            for (double d = minX; d <= maxX + 1e-9; d++) {
                xTicks.add(new double[] {d, Math.pow(10, d)});
            }
        } else {
            double step = niceCeiling((maxX - minX) / 8);
            for (double v = 0; v <= maxX + 1e-9; v += step) {
                xTicks.add(new double[] {v, v});
            }
        }
        for (double[] tick : xTicks) {
            double x = LEFT + plotW * (tick[0] - minX) / (maxX - minX);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>", x, TOP, x, TOP + plotH));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, TOP + plotH + 14,
                    Figure.format(tick[1])));
        }
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>", LEFT, TOP, plotW, plotH));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>", LEFT + plotW / 2, TOP + plotH + 32, esc(chart.xLabel())));
        svg.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 12 %d)\">%s</text>",
                TOP + plotH / 2, TOP + plotH / 2, esc(chart.yLabel())));
        int s = 0;
        for (Map.Entry<String, List<double[]>> series : chart.series().entrySet()) {
            String color = COLORS[s % COLORS.length];
            StringBuilder path = new StringBuilder();
            for (double[] p : series.getValue()) {
                double xv = logX ? Math.log10(Math.max(p[0], 1e-3)) : p[0];
                double x = LEFT + plotW * (xv - minX) / (maxX - minX);
                double y = TOP + plotH - plotH * Math.min(p[1], maxY) / maxY;
                path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
                if (marks) {
                    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", x, y, color));
                }
            }
            svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(color)
                    .append("\" stroke-width=\"1.6\"/>");
            int ly = H + 4 + 16 * s;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"4\" fill=\"%s\"/>", LEFT, ly + 4, color));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>", LEFT + 20, ly + 10, esc(series.getKey())));
            s++;
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static double niceCeiling(double value) {
        double exponent = Math.pow(10, Math.floor(Math.log10(value)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * exponent >= value) {
                return m * exponent;
            }
        }
        return 10 * exponent;
    }

    static String esc(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
