package io.registry.cli;

import io.registry.cli.api.Backoff;
import io.registry.cli.api.Transport;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process with a given environment and standard input; keeps what it printed. */
final class CliRun {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:05:01Z"), ZoneOffset.UTC);
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    record Result(int exitCode, String out, String err) {
    }

    private final Map<String, String> env = new HashMap<>();
    private String stdin = "";

    CliRun env(String name, String value) {
        env.put(name, value);
        return this;
    }

    CliRun stdin(String text) {
        stdin = text;
        return this;
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(Map.copyOf(env), new PrintWriter(out, true), new PrintWriter(err, true),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), CLOCK, false, Transport.of(HTTP),
                new Backoff(3, Duration.ofMillis(10), Duration.ofMillis(50)));
        int exitCode = RegistryCli.execute(context, args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
