package io.registry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness in smoke mode (tiny sizes, the Verdaccio peer skipped: its npm install alone takes ~20 s) inside the
 * normal test run, so it cannot rot: every figure must be in the table and in the JSON file, with a measured value
 * on our side and either a value or an "n/a (reason)" on the comparison side.
 */
class BenchmarkSmokeTest {

    @Test
    void smokeRunReportsEveryFigure() throws Exception {
        Path moduleDir = Path.of("").toAbsolutePath();
        BenchOptions options = BenchOptions.smoke(moduleDir);
        List<String> progress = new ArrayList<>();
        Report report = Harness.run(options, line -> {
            progress.add(line);
            System.out.println("[bench-smoke] " + line);
        });
        ReportWriter.write(report, options.resultsDir);
        String table = report.table();
        System.out.println(table);

        JsonNode json = Http.JSON.readTree(options.resultsDir.resolve("latest.json").toFile());
        assertThat(json.path("mode").asText()).isEqualTo("smoke");
        List<String> ids = Figures.ids();
        assertThat(json.path("figures")).hasSize(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            JsonNode figure = json.path("figures").get(i);
            String id = ids.get(i);
            assertThat(figure.path("id").asText()).isEqualTo(id);
            String label = figure.path("label").asText();
            assertThat(table).as("table line of %s", id).contains("| " + label + " ");
            assertThat(figure.path("ours").isNumber())
                    .as("our side of %s was measured (note: %s)", id, figure.path("ours_note").asText())
                    .isTrue();
            boolean comparisonMeasured = figure.path("comparison").isNumber();
            boolean comparisonExplained = figure.path("comparison_note").asText().startsWith("n/a (");
            assertThat(comparisonMeasured || comparisonExplained).as("comparison of %s", id).isTrue();
            if (comparisonMeasured) {
                assertThat(figure.path("ratio").isNumber()).as("ratio of %s", id).isTrue();
            }
            boolean peerFigure = id.startsWith("publish.") || id.equals("listing.read_all") || id.endsWith(".rss");
            if (!peerFigure) {
                assertThat(comparisonMeasured).as("raw baseline of %s (note: %s)", id,
                        figure.path("comparison_note").asText()).isTrue();
            }
        }
        assertThat(table).contains("n/a (skipped in smoke mode");
        String html = Files.readString(options.resultsDir.resolve("latest.html"));
        assertThat(html).contains("<svg").contains("Rebuild").doesNotContain("http://cdn").doesNotContain("<script src");
        assertThat(json.path("workloads").path("rebuild").path("synthetic_events").asLong()).isGreaterThanOrEqualTo(2000);
    }
}
