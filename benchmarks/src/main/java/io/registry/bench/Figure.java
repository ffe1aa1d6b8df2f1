package io.registry.bench;

import java.util.Locale;

/**
 * One line of the result table: our measurement beside its comparison (the Verdaccio peer or a raw baseline) and
 * their ratio {@code ours / comparison}. A value that could not be measured carries its reason instead
 * ("n/a (reason)"); the table then still has the line.
 */
public final class Figure {

    /** Which way is good, so a reader knows whether a ratio above 1 is a win. */
    public enum Better { HIGHER, LOWER }

    private final String id;
    private final String label;
    private final String unit;
    private final Better better;
    private final String comparisonLabel;
    private Double ours;
    private String oursNote;
    private Double comparison;
    private String comparisonNote;
    private String detail;

    public Figure(String id, String label, String unit, Better better, String comparisonLabel) {
        this.id = id;
        this.label = label;
        this.unit = unit;
        this.better = better;
        this.comparisonLabel = comparisonLabel;
        this.oursNote = "n/a (not measured)";
        this.comparisonNote = "n/a (not measured)";
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public String unit() {
        return unit;
    }

    public Better better() {
        return better;
    }

    public String comparisonLabel() {
        return comparisonLabel;
    }

    public Double ours() {
        return ours;
    }

    public Double comparison() {
        return comparison;
    }

    public String oursNote() {
        return ours == null ? oursNote : null;
    }

    public String comparisonNote() {
        return comparison == null ? comparisonNote : null;
    }

    public String detail() {
        return detail;
    }

    public Figure ours(double value) {
        this.ours = finite(value);
        if (ours == null) {
            oursNote = "n/a (no samples)";
        }
        return this;
    }

    public Figure oursUnavailable(String reason) {
        if (ours == null) {
            this.oursNote = "n/a (" + reason + ")";
        }
        return this;
    }

    public Figure comparison(double value) {
        this.comparison = finite(value);
        if (comparison == null) {
            comparisonNote = "n/a (no samples)";
        }
        return this;
    }

    public Figure comparisonUnavailable(String reason) {
        if (comparison == null) {
            this.comparisonNote = "n/a (" + reason + ")";
        }
        return this;
    }

    /** A short remark printed under the table (e.g. errors seen, what exactly was timed). */
    public Figure detail(String detail) {
        this.detail = detail;
        return this;
    }

    /** ours / comparison, or null when either side is missing. */
    public Double ratio() {
        if (ours == null || comparison == null || comparison == 0.0) {
            return null;
        }
        return ours / comparison;
    }

    public String oursText() {
        return ours == null ? oursNote : format(ours) + " " + unit;
    }

    public String comparisonText() {
        return comparison == null ? comparisonLabel + ": " + comparisonNote
                : comparisonLabel + ": " + format(comparison) + " " + unit;
    }

    public String ratioText() {
        Double ratio = ratio();
        if (ratio == null) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%sx (%s better)", format(ratio), better == Better.HIGHER ? "higher" : "lower");
    }

    static String format(double value) {
        double abs = Math.abs(value);
        if (abs >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 0.1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
