package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.api.storage.ObjectStorage;
import io.registry.api.storage.StoragePaths;
import io.registry.cli.CliContext;
import io.registry.cli.ExitCode;
import io.registry.cli.RegistryCli;
import io.registry.cli.api.Backoff;
import io.registry.cli.api.Transport;
import io.registry.cli.push.SourceTree;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code registry} CLI end to end: run in-process (picocli's {@code execute}, standard output and error captured)
 * against this backend on the real service stack, as a publisher would run it, with its configuration in a
 * temporary XDG_CONFIG_HOME.
 */
class RegistryCliTest extends BackendTestSupport {

    /** The default version id of a push without --version is this instant's: 2026.11.30-120501. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:05:01Z"), ZoneOffset.UTC);
    static final String DEFAULT_VERSION_ID = "2026.11.30-120501";

    record Run(int exitCode, String out, String err) {
        List<JsonNode> jsonLines() {
            List<JsonNode> lines = new ArrayList<>();
            out.lines().forEach(line -> {
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
            });
            return lines;
        }
    }

    @TempDir
    Path temp;

    @Autowired
    ObjectStorage storage;

    Path configHome;
    String entityId;

    @BeforeEach
    void loggedInPublisherWithAnEntity() {
        configHome = temp.resolve("xdg");
        entityId = uniqueId("cli");
        Run login = cli("login", "--url", baseUrl(), "--dev", "--user", "alice", "--org", "acme");
        assertThat(login.exitCode()).as(login.err()).isZero();
        Run created = cli("entities", "create", entityId, "--zone", "zone-cli", "--name", "CLI package");
        assertThat(created.exitCode()).as(created.err()).isZero();
    }

    @Test
    void login_stores_the_url_and_a_dev_token_readable_by_its_owner_only() throws IOException {
        Path config = configHome.resolve("registry/config.json");

        JsonNode stored = JSON.readTree(Files.readString(config));
        assertThat(stored.get("url").asText()).isEqualTo(baseUrl());
        assertThat(stored.get("token").asText()).isNotBlank();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.getParent()))).isEqualTo("rwx------");
        Run entity = cli("entities", "show", entityId, "--json");
        assertThat(entity.exitCode()).as(entity.err()).isZero();
        assertThat(entity.jsonLines().get(0).get("publishers").get(0).asText()).isEqualTo("alice");
    }

    @Test
    void push_publishes_a_directory_again_is_unchanged_and_a_change_on_the_active_base_becomes_active()
            throws Exception {
        Path tree = packageTree(temp.resolve("pkg"));

        Run first = cli("push", tree.toString(), "--entity", entityId, "--activate", "--json");
        assertThat(first.exitCode()).as(first.err()).isZero();
        JsonNode confirmed = first.jsonLines().get(0);
        assertThat(confirmed.get("id").asText()).isEqualTo(DEFAULT_VERSION_ID);
        assertThat(confirmed.get("version").asInt()).isEqualTo(1);
        assertThat(confirmed.get("active").asBoolean()).isTrue();
        long eventsAfterFirst = historyCount();

        Run again = cli("push", tree.toString(), "--entity", entityId);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).isEqualTo("unchanged: existing version " + DEFAULT_VERSION_ID + "\n");
        assertThat(historyCount()).as("no event for an unchanged push").isEqualTo(eventsAfterFirst);

        Files.writeString(tree.resolve("src/index.js"), "console.log('second');\n");
        Path release = Files.writeString(temp.resolve("release.json"),
                "{\"description\": \"Second, from the CLI\", \"tags\": [\"cli\"], \"service_dependencies\": [\"postgres\"]}");
        byte[] lockfile = "{\"lockfileVersion\": 3}".getBytes(StandardCharsets.UTF_8);
        Path lockfilePath = Files.write(temp.resolve("package-lock.json"), lockfile);
        Run second = cli("push", tree.toString(), "-e", entityId, "--version", "2026.11.30-130000", "--base", "active",
                "--activate", "--release", release.toString(), "--lockfile", lockfilePath.toString());
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).startsWith("pushed " + entityId + " 2026.11.30-130000 (version 2, ").endsWith(", active\n");

        JsonNode shown = cli("show", entityId, "2026.11.30-130000", "--json").jsonLines().get(0);
        assertThat(shown.get("base_version_id").asText()).isEqualTo(DEFAULT_VERSION_ID);
        assertThat(shown.get("active").asBoolean()).isTrue();
        assertThat(shown.get("source_hash").asText()).isEqualTo(SourceTree.scan(tree).sourceHash());
        assertThat(shown.get("package_json")).isEqualTo(JSON.readTree(Files.readString(tree.resolve("package.json"))));
        assertThat(shown.get("description").asText()).isEqualTo("Second, from the CLI");
        assertThat(shown.get("tags")).containsExactly(JSON.getNodeFactory().textNode("cli"));
        assertThat(shown.get("service_dependencies")).containsExactly(JSON.getNodeFactory().textNode("postgres"));
        assertThat(shown.get("lockfile_sha256").asText()).isEqualTo(ReleasedContentTest.sha256(lockfile));

        List<JsonNode> pages = cli("versions", entityId, "--json").jsonLines();
        assertThat(pages).hasSize(1);
        assertThat(pages.get(0).get("items")).extracting(item -> item.get("id").asText())
                .containsExactly("2026.11.30-130000", DEFAULT_VERSION_ID);
        assertThat(pages.get(0).get("pagination").get("total_count").asLong()).isEqualTo(2);
        Run table = cli("versions", entityId);
        assertThat(table.out().lines().skip(1)).hasSize(2);
        assertThat(table.out().lines().skip(1).findFirst().orElseThrow()).startsWith("2026.11.30-130000  2  active");

        Path downloaded = temp.resolve("downloads/second.tgz");
        Run download = cli("download", entityId, "2026.11.30-130000", "-o", downloaded.toString());
        assertThat(download.exitCode()).as(download.err()).isZero();
        assertThat(download.out()).contains("verified");
        byte[] packedHere = Files.readAllBytes(SourceTree.scan(tree).packTo(temp.resolve("local.tgz")).file());
        assertThat(Files.readAllBytes(downloaded)).as("the registry serves the reproducible archive of the tree")
                .isEqualTo(packedHere);

        Run lineage = cli("lineage", entityId, DEFAULT_VERSION_ID);
        assertThat(lineage.exitCode()).as(lineage.err()).isZero();
        assertThat(lineage.out()).contains("version      " + DEFAULT_VERSION_ID + " #1",
                "descendants  1", "  2026.11.30-130000 #2 active");
        Run history = cli("history", entityId);
        assertThat(history.out()).contains("registry.version.confirmed", "registry.version.activated");
    }

    @Test
    void a_download_whose_stored_bytes_were_tampered_with_fails_its_digest_check_and_leaves_no_file() throws Exception {
        byte[] original = ("the package of " + entityId).getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(temp.resolve("package.tgz"), original);
        Run pushed = cli("push", file.toString(), "-e", entityId, "--version", "2026.11.30-140000");
        assertThat(pushed.exitCode()).as(pushed.err()).isZero();
        // behind the registry's back: the released blob is overwritten in storage
        String blob = StoragePaths.releasedBlob(ReleasedContentTest.sha256(original));
        assertThat(putBytes(storage.presignPut(blob, Duration.ofMinutes(5)).toString(),
                ("THE PACKAGE OF " + entityId).getBytes(StandardCharsets.UTF_8))).isEqualTo(200);

        Path target = temp.resolve("downloads/tampered.tgz");
        Run download = cli("download", entityId, "2026.11.30-140000", "-o", target.toString());

        assertThat(download.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(download.err()).startsWith("error: the downloaded package of " + entityId + " 2026.11.30-140000 has SHA-256 ")
                .contains("the registry recorded " + ReleasedContentTest.sha256(original));
        assertThat(target).doesNotExist();
        assertThat(target.getParent()).isEmptyDirectory();
    }

    @Test
    @ContractCheck.InvalidRequestsOnPurpose("a version id that names no real date")
    void a_refused_command_prints_one_line_with_the_code_and_exits_with_its_status_class() throws IOException {
        Run exists = cli("entities", "create", entityId, "--zone", "zone-cli", "--name", "Again");
        assertThat(exists.exitCode()).isEqualTo(ExitCode.CONFLICT);
        assertThat(exists.out()).isEmpty();
        assertThat(exists.err().lines()).singleElement().asString().startsWith("error: 409 entity_exists: ");

        Path file = Files.writeString(temp.resolve("p.tgz"), "bytes");
        Run badVersion = cli("push", file.toString(), "-e", entityId, "--version", "2024.13.45-999999");
        assertThat(badVersion.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(badVersion.err().lines()).singleElement().asString()
                .startsWith("error: 400 invalid_request: ").contains("version: invalid_format (must be a version id");

        Run missing = cli("show", entityId, "2020.01.01-000000");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(missing.err()).startsWith("error: 404 version_not_found");

        Run notActivatable = cli("activate", entityId, "2020.01.01-000000", "--json");
        assertThat(notActivatable.exitCode()).as(notActivatable.err()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(notActivatable.err()).startsWith("error: 404 version_not_found");
        assertThat(notActivatable.out()).as("--json prints nothing on a refusal").isEmpty();
    }

    @Test
    void a_confirm_whose_answer_was_lost_is_sent_again_with_its_request_id_and_records_one_version() throws IOException {
        AtomicBoolean dropped = new AtomicBoolean();
        Transport losesFirstConfirmAnswer = new Transport() {
            @Override
            public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
                    throws IOException, InterruptedException {
                HttpResponse<T> response = HTTP.send(request, handler);
                if (request.uri().getPath().endsWith("/versions/confirm") && dropped.compareAndSet(false, true)) {
                    throw new IOException("connection reset (the test dropped the answer)");
                }
                return response;
            }
        };
        Path tree = packageTree(temp.resolve("pkg"));

        Run pushed = cli(losesFirstConfirmAnswer, "push", tree.toString(), "-e", entityId, "--version", "2026.11.30-150000");

        assertThat(pushed.exitCode()).as(pushed.err()).isZero();
        assertThat(dropped).isTrue();
        assertThat(pushed.err()).contains("connection reset (the test dropped the answer); trying again");
        assertThat(pushed.out()).startsWith("pushed " + entityId + " 2026.11.30-150000 (version 1, ");
        List<JsonNode> events = new ArrayList<>();
        cli("history", entityId, "--json").jsonLines().forEach(page -> page.get("items").forEach(events::add));
        assertThat(events).filteredOn(event -> event.get("type").asText().equals("registry.version.confirmed"))
                .hasSize(1);
    }

    @Test
    void channel_and_retention_commands_set_show_resolve_and_preview() {
        String alice = token("alice", "acme");
        String v1 = "2026.11.01-100000";
        String v2 = "2026.11.02-100000";
        assertThat(publish(alice, entityId, v1, Map.of()).status()).isEqualTo(201);
        assertThat(publish(alice, entityId, v2, Map.of("set_as_active", true)).status()).isEqualTo(201);

        Run set = cli("channel", "set", entityId, "beta", "--weight", v1 + "=75", "--weight", v2 + "=25");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).isEqualTo("channel of " + entityId + ": beta  " + v1 + " 75%, " + v2 + " 25%\n");
        Run show = cli("channel", "show", entityId);
        assertThat(show.out()).as(show.err()).isEqualTo("beta  " + v1 + " 75%, " + v2 + " 25%\n");
        Run resolved = cli("channel", "resolve", entityId, "beta", "--key", "host-1", "--json");
        assertThat(resolved.exitCode()).as(resolved.err()).isZero();
        assertThat(resolved.jsonLines().get(0).get("version_id").asText()).isIn(v1, v2);
        Run noKey = cli("channel", "resolve", entityId, "beta");
        assertThat(noKey.exitCode()).isEqualTo(ExitCode.REFUSED);
        Run rollback = cli("channel", "set", entityId, "beta", v1);
        assertThat(rollback.out()).isEqualTo("channel of " + entityId + ": beta  " + v1 + " 100%\n");
        Run both = cli("channel", "set", entityId, "beta", v1, "--weight", v2 + "=100");
        assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE);

        Run policy = cli("retention", "set", entityId, "--keep-latest", "1");
        assertThat(policy.out()).as(policy.err())
                .isEqualTo("retention of " + entityId + ": keep_latest 1, max_age_days -\n");
        Run preview = cli("retention", "preview", entityId);
        assertThat(preview.out()).as(preview.err()).isEqualTo("retention of " + entityId
                + ": keep_latest 1, max_age_days -\nnothing would be archived\n");
        assertThat(cli("channel", "remove", entityId, "beta").exitCode()).isZero();
        Run previewAfter = cli("retention", "preview", entityId, "--json");
        assertThat(previewAfter.jsonLines().get(0).get("items").get(0).get("id").asText()).isEqualTo(v1);
    }

    @Test
    void packages_lists_a_zones_packages_found_by_words_and_tags() throws Exception {
        String zone = uniqueId("zone-cli-packages");
        String invoices = uniqueId("invoices");
        assertThat(cli("entities", "create", invoices, "--zone", zone, "--name", "Invoices CLI",
                "--description", "Send invoices").exitCode()).isZero();
        assertThat(cli("entities", "create", uniqueId("maps"), "--zone", zone, "--name", "Maps").exitCode()).isZero();
        Path tree = packageTree(temp.resolve("tagged"));
        Files.writeString(temp.resolve("release.json"), "{\"tags\": [\"billing\", \"eu\"]}");
        Run pushed = cli("push", tree.toString(), "-e", invoices, "--activate", "--release",
                temp.resolve("release.json").toString());
        assertThat(pushed.exitCode()).as(pushed.err()).isZero();

        // a zone's search sees a write within a second (the entities index refreshes): ask until it does
        Run found = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            found = cli("packages", zone, "--q", "invoi", "--tag", "eu", "--tag", "billing", "--json");
            if (found.exitCode() == 0 && found.jsonLines().get(0).get("items").size() == 1) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(found.exitCode()).as(found.err()).isZero();
        JsonNode item = found.jsonLines().get(0).get("items").get(0);
        assertThat(item.get("id").asText()).isEqualTo(invoices);
        assertThat(item.get("tags")).extracting(JsonNode::asText).containsExactly("billing", "eu");
        Run table = cli("packages", zone);
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out().lines().toList()).hasSize(3).first().asString().startsWith("ID ");
    }

    private long historyCount() {
        Run history = cli("history", entityId, "--json", "--limit", "1");
        assertThat(history.exitCode()).as(history.err()).isZero();
        return history.jsonLines().get(0).get("pagination").get("total_count").asLong();
    }

    /** A package directory: package.json naming the entity, a source file, an executable. */
    private Path packageTree(Path root) throws IOException {
        Files.createDirectories(root.resolve("src"));
        Files.createDirectories(root.resolve("bin"));
        Files.writeString(root.resolve("package.json"), "{\"name\": \"" + entityId + "\", \"version\": \"1.0.0\"}\n");
        Files.writeString(root.resolve("src/index.js"), "console.log('first');\n");
        Files.writeString(root.resolve("bin/start"), "#!/bin/sh\nexec node src/index.js\n");
        Files.setPosixFilePermissions(root.resolve("bin/start"), PosixFilePermissions.fromString("rwxr-xr-x"));
        return root;
    }

    private String baseUrl() {
        return client().baseUrl();
    }

    private Run cli(String... args) {
        return cli(HTTP::send, args);
    }

    /** The CLI's exchanges with the registry (not with storage's signed URLs), checked against the API document. */
    private Transport checked(Transport transport) {
        String registry = baseUrl();
        return new Transport() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
                    throws IOException, InterruptedException {
                HttpResponse<T> response = transport.send(request, handler);
                if (request.uri().toString().startsWith(registry) && response.body() instanceof String) {
                    ContractCheck.verify(request, ContractCheck.bodyOf(request), (HttpResponse<String>) response, false);
                }
                return response;
            }
        };
    }

    private Run cli(Transport transport, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(Map.of("XDG_CONFIG_HOME", configHome.toString()),
                new PrintWriter(out, true), new PrintWriter(err, true), new ByteArrayInputStream(new byte[0]), CLOCK,
                false, checked(transport), new Backoff(3, Duration.ofMillis(100), Duration.ofSeconds(1)));
        int exitCode = RegistryCli.execute(context, args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
