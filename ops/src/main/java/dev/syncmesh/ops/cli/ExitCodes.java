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

  /** The help footer of every client command. */
  public static final String FOOTER =
      "%nExit codes:%n"
          + "  0  ok%n"
          + "  1  unexpected or internal error (HTTP 500, unreadable reply)%n"
          + "  2  usage (bad arguments)%n"
          + "  3  not found (HTTP 404)%n"
          + "  4  conflict (HTTP 409: exists, merge pending, unresolved conflicts)%n"
          + "  5  precondition failed (HTTP 412: the record changed)%n"
          + "  6  invalid input (HTTP 400, 413, 415, or bad JSON, key or name given here)%n"
          + "  7  not authorized (HTTP 401, 403; set SYNCMESH_API_TOKEN)%n"
          + "  8  unavailable (connection refused, timeout, HTTP 503)%n"
          + " 10  sync left conflicts for a person (outcome CONFLICTS)%n"
          + " 11  sync succeeded locally but the push failed%n"
          + " 12  sync failed%n"
          + "%nEnvironment: SYNCMESH_URL (default for --url; else SYNCMESH_HOST and%n"
          + "SYNCMESH_HTTP_PORT, the node's own settings), SYNCMESH_API_TOKEN (bearer token).%n";

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
