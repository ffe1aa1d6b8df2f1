package io.registry.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h, --help} on every command. (The top command's standard options are not inherited: {@code -V, --version}
 * would clash with {@code push --version ID}.)
 */
public final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
}
