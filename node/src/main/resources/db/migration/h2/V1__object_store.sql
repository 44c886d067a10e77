-- Immutable, content-addressed objects: blobs (1), tree nodes (2), commits (3).
-- VARBINARY keeps small objects in the row; values are at most a few MiB.
CREATE TABLE IF NOT EXISTS sm_object (
  hash BINARY(32) NOT NULL PRIMARY KEY,
  kind TINYINT NOT NULL,
  size INT NOT NULL,
  data VARBINARY NOT NULL
);
