package dev.syncmesh.store;

import dev.syncmesh.protocol.model.Hash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Garbage collection's side of {@code sm_object}: the database's clock, the table a page at a time
 * in hash order, and deletes that spare whatever was written since the collection began. A delete
 * names its rows and repeats the age condition, so an object that a concurrent write set {@code
 * stored_at} on again (writes of stored objects do) is never deleted: either the write comes first
 * and the row no longer qualifies, or the delete comes first and the write inserts it again.
 */
public final class ObjectSweep {
  /** An object as the sweep sees it: its hash, size and when it was last written. */
  public record Row(Hash hash, int size, long storedAt) {}

  private final Database database;

  public ObjectSweep(Database database) {
    this.database = database;
  }

  /** The database's clock, in seconds since 1970. */
  public long now() {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT " + database.dialect().epochSeconds());
        ResultSet row = select.executeQuery()) {
      row.next();
      return row.getLong(1);
    } catch (SQLException e) {
      throw failed("reading the clock of", e);
    }
  }

  /** Up to {@code limit} objects after {@code after} (null: from the first), in hash order. */
  public List<Row> page(Hash after, int limit) {
    String sql =
        "SELECT hash, size, stored_at FROM sm_object"
            + (after == null ? "" : " WHERE hash > ?")
            + " ORDER BY hash LIMIT ?";
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      int i = 1;
      if (after != null) {
        select.setBytes(i++, after.bytes());
      }
      select.setInt(i, limit);
      List<Row> rows = new ArrayList<>(limit);
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          rows.add(new Row(Hash.of(result.getBytes(1)), result.getInt(2), result.getLong(3)));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw failed("listing the objects of", e);
    }
  }

  /**
   * Deletes those of {@code hashes} last written before {@code before} (seconds since 1970), in one
   * transaction, and returns the hashes it deleted.
   */
  public Set<Hash> deleteWrittenBefore(List<Hash> hashes, long before) {
    if (hashes.isEmpty()) {
      return Set.of();
    }
    String marks = JdbcObjectStore.marks(hashes);
    try (Connection connection = database.dataSource().getConnection()) {
      int deleted;
      try (PreparedStatement delete =
          connection.prepareStatement(
              "DELETE FROM sm_object WHERE stored_at < ? AND hash IN (" + marks + ")")) {
        delete.setLong(1, before);
        JdbcObjectStore.bind(delete, 2, hashes);
        deleted = delete.executeUpdate();
      }
      Set<Hash> gone = new HashSet<>(hashes);
      if (deleted < hashes.size()) {
        try (PreparedStatement select =
            connection.prepareStatement("SELECT hash FROM sm_object WHERE hash IN (" + marks + ")")) {
          JdbcObjectStore.bind(select, 1, hashes);
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              gone.remove(Hash.of(rows.getBytes(1)));
            }
          }
        }
      }
      return gone;
    } catch (SQLException e) {
      throw failed("deleting " + hashes.size() + " objects from", e);
    }
  }

  private DatabaseException failed(String what, SQLException e) {
    return new DatabaseException(
        what + " the " + database.description() + " failed: " + e.getMessage(), e);
  }
}
