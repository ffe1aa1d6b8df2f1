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
            // the smoke run leaves out publish c=64 (its 16 entities would be shared by 64 workers): it must say so
            boolean leftOut = id.startsWith("publish.c64.") && options.publishes(64) == 0;
            if (leftOut) {
                assertThat(figure.path("ours_note").asText()).as("note of %s", id).startsWith("n/a (skipped");
            } else {
                assertThat(figure.path("ours").isNumber())
                        .as("our side of %s was measured (note: %s)", id, figure.path("ours_note").asText())
                        .isTrue();
            }
            boolean comparisonMeasured = figure.path("comparison").isNumber();
            boolean comparisonExplained = figure.path("comparison_note").asText().startsWith("n/a (");
            assertThat(comparisonMeasured || comparisonExplained).as("comparison of %s", id).isTrue();
            if (comparisonMeasured) {
                assertThat(figure.path("ratio").isNumber()).as("ratio of %s", id).isTrue();
            }
            boolean peerFigure = id.startsWith("publish.") || id.startsWith("listing.read_all") || id.endsWith(".rss");
            if (!peerFigure) {
                assertThat(comparisonMeasured).as("raw baseline of %s (note: %s)", id,
                        figure.path("comparison_note").asText()).isTrue();
            }
        }
        assertThat(table).contains("n/a (skipped in smoke mode");
        String html = Files.readString(options.resultsDir.resolve("latest.html"));
        assertThat(html).contains("<svg").contains("Rebuild").doesNotContain("http://cdn").doesNotContain("<script src");
        assertThat(json.path("workloads").path("rebuild").path("synthetic_events").asLong()).isGreaterThanOrEqualTo(2000);

        // the scaling curves: every size run in smoke mode measured, each curve with its computed growth sentences
        JsonNode curves = json.path("curves");
        assertThat(curves).hasSize(3);
        JsonNode publish = curves.get(0);
        assertThat(publish.path("rows")).hasSize(Figures.PUBLISH_CONCURRENCIES.size());
        for (JsonNode row : publish.path("rows")) {
            if (row.path("x").asInt() == 64) {
                assertThat(row.path("note").asText()).contains("skipped");
            } else {
                assertThat(row.path("ours throughput").isNumber()).as("publish curve at c=%s", row.path("x")).isTrue();
            }
        }
        JsonNode pages = curves.get(1);
        assertThat(pages.path("rows")).hasSize(options.listingSizes.size());
        for (JsonNode row : pages.path("rows")) {
            for (String column : List.of("ours start p50", "raw ES start p50", "ours end p50", "raw ES end p50")) {
                assertThat(row.path(column).isNumber()).as("%s at %s versions", column, row.path("x")).isTrue();
            }
        }
        JsonNode rebuild = curves.get(2);
        assertThat(rebuild.path("rows")).hasSize(2);
        for (JsonNode row : rebuild.path("rows")) {
            assertThat(row.path("ours wall time").isNumber()).as("rebuild at %s (%s)", row.path("x"), row.path("note")).isTrue();
            assertThat(row.path("raw _bulk wall time").isNumber()).isTrue();
        }
        // the small rebuild ran on a store holding only the publish entities: it replayed (nearly) its own events
        assertThat(rebuild.path("rows").get(0).path("x").asLong())
                .isBetween(options.rebuildSmallEvents, options.rebuildSmallEvents + RebuildWorkload.EVENTS_PER_ENTITY + options.entities);
        for (JsonNode curve : curves) {
            assertThat(curve.path("growth")).as("growth of %s", curve.path("title")).isNotEmpty();
            assertThat(curve.path("growth").get(0).asText()).as("growth of %s", curve.path("title")).doesNotContain("fewer than two");
        }
        assertThat(table).contains("Publish: throughput vs concurrency").contains("ours throughput").contains("cost ratio / work ratio");
        assertThat(html).contains("<h2>Scaling</h2>").contains("<circle");
    }
}
