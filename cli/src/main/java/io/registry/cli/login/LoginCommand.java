package io.registry.cli.login;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.cli.CliContext;
import io.registry.cli.CliFailure;
import io.registry.cli.ExitCode;
import io.registry.cli.Json;
import io.registry.cli.api.Endpoint;
import io.registry.cli.api.LoginFile;
import io.registry.cli.api.RegistryApi;
import io.registry.cli.api.WriteTokens;
import io.registry.cli.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code registry login}: stores the base URL and a bearer token in {@code config.json} of the configuration
 * directory, readable by its owner only. The token is read from standard input, typed at a prompt, or, against the
 * local run, issued by its {@code POST /dev/tokens}.
 */
@Command(name = "login", sortOptions = false,
        description = {"Store the registry's URL and a token in $XDG_CONFIG_HOME/registry/config.json "
                + "(~/.config/registry/config.json; only you can read it).",
                "The token is typed at a prompt, read from standard input (--token-stdin), or, against the local "
                        + "run (./run.sh), issued by it (--dev --user U [--org O] [--role R])."})
public final class LoginCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    HelpOption help;

    @Option(names = "--url", paramLabel = "URL",
            description = "The registry's base URL (default: REGISTRY_URL, else http://localhost:8080).")
    String url;

    @Option(names = "--token-stdin", description = "Read the token from standard input.")
    boolean tokenFromStdin;

    @Option(names = "--dev", description = "Get a token from the local run's POST /dev/tokens.")
    boolean dev;

    @Option(names = "--user", paramLabel = "USER", description = "With --dev: the user id (the token's sub).")
    String user;

    @Option(names = "--org", paramLabel = "ORG", description = "With --dev: the user's organization.")
    String org;

    @Option(names = "--role", paramLabel = "ROLE", description = "With --dev: a role (admin); may be repeated.")
    List<String> roles = new ArrayList<>();

    public LoginCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        if (dev && tokenFromStdin) {
            throw CliFailure.usage("give either --dev or --token-stdin");
        }
        if (!dev && (user != null || org != null || !roles.isEmpty())) {
            throw CliFailure.usage("--user, --org and --role go with --dev");
        }
        if (dev && user == null) {
            throw CliFailure.usage("--dev needs --user (and usually --org)");
        }
        String baseUrl = Endpoint.normalize(url != null ? url
                : context.env("REGISTRY_URL") != null ? context.env("REGISTRY_URL") : Endpoint.DEFAULT_URL);
        String token = dev ? devToken(baseUrl) : tokenFromStdin ? readStdin() : prompt();
        if (token.isBlank() || token.chars().anyMatch(c -> c <= ' ')) {
            throw CliFailure.usage("that is not a token (empty, or it has spaces or control characters)");
        }
        LoginFile login = new LoginFile(context.configDirectory());
        login.write(new Endpoint(baseUrl, token));
        new WriteTokens(context.configDirectory()).forgetAll();
        context.out().println("Logged in to " + baseUrl + describe(token) + "; stored in " + login.path());
        if (context.env("REGISTRY_TOKEN") != null) {
            context.err().println("note: REGISTRY_TOKEN is set and is used instead of the stored token");
        }
        return ExitCode.OK;
    }

    private String devToken(String baseUrl) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("sub", user);
        request.put("org", org);
        request.put("roles", roles);
        JsonNode answer;
        try {
            answer = new RegistryApi(context, new Endpoint(baseUrl, null)).anonymous("POST", "/dev/tokens", request).json();
        } catch (CliFailure failure) {
            if (failure.exitCode() == ExitCode.NOT_FOUND) {
                throw new CliFailure(failure.exitCode(), failure.getMessage()
                        + " (only the local run, ./run.sh, issues tokens: log in with --token-stdin elsewhere)");
            }
            throw failure;
        }
        String token = Json.text(answer, "token");
        if (token == null) {
            throw new CliFailure(ExitCode.UNAVAILABLE, "POST " + baseUrl + "/dev/tokens answered no token");
        }
        return token;
    }

    private String readStdin() throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(context.in(), StandardCharsets.UTF_8));
        String line = reader.readLine();
        if (line == null) {
            throw CliFailure.usage("--token-stdin: standard input is empty");
        }
        return line.strip();
    }

    private String prompt() {
        Console console = System.console();
        if (!context.interactive() || console == null) {
            throw CliFailure.usage("no token: give --token-stdin (e.g. `echo \"$TOKEN\" | registry login --token-stdin`)"
                    + " or --dev --user U against the local run");
        }
        char[] typed = console.readPassword("Token: ");
        if (typed == null) {
            throw CliFailure.usage("no token typed");
        }
        return new String(typed).strip();
    }

    /** {@code " as alice (org acme, roles [admin]; expires 2026-...)"} from the token's claims, when it is a JWT. */
    private static String describe(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return "";
        }
        try {
            JsonNode claims = Json.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            StringBuilder who = new StringBuilder(" as ").append(Json.text(claims, "sub"));
            List<String> facts = new ArrayList<>();
            if (Json.text(claims, "org") != null) {
                facts.add("org " + Json.text(claims, "org"));
            }
            if (claims.path("roles").size() > 0) {
                facts.add("roles " + claims.get("roles"));
            }
            if (claims.path("exp").canConvertToLong()) {
                facts.add("expires " + Instant.ofEpochSecond(claims.get("exp").asLong()));
            }
            return facts.isEmpty() ? who.toString() : who.append(" (").append(String.join(", ", facts)).append(')').toString();
        } catch (IOException | IllegalArgumentException notAJwt) {
            return "";
        }
    }
}
