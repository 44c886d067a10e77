package dev.syncmesh.store;

/** The SQL databases SyncMesh runs on. */
public enum Dialect {
  /** Embedded H2, in a file under the node's data folder: the default. */
  H2,
  /** MySQL 8 or MariaDB 10.11+, through MySQL Connector/J: production. */
  MYSQL;

  /** An SQL expression for the database's clock, in whole seconds since 1970 (UTC). */
  public String epochSeconds() {
    return switch (this) {
      case H2 ->
          "DATEDIFF(SECOND, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00', CURRENT_TIMESTAMP)";
      case MYSQL -> "UNIX_TIMESTAMP()";
    };
  }
}
