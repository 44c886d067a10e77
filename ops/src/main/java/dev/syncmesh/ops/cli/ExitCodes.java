package dev.syncmesh.ops.cli;

/** The client's exit codes: one per kind of outcome, so that scripts can branch on them. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int INTERNAL = 1;
  public static final int USAGE = 2;
  public static final int NOT_FOUND = 3;
  public static final int CONFLICT = 4;
  public static final int PRECONDITION_FAILED = 5;
  public static final int INVALID_INPUT = 6;
  public static final int AUTH = 7;
  public static final int UNAVAILABLE = 8;
  public static final int SYNC_CONFLICTS = 10;
  public static final int SYNC_PUSH_FAILED = 11;
  public static final int SYNC_FAILED = 12;

  /** The exit codes' table: {@code syncmesh --help} and {@code syncmesh help exit-codes}. */
  public static final String TABLE =
      "Exit codes:%n"
          + "  0  ok%n"
          + "  1  unexpected or internal error (HTTP 500, unreadable reply)%n"
          + "  2  usage (bad arguments, a --context that names no context)%n"
          + "  3  not found (HTTP 404)%n"
          + "  4  conflict (HTTP 409: exists, merge pending, unresolved conflicts)%n"
          + "  5  precondition failed (HTTP 412: the record changed)%n"
          + "  6  invalid input (HTTP 400, 413, 415, or bad JSON, key or name given here,%n"
          + "     or a bad config file)%n"
          + "  7  not authorized (HTTP 401, 403; set SYNCMESH_API_TOKEN; or the context's%n"
          + "     token is not there)%n"
          + "  8  unavailable (connection refused, timeout, HTTP 503)%n"
          + " 10  sync left conflicts for a person (outcome CONFLICTS)%n"
          + " 11  sync succeeded locally but the push failed%n"
          + " 12  sync failed%n";

  /** What the client reads from its environment, in {@code syncmesh --help}. */
  public static final String ENVIRONMENT =
      "Environment:%n"
          + "  SYNCMESH_URL        the node (default for --url; else the context's URL, else%n"
          + "                      the node SYNCMESH_HOST and SYNCMESH_HTTP_PORT configure)%n"
          + "  SYNCMESH_API_TOKEN  the bearer token (default: the context's)%n"
          + "  SYNCMESH_CONFIG     the config file of contexts (syncmesh context --help;%n"
          + "                      default $XDG_CONFIG_HOME/syncmesh/config.toml, else%n"
          + "                      ~/.config/syncmesh/config.toml)%n";

  /** The help footer of {@code syncmesh} itself. */
  public static final String FOOTER = "%n" + TABLE + "%n" + ENVIRONMENT;

  /** The help footer of every client command: the table is in one place. */
  public static final String POINTER = "%nExit codes: syncmesh help exit-codes%n";

  private ExitCodes() {}

  /** The exit code for an HTTP error status. */
  static int forStatus(int status) {
    return switch (status) {
      case 400, 413, 415, 422 -> INVALID_INPUT;
      case 401, 403 -> AUTH;
      case 404 -> NOT_FOUND;
      case 409 -> CONFLICT;
      case 412 -> PRECONDITION_FAILED;
      case 408, 429, 502, 503, 504 -> UNAVAILABLE;
      default -> INTERNAL;
    };
  }
}
