-- Peers that must run without a client asking: an unfinished sync session or a scheduled remote.
-- A peer adds itself (a new token each time) before it persists such work; the waker wakes every
-- peer listed and removes a row only if its token is unchanged since it read it and the peer said
-- it has nothing to do.
CREATE TABLE IF NOT EXISTS sm_peer_wake (
  peer VARCHAR(255) NOT NULL PRIMARY KEY,
  token BIGINT NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
