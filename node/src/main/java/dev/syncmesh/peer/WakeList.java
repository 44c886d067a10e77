package dev.syncmesh.peer;

import java.util.List;

/**
 * The peers that must run without a client asking: those with an unfinished sync session or a
 * remote with a schedule. Every other peer may passivate and start again on its next command, so a
 * node keeps in memory, and a start or failover brings back, only the peers listed here.
 *
 * <p>A peer adds itself before it persists work of that kind (a row too many costs one wake-up,
 * one too few would strand a session). Only {@link PeerWaker} removes rows, and only a row whose
 * token has not changed since it read it, after the peer said it has nothing to do: a peer that
 * added itself again meanwhile keeps its row.
 */
public interface WakeList {
  /** A listed peer and the token of its latest addition. */
  record Entry(String peer, long token) {}

  /** Lists {@code peer} (again, with a new token); durable when it returns. */
  void add(String peer);

  /** Up to {@code limit} entries after {@code after} (null: from the first), by peer name. */
  List<Entry> page(String after, int limit);

  /** Removes the entry unless its peer added itself again since it was read. */
  void remove(Entry entry);
}
