package io.registry.cli;

import io.registry.cli.StubRegistry.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI against a scripted registry: what it sends, how it retries, what it prints, how it exits. */
class CommandLineTest {

    @TempDir
    Path temp;

    StubRegistry registry;
    CliRun cli;

    @BeforeEach
    void start() throws IOException {
        registry = new StubRegistry();
        cli = new CliRun().env("XDG_CONFIG_HOME", temp.resolve("config").toString())
                .env("REGISTRY_URL", registry.url()).env("REGISTRY_TOKEN", "token-of-alice");
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void push_sends_a_retried_confirm_with_the_same_request_id_and_body() throws IOException {
        AtomicInteger confirms = new AtomicInteger();
        registry.on("POST /api/entities/pkg/versions/upload-url", request -> Answer.json(201, """
                        {"status": "upload_required", "version": "2026.11.30-120501", "upload_url": "%s/staging/package.tgz",
                         "storage_path": "uploads/pkg/2026.11.30-120501/u1/package.tgz",
                         "lockfile_upload_url": "%s/staging/package-lock.json",
                         "package_lock_path": "uploads/pkg/2026.11.30-120501/u1/package-lock.json"}"""
                        .formatted(registry.url(), registry.url())))
                .on("PUT /staging/package.tgz", request -> new Answer(200, "text/plain", new byte[0]))
                .on("POST /api/entities/pkg/versions/confirm", request -> confirms.incrementAndGet() == 1
                        ? Answer.json(503, "{\"status\": 503, \"code\": \"internal_error\"}")
                        : Answer.json(201, """
                        {"id": "2026.11.30-120501", "entity_id": "pkg", "version": 1, "package_sha256": "%s", "active": true}"""
                        .formatted(sha256(registry.requests("PUT", "/staging/package.tgz").get(0).body()))));
        Path tree = Trees.aTree(temp.resolve("tree"));

        CliRun.Result pushed = cli.run("push", tree.toString(), "--entity", "pkg", "--activate");

        assertThat(pushed.exitCode()).as(pushed.err()).isZero();
        assertThat(pushed.out()).isEqualTo("pushed pkg 2026.11.30-120501 (version 1, %s, sha256 %s), active%n".formatted(
                io.registry.cli.api.Progress.bytes(registry.requests("PUT", "/staging/package.tgz").get(0).body().length),
                sha256(registry.requests("PUT", "/staging/package.tgz").get(0).body())));
        var attempts = registry.requests("POST", "/api/entities/pkg/versions/confirm");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).header("X-Client-Request-ID")).isNotBlank()
                .isEqualTo(attempts.get(1).header("X-Client-Request-ID"));
        assertThat(attempts.get(0).body()).isEqualTo(attempts.get(1).body());
        assertThat(attempts.get(0).text()).contains("\"version\":\"2026.11.30-120501\"", "\"set_as_active\":true",
                "\"package_json\":{\"name\":\"demo\",\"version\":\"1.0.0\"}");
        assertThat(registry.requests("POST", "/api/entities/pkg/versions/upload-url").get(0).header("Authorization"))
                .isEqualTo("Bearer token-of-alice");
        assertThat(pushed.err()).contains("answered 503; trying again");
    }

    @Test
    void a_duplicate_source_is_unchanged_and_exits_zero() throws IOException {
        registry.on("POST /api/entities/pkg/versions/upload-url", request -> Answer.json(200, """
                {"status": "existing", "version": "2026.01.01-000000", "source_hash": "sha256:x"}"""));
        Path file = Files.writeString(temp.resolve("package.tgz"), "bytes");

        CliRun.Result pushed = cli.run("push", file.toString(), "-e", "pkg");

        assertThat(pushed.exitCode()).isZero();
        assertThat(pushed.out()).isEqualTo("unchanged: existing version 2026.01.01-000000%n".formatted());
        assertThat(registry.requests("POST", "/api/entities/pkg/versions/upload-url").get(0).text())
                .contains("\"source_hash\":\"sha256:" + sha256("bytes".getBytes(StandardCharsets.UTF_8)) + "\"");
    }

    @Test
    void a_release_file_with_a_field_a_release_does_not_have_stops_the_push_before_any_request() throws IOException {
        Path file = Files.writeString(temp.resolve("package.tgz"), "bytes");
        Path release = Files.writeString(temp.resolve("release.json"), "{\"description\": \"d\", \"colour\": \"red\"}");

        CliRun.Result pushed = cli.run("push", file.toString(), "-e", "pkg", "--release", release.toString());

        assertThat(pushed.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(pushed.err()).startsWith("error: the release file " + release + " has fields a release does not: [colour]");
        assertThat(registry.requests).isEmpty();
    }

    @Test
    void a_refusal_is_one_line_with_its_code_and_fields() {
        registry.on("POST /api/entities", request -> Answer.json(400, """
                {"status": 400, "code": "invalid_request", "detail": "The request has 2 invalid field(s).",
                 "errors": [{"field": "id", "code": "invalid_format", "message": "must be 1..70 characters"},
                            {"field": "name", "code": "required", "message": "must not be blank"}]}"""));

        CliRun.Result refused = cli.run("entities", "create", "bad id", "--zone", "z", "--name", " ");

        assertThat(refused.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).isEqualTo(("error: 400 invalid_request: The request has 2 invalid field(s). "
                + "id: invalid_format (must be 1..70 characters); name: required (must not be blank)%n").formatted());
        assertThat(registry.requests("POST", "/api/entities")).hasSize(1);
    }

    @Test
    void statuses_map_to_the_documented_exit_codes() {
        registry.on("GET /api/entities/gone", request -> Answer.json(404,
                        "{\"status\": 404, \"code\": \"entity_not_found\", \"detail\": \"No entity gone.\"}"))
                .on("PUT /api/entities/pkg/versions/active", request -> Answer.json(409,
                        "{\"status\": 409, \"code\": \"version_archived\", \"detail\": \"It is archived.\"}"))
                .on("GET /api/entities/down", request -> Answer.json(500, "{\"status\": 500, \"code\": \"internal_error\"}"));

        assertThat(cli.run("entities", "show", "gone").exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(cli.run("activate", "pkg", "2026.01.01-000000").exitCode()).isEqualTo(ExitCode.CONFLICT);
        CliRun.Result down = cli.run("entities", "show", "down");
        assertThat(down.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(registry.requests("GET", "/api/entities/down")).as("tried three times").hasSize(3);
        assertThat(cli.run("push").exitCode()).as("usage").isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("no-such-command").exitCode()).isEqualTo(ExitCode.USAGE);
        CliRun.Result help = cli.run("push", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: registry push ").contains("--version=ID", "-h, --help");
        assertThat(cli.run("--help").out()).contains("Exit codes:");
    }

    @Test
    void no_connection_exits_five() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        CliRun.Result unreachable = cli.env("REGISTRY_URL", "http://127.0.0.1:" + closedPort).run("versions", "pkg");

        assertThat(unreachable.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(unreachable.err().lines().filter(line -> line.startsWith("error: "))).singleElement()
                .asString().contains("cannot connect");
    }

    @Test
    void a_download_whose_bytes_differ_from_the_recorded_digest_fails_and_leaves_no_file() {
        byte[] served = "tampered".getBytes(StandardCharsets.UTF_8);
        registry.on("GET /api/entities/pkg/versions/2026.01.01-000000/download", request -> Answer.json(200, """
                        {"id": "2026.01.01-000000", "download_url": "%s/blobs/x", "file_size_bytes": 8,
                         "package_sha256": "%s"}""".formatted(registry.url(), sha256("original".getBytes(StandardCharsets.UTF_8)))))
                .on("GET /blobs/x", request -> Answer.bytes(served));
        Path target = temp.resolve("out/pkg.tgz");

        CliRun.Result download = cli.run("download", "pkg", "2026.01.01-000000", "-o", target.toString());

        assertThat(download.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(download.err()).contains("has SHA-256 " + sha256(served), "not written to " + target);
        assertThat(target).doesNotExist();
        assertThat(target.getParent()).isEmptyDirectory();
    }

    @Test
    void login_stores_the_url_and_token_for_its_owner_only_and_later_commands_use_them() throws IOException {
        Path config = temp.resolve("xdg");
        CliRun loggedOut = new CliRun().env("XDG_CONFIG_HOME", config.toString());
        registry.on("GET /api/entities/pkg", request -> Answer.json(200, "{\"id\": \"pkg\"}"));

        CliRun.Result login = loggedOut.stdin("stored-token\n").run("login", "--url", registry.url() + "/", "--token-stdin");
        CliRun.Result show = loggedOut.run("entities", "show", "pkg", "--json");
        CliRun.Result elsewhere = new CliRun().env("XDG_CONFIG_HOME", config.toString())
                .env("REGISTRY_URL", registry.url() + "/other").run("entities", "show", "pkg");

        assertThat(login.exitCode()).as(login.err()).isZero();
        Path file = config.resolve("registry/config.json");
        assertThat(Files.readString(file)).contains("\"url\" : \"" + registry.url() + "\"", "\"token\" : \"stored-token\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(show.exitCode()).isZero();
        assertThat(show.out()).isEqualTo("{\"id\": \"pkg\"}%n".formatted());
        assertThat(registry.requests("GET", "/api/entities/pkg").get(0).header("Authorization"))
                .isEqualTo("Bearer stored-token");
        assertThat(registry.requests("GET", "/other/api/entities/pkg").get(0).header("Authorization"))
                .as("the stored token goes only to the URL it was stored for").isNull();
        assertThat(elsewhere.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    void a_listing_is_walked_page_after_page_with_the_after_cursor() {
        registry.on("GET /api/entities/pkg/versions", request -> request.query().contains("after=c1")
                ? Answer.json(200, """
                {"items": [{"id": "2026.01.01-000000", "version": 1, "active": true, "archived_at": null,
                  "file_size_bytes": 10, "created_at": "2026-01-01T00:00:00Z", "created_by": "alice"}],
                 "pagination": {"after_cursor": null, "before_cursor": "c0", "total_count": 2}}""")
                : Answer.json(200, """
                {"items": [{"id": "2026.01.02-000000", "version": 2, "active": false, "archived_at": "2026-01-03T00:00:00Z",
                  "file_size_bytes": 2048, "created_at": "2026-01-02T00:00:00Z", "created_by": "bob",
                  "base_version_id": "2026.01.01-000000"}],
                 "pagination": {"after_cursor": "c1", "before_cursor": null, "total_count": 2}}"""));

        CliRun.Result table = cli.run("versions", "pkg");
        CliRun.Result json = cli.run("versions", "pkg", "--json");

        assertThat(table.exitCode()).isZero();
        assertThat(table.out().lines()).containsExactly(
                "ID                 #  STATE     SIZE     CREATED_AT            CREATED_BY  BASE",
                "2026.01.02-000000  2  archived  2.0 KiB  2026-01-02T00:00:00Z  bob         2026.01.01-000000",
                "2026.01.01-000000  1  active    10 B     2026-01-01T00:00:00Z  alice       -");
        assertThat(json.out().lines()).hasSize(2).allMatch(line -> line.startsWith("{\"items\":["));
        assertThat(registry.requests("GET", "/api/entities/pkg/versions")).extracting(StubRegistry.Request::query)
                .containsExactly("limit=100", "limit=100&after=c1", "limit=100", "limit=100&after=c1");
    }

    @Test
    void packages_walks_a_zone_with_the_search_sending_each_tag_as_its_own_parameter() {
        registry.on("GET /zones/zone-eu/packages", request -> request.query().contains("after=z1")
                ? Answer.json(200, """
                {"items": [{"id": "ledger", "name": "Ledger", "description": null, "icon_url": null,
                  "owner_type": "customer", "store": "org", "tags": [], "active_version_id": null, "version_count": 0,
                  "latest_version_at": null}],
                 "pagination": {"after_cursor": null, "before_cursor": "z0", "total_count": 2}}""")
                : Answer.json(200, """
                {"items": [{"id": "billing", "name": "Billing API", "description": "Invoices", "icon_url": null,
                  "owner_type": "customer", "store": "public", "tags": ["eu", "finance"],
                  "active_version_id": "2026.01.02-000000", "version_count": 2,
                  "latest_version_at": "2026-01-02T00:00:00Z"}],
                 "pagination": {"after_cursor": "z1", "before_cursor": null, "total_count": 2}}"""));

        CliRun.Result table = cli.run("packages", "zone-eu", "--q", "billing api", "--tag", "eu", "--tag", "a,b");
        CliRun.Result json = cli.run("packages", "zone-eu", "--json", "--limit", "1");

        assertThat(table.exitCode()).isZero();
        assertThat(table.out().lines()).containsExactly(
                "ID       NAME         ACTIVE             VERSIONS  RELEASED              STORE   TAGS",
                "billing  Billing API  2026.01.02-000000  2         2026-01-02T00:00:00Z  public  eu, finance",
                "ledger   Ledger       -                  0         -                     org     -");
        assertThat(json.out().lines()).hasSize(1).allMatch(line -> line.startsWith("{\"items\":["));
        assertThat(registry.requests("GET", "/zones/zone-eu/packages")).extracting(StubRegistry.Request::query)
                .containsExactly("q=billing+api&tag=eu&tag=a%2Cb&limit=100",
                        "q=billing+api&tag=eu&tag=a%2Cb&limit=100&after=z1", "limit=1");
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
