package dev.syncmesh.peer;

import dev.syncmesh.store.Database;
import dev.syncmesh.store.DatabaseException;
import dev.syncmesh.sync.HistoryEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.serialization.Serialization;

/**
 * A peer's whole sync history as the journal keeps it (the state keeps only the newest {@link
 * PeerState.Active#HISTORY_KEPT}): its {@code SyncEnded} events, newest first, read straight from
 * the journal table a chunk at a time, without waking the peer. Only those events are read: the
 * serializer's manifest (the event's class) selects them.
 */
public final class JournalHistory {
  static final int CHUNK = 512;
  private static final String PREFIX = PeerEntity.ENTITY_TYPE_KEY.name() + "|";
  private static final String MANIFEST = PeerEvent.SyncEnded.class.getName();

  private final Database database;
  private final Serialization serialization;

  public JournalHistory(Database database, Serialization serialization) {
    this.database = database;
    this.serialization = serialization;
  }

  /** What {@link #older} found: the entries, and whether session {@code before} was found. */
  public record Found(List<HistoryEntry> entries, boolean beforeFound) {}

  /**
   * Up to {@code limit} finished sessions of {@code peer} (of {@code remote}, or all), newest
   * first, older than session {@code before} (all of them when null).
   */
  public Found older(String peer, String before, String remote, int limit) {
    List<HistoryEntry> found = new ArrayList<>();
    boolean passed = before == null;
    long below = Long.MAX_VALUE;
    String sql =
        "SELECT sequence_number, event_ser_id, event_payload FROM event_journal"
            + " WHERE persistence_id = ? AND event_ser_manifest = ? AND sequence_number < ?"
            + " AND deleted = FALSE ORDER BY sequence_number DESC LIMIT " + CHUNK;
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      while (found.size() < limit) {
        select.setString(1, PREFIX + peer);
        select.setString(2, MANIFEST);
        select.setLong(3, below);
        int rows = 0;
        try (ResultSet row = select.executeQuery()) {
          while (row.next() && found.size() < limit) {
            rows++;
            below = row.getLong(1);
            HistoryEntry entry = entry(row.getBytes(3), row.getInt(2), peer);
            if (!passed) {
              passed = entry.sessionId().equals(before);
            } else if (remote == null || remote.equals(entry.remote())) {
              found.add(entry);
            }
          }
        }
        if (rows < CHUNK) {
          break;
        }
      }
      return new Found(found, passed);
    } catch (SQLException e) {
      throw new DatabaseException(
          "cannot read the sync history of peer " + peer + ": " + e.getMessage(), e);
    }
  }

  private HistoryEntry entry(byte[] payload, int serializerId, String peer) {
    try {
      return ((PeerEvent.SyncEnded) serialization.deserialize(payload, serializerId, MANIFEST).get())
          .entry();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "the journal holds a sync event of peer " + peer + " this build cannot read: " + e, e);
    }
  }
}
