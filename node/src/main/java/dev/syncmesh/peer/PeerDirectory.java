package dev.syncmesh.peer;

import dev.syncmesh.store.Database;
import dev.syncmesh.store.DatabaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which peers exist, a page at a time, read from the event journal: a peer exists exactly when its
 * first event ({@code PeerCreated}, sequence number 1) is in the journal, so the list cannot
 * disagree with it. A page is one range read of the journal's primary key (persistence id, then
 * sequence number) from the first name after {@code after}: its cost grows with the events of the
 * peers on the page, not with the journal.
 */
public final class PeerDirectory {
  /** A page of names in order, and the name to continue after (null on the last page). */
  public record Page(List<String> names, String next) {}

  private static final String PREFIX = PeerEntity.ENTITY_TYPE_KEY.name() + "|";
  /** The first string after every persistence id that starts with the prefix. */
  private static final String PAST_PREFIX =
      PREFIX.substring(0, PREFIX.length() - 1) + (char) (PREFIX.charAt(PREFIX.length() - 1) + 1);
  private static final String PAGE =
      "SELECT persistence_id FROM event_journal WHERE persistence_id > ? AND persistence_id < ?"
          + " AND sequence_number = 1 AND deleted = FALSE ORDER BY persistence_id LIMIT ?";

  private final Database database;

  public PeerDirectory(Database database) {
    this.database = database;
  }

  /** Up to {@code limit} peer names after {@code after} (null: from the first), in order. */
  Page page(String after, int limit) {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query = connection.prepareStatement(PAGE)) {
      query.setString(1, PREFIX + (after == null ? "" : after));
      query.setString(2, PAST_PREFIX);
      query.setInt(3, limit + 1);
      List<String> names = new ArrayList<>(limit);
      boolean more = false;
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          if (names.size() == limit) {
            more = true;
            break;
          }
          names.add(rows.getString(1).substring(PREFIX.length()));
        }
      }
      return new Page(names, more ? names.get(names.size() - 1) : null);
    } catch (SQLException e) {
      throw new DatabaseException("cannot list peers: " + e.getMessage(), e);
    }
  }
}
