package dev.syncmesh.store;

/**
 * The database failed: it is unreachable, its schema cannot be migrated, or a statement failed.
 * This is broken infrastructure, not bad input, so it is unchecked and never swallowed.
 */
public final class DatabaseException extends RuntimeException {
  public DatabaseException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The message of the innermost cause: usually the one that says what went wrong. */
  static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
