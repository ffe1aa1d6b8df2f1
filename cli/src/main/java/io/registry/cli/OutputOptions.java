package io.registry.cli;

import picocli.CommandLine.Option;

/** {@code --json}: the registry's JSON as it answered, for scripts, instead of text for people. */
public final class OutputOptions {

    @Option(names = "--json", description = "Print the registry's JSON answer as it is (listings: one page per line).")
    public boolean json;
}
