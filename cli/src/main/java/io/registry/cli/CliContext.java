package io.registry.cli;

import io.registry.cli.api.Backoff;
import io.registry.cli.api.Transport;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Everything a command reads from or writes to outside itself, so that a test can run the CLI in-process: the
 * environment, the three standard streams, the clock, whether a person watches (progress bars), and how HTTP is
 * sent and retried.
 *
 * @param env         environment variables ({@code REGISTRY_URL}, {@code REGISTRY_TOKEN}, {@code XDG_CONFIG_HOME},
 *                    {@code HOME})
 * @param out         results (tables, {@code --json} documents)
 * @param err         errors (one line each), notes, progress
 * @param in          standard input ({@code login --token-stdin})
 * @param interactive standard output is a terminal: progress bars are drawn (on {@code err})
 */
public record CliContext(Map<String, String> env, PrintWriter out, PrintWriter err, InputStream in, Clock clock,
                         boolean interactive, Transport transport, Backoff backoff) {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** The real process: its environment, {@code System.out/err/in}, the system clock, HTTP/1.1 over the JDK client. */
    public static CliContext system() {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new CliContext(System.getenv(),
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
                System.in, Clock.systemUTC(), System.console() != null, Transport.of(client), Backoff.standard());
    }

    /** An environment variable, or null when it is unset or blank. */
    public String env(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * Where {@code login} keeps the base URL and token: {@code $XDG_CONFIG_HOME/registry}, by default
     * {@code ~/.config/registry} (an XDG_CONFIG_HOME that is not absolute is ignored, as the XDG spec says).
     */
    public Path configDirectory() {
        String xdg = env("XDG_CONFIG_HOME");
        if (xdg != null && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "registry");
        }
        String home = env("HOME") != null ? env("HOME") : System.getProperty("user.home");
        return Path.of(home, ".config", "registry");
    }
}
