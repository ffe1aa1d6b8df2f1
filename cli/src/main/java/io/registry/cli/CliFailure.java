package io.registry.cli;

/**
 * Ends a command with an exit code and one line for standard error (the line says what happened, and when the
 * registry refused, its problem {@code code} and fields).
 */
public class CliFailure extends RuntimeException {

    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static CliFailure usage(String message) {
        return new CliFailure(ExitCode.USAGE, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
