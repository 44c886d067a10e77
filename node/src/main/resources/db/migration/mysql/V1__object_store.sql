-- Immutable, content-addressed objects: blobs (1), tree nodes (2), commits (3).
CREATE TABLE IF NOT EXISTS sm_object (
  hash BINARY(32) NOT NULL PRIMARY KEY,
  kind TINYINT NOT NULL,
  size INT NOT NULL,
  data LONGBLOB NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
