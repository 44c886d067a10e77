package dev.syncmesh.store;

/** The SQL databases SyncMesh runs on. */
public enum Dialect {
  /** Embedded H2, in a file under the node's data folder: the default. */
  H2,
  /** MySQL 8 or MariaDB 10.11+, through MySQL Connector/J: production. */
  MYSQL
}
