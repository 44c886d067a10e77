package dev.syncmesh.peer;

import dev.syncmesh.store.Database;
import dev.syncmesh.store.DatabaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.pekko.serialization.Serialization;

/**
 * Every peer's state as the journal holds it, read without waking the peer: its latest snapshot
 * and the events after it, applied as the entity applies them ({@link PeerState.Active#apply}).
 * Peers go a page at a time in name order, one range read of the snapshots per page and one of the
 * events per peer; the journal keeps every event (snapshots delete none), so a snapshot replaced
 * while a page is read loses nothing. A state is what was persisted when it was read: a peer that
 * persists more meanwhile is ahead of it.
 */
public final class StoredPeers {
  static final int PAGE = 256;
  private static final String PREFIX = PeerEntity.ENTITY_TYPE_KEY.name() + "|";

  private final Database database;
  private final PeerDirectory directory;
  private final Serialization serialization;

  public StoredPeers(Database database, Serialization serialization) {
    this.database = database;
    this.directory = new PeerDirectory(database);
    this.serialization = serialization;
  }

  /** Calls {@code visit} with the state of every peer that exists, in name order. */
  public void forEach(Consumer<PeerState.Active> visit) {
    String after = null;
    do {
      PeerDirectory.Page page = directory.page(after, PAGE);
      Map<String, Snapshot> snapshots = latestSnapshots(page.names());
      for (String name : page.names()) {
        PeerState state = replay(name, snapshots.get(name));
        if (state instanceof PeerState.Active active) {
          visit.accept(active);
        }
      }
      after = page.next();
    } while (after != null);
  }

  private record Snapshot(long sequenceNr, PeerState state) {}

  private Map<String, Snapshot> latestSnapshots(List<String> names) {
    Map<String, Snapshot> latest = new HashMap<>();
    if (names.isEmpty()) {
      return latest;
    }
    String sql =
        "SELECT persistence_id, sequence_number, snapshot_ser_id, snapshot_ser_manifest,"
            + " snapshot_payload FROM snapshot WHERE persistence_id IN ("
            + String.join(", ", Collections.nCopies(names.size(), "?"))
            + ")";
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < names.size(); i++) {
        select.setString(i + 1, PREFIX + names.get(i));
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String name = rows.getString(1).substring(PREFIX.length());
          long sequenceNr = rows.getLong(2);
          Snapshot known = latest.get(name);
          if (known == null || known.sequenceNr() < sequenceNr) {
            Object state = deserialize(rows.getBytes(5), rows.getInt(3), rows.getString(4), name);
            latest.put(name, new Snapshot(sequenceNr, (PeerState) state));
          }
        }
      }
      return latest;
    } catch (SQLException e) {
      throw new DatabaseException("cannot read the peers' snapshots: " + e.getMessage(), e);
    }
  }

  private PeerState replay(String name, Snapshot snapshot) {
    PeerState state = snapshot == null ? PeerState.Blank.INSTANCE : snapshot.state();
    long from = snapshot == null ? 0 : snapshot.sequenceNr();
    String sql =
        "SELECT event_ser_id, event_ser_manifest, event_payload FROM event_journal"
            + " WHERE persistence_id = ? AND sequence_number > ? AND deleted = FALSE"
            + " ORDER BY sequence_number";
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, PREFIX + name);
      select.setLong(2, from);
      List<PeerEvent> events = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          events.add((PeerEvent) deserialize(rows.getBytes(3), rows.getInt(1), rows.getString(2), name));
        }
      }
      for (PeerEvent event : events) {
        state = apply(state, event);
      }
      return state;
    } catch (SQLException e) {
      throw new DatabaseException("cannot read the events of peer " + name + ": " + e.getMessage(), e);
    }
  }

  /** As the entity's event handler: a blank peer becomes active by its first event. */
  private static PeerState apply(PeerState state, PeerEvent event) {
    if (state instanceof PeerState.Active active) {
      return active.apply(event);
    }
    return event instanceof PeerEvent.PeerCreated created ? PeerState.Active.created(created) : state;
  }

  private Object deserialize(byte[] bytes, int serializerId, String manifest, String peer) {
    try {
      return serialization.deserialize(bytes, serializerId, manifest).get();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "the journal holds a record of peer " + peer + " this build cannot read: " + e, e);
    }
  }
}
