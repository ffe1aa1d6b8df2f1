package io.registry.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A scaling curve: one workload measured at several sizes of its work (x: concurrency, versions, events), each row
 * holding our values and their comparisons side by side; a value that was not measured is null and its row says
 * why. The report prints it as a small table with a sentence on how it grows ({@link #growth(String)}), computed
 * from the rows by the harness, and plots the {@link Column#plotted() plotted} columns against x.
 */
final class Curve {

    record Column(String name, String unit, boolean plotted) {
    }

    record Row(double x, Double[] values, String note) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Column> columns;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> growth = new ArrayList<>();

    Curve(String title, String xLabel, String yLabel, List<Column> columns) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.columns = List.copyOf(columns);
    }

    String title() {
        return title;
    }

    /** One x with a value per column (NaN or null: not measured; {@code note} says why, or null). */
    Curve row(double x, String note, Double... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(title + ": " + values.length + " values for " + columns.size() + " columns");
        }
        Double[] finite = Arrays.stream(values).map(v -> v == null || !Double.isFinite(v) ? null : v).toArray(Double[]::new);
        rows.add(new Row(x, finite, note));
        return this;
    }

    /** A sentence on how the curve grows (computed from the rows by whoever built it). */
    Curve growth(String sentence) {
        growth.add(sentence);
        return this;
    }

    List<String> growth() {
        return growth;
    }

    /** The (x, value) points of one column where it was measured, in x order. */
    List<double[]> points(String column) {
        int i = columns.stream().map(Column::name).toList().indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException(title + " has no column " + column);
        }
        List<double[]> points = new ArrayList<>();
        rows.stream().filter(r -> r.values()[i] != null).sorted((a, b) -> Double.compare(a.x(), b.x()))
                .forEach(r -> points.add(new double[] {r.x(), r.values()[i]}));
        return points;
    }

    Report.Chart chart() {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (Column column : columns) {
            List<double[]> points = points(column.name());
            if (column.plotted() && !points.isEmpty()) {
                series.put(column.name() + " (" + column.unit() + ")", points);
            }
        }
        return new Report.Chart(title, "curve", xLabel + " (log scale)", yLabel, series);
    }

    /** The rows as text: x, then each column; the growth sentences under it. */
    String table() {
        List<String[]> lines = new ArrayList<>();
        String[] header = new String[columns.size() + 2];
        header[0] = xLabel;
        for (int i = 0; i < columns.size(); i++) {
            header[i + 1] = columns.get(i).name() + " (" + columns.get(i).unit() + ")";
        }
        header[header.length - 1] = "";
        lines.add(header);
        for (Row row : rows) {
            String[] line = new String[columns.size() + 2];
            line[0] = x(row.x());
            for (int i = 0; i < columns.size(); i++) {
                line[i + 1] = row.values()[i] == null ? "n/a" : Figure.format(row.values()[i]);
            }
            line[line.length - 1] = row.note() == null ? "" : row.note().replaceAll("\\s+", " ");
            lines.add(line);
        }
        int[] widths = new int[header.length];
        lines.forEach(l -> {
            for (int i = 0; i < l.length; i++) {
                widths[i] = Math.max(widths[i], l[i].length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (String[] line : lines) {
            out.append("  ");
            for (int i = 0; i < line.length; i++) {
                String cell = i == 0 || i == line.length - 1 ? line[i] + " ".repeat(widths[i] - line[i].length())
                        : " ".repeat(widths[i] - line[i].length()) + line[i];
                out.append(cell).append(i < line.length - 1 ? "  " : "");
            }
            out.append('\n');
        }
        growth.forEach(g -> out.append("  ").append(g).append('\n'));
        return out.toString().replaceAll(" +\n", "\n");
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("title", title);
        json.put("x", xLabel);
        json.put("columns", columns.stream().map(c -> c.name() + " (" + c.unit() + ")").toList());
        List<Map<String, Object>> list = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("x", row.x());
            for (int i = 0; i < columns.size(); i++) {
                r.put(columns.get(i).name(), row.values()[i] == null ? null : Latencies.round(row.values()[i]));
            }
            if (row.note() != null) {
                r.put("note", row.note());
            }
            list.add(r);
        }
        json.put("rows", list);
        json.put("growth", growth);
        return json;
    }

    /**
     * How a cost grows from the first to the last point of a column: "x1.08 for x1,000 the work: flat", with the
     * exponent k of cost ~ work^k when it is not flat, and cost ratio / work ratio (1: linear; below: the cost per
     * unit of work falls as the work grows). Null when the column has fewer than two points.
     */
    String growthOf(String column) {
        List<double[]> points = points(column);
        if (points.size() < 2 || points.get(0)[1] <= 0 || points.get(0)[0] <= 0) {
            return null;
        }
        double[] first = points.get(0);
        double[] last = points.get(points.size() - 1);
        double work = last[0] / first[0];
        double cost = last[1] / first[1];
        double k = Math.log(cost) / Math.log(work);
        String shape;
        if (cost >= 0.8 && cost <= 1.25) {
            shape = "flat";
        } else if (cost < 0.8) {
            shape = "falls";
        } else if (k < 0.85) {
            shape = String.format(Locale.ROOT, "sublinear (~ work^%.2f)", k);
        } else if (k <= 1.15) {
            shape = String.format(Locale.ROOT, "about linear (~ work^%.2f)", k);
        } else {
            shape = String.format(Locale.ROOT, "superlinear (~ work^%.2f)", k);
        }
        return String.format(Locale.ROOT, "%s x%s (%s -> %s) for x%s the %s (%s -> %s): %s; cost ratio / work ratio"
                        + " = %s", column, Figure.format(cost), Figure.format(first[1]), Figure.format(last[1]),
                Figure.format(work), xLabel, x(first[0]), x(last[0]), shape, Figure.format(cost / work));
    }

    /**
     * Where a throughput column stops gaining: the smallest x that reaches 90% of the column's best. Null with
     * fewer than two points.
     */
    String saturationOf(String column) {
        List<double[]> points = points(column);
        if (points.size() < 2) {
            return null;
        }
        double[] best = points.stream().max((a, b) -> Double.compare(a[1], b[1])).orElseThrow();
        double[] at = points.stream().filter(p -> p[1] >= 0.9 * best[1]).findFirst().orElseThrow();
        double[] last = points.get(points.size() - 1);
        if (at == last && points.get(points.size() - 2)[1] < 0.9 * last[1]) {
            return String.format(Locale.ROOT, "%s is still rising at the last point (%s at %s=%s)", column,
                    Figure.format(last[1]), xLabel, x(last[0]));
        }
        return String.format(Locale.ROOT, "%s saturates at %s=%s (%s, >= 90%% of its best %s at %s=%s; %s at %s=%s)",
                column, xLabel, x(at[0]), Figure.format(at[1]), Figure.format(best[1]), xLabel, x(best[0]),
                Figure.format(last[1]), xLabel, x(last[0]));
    }

    /** A size of work as people write it: whole numbers without decimals (c=16, 100,000 versions). */
    static String x(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%,.0f", value) : Figure.format(value);
    }
}
