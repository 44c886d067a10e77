package dev.syncmesh.ops.cli;

/**
 * A failed command: printed as one line {@code syncmesh: <title>: <detail>} on stderr, and the
 * process exits with {@link #exitCode()}.
 */
final class CliException extends Exception {
  private final int exitCode;
  private final String title;
  private final String detail;

  CliException(int exitCode, String title, String detail) {
    super(title + ": " + detail);
    this.exitCode = exitCode;
    this.title = title;
    this.detail = detail;
  }

  static CliException invalid(String title, String detail) {
    return new CliException(ExitCodes.INVALID_INPUT, title, detail);
  }

  int exitCode() {
    return exitCode;
  }

  /** The one line printed on stderr. */
  String line() {
    return detail == null || detail.isBlank()
        ? "syncmesh: " + title
        : "syncmesh: " + title + ": " + detail;
  }
}
