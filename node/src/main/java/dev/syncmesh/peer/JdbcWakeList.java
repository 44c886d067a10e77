package dev.syncmesh.peer;

import dev.syncmesh.store.Database;
import dev.syncmesh.store.DatabaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The wake list in the node's database, table {@code sm_peer_wake} (autocommitted statements). */
public final class JdbcWakeList implements WakeList {
  private static final String PAGE =
      "SELECT peer, token FROM sm_peer_wake WHERE peer > ? ORDER BY peer LIMIT ?";
  private static final String REMOVE = "DELETE FROM sm_peer_wake WHERE peer = ? AND token = ?";

  private final Database database;
  private final String addSql;

  public JdbcWakeList(Database database) {
    this.database = database;
    this.addSql =
        switch (database.dialect()) {
          case MYSQL ->
              "INSERT INTO sm_peer_wake (peer, token) VALUES (?, ?)"
                  + " ON DUPLICATE KEY UPDATE token = VALUES(token)";
          case H2 -> "MERGE INTO sm_peer_wake (peer, token) KEY (peer) VALUES (?, ?)";
        };
  }

  @Override
  public void add(String peer) {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement add = connection.prepareStatement(addSql)) {
      add.setString(1, peer);
      add.setLong(2, ThreadLocalRandom.current().nextLong());
      add.executeUpdate();
    } catch (SQLException e) {
      throw new DatabaseException("cannot list peer " + peer + " to wake: " + e.getMessage(), e);
    }
  }

  @Override
  public List<Entry> page(String after, int limit) {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query = connection.prepareStatement(PAGE)) {
      query.setString(1, after == null ? "" : after);
      query.setInt(2, limit);
      List<Entry> entries = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          entries.add(new Entry(rows.getString(1), rows.getLong(2)));
        }
      }
      return entries;
    } catch (SQLException e) {
      throw new DatabaseException("cannot read the peers to wake: " + e.getMessage(), e);
    }
  }

  @Override
  public void remove(Entry entry) {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement remove = connection.prepareStatement(REMOVE)) {
      remove.setString(1, entry.peer());
      remove.setLong(2, entry.token());
      remove.executeUpdate();
    } catch (SQLException e) {
      throw new DatabaseException(
          "cannot remove peer " + entry.peer() + " from the wake list: " + e.getMessage(), e);
    }
  }
}
