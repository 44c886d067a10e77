package dev.syncmesh.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.syncmesh.store.DatabaseSettings;
import dev.syncmesh.store.Dialect;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.persistence.jdbc.db.SlickExtension;
import org.apache.pekko.persistence.jdbc.db.SlickExtensionImpl;
import slick.jdbc.JdbcDataSource;
import slick.jdbc.hikaricp.HikariCPJdbcDataSource;

/**
 * The Pekko Persistence JDBC connection for a node's database: one Slick database shared by the
 * journal, the snapshot store and the read journal (persistence.conf points them at it), on the
 * same URL, user and password as the object store.
 */
final class JournalConfig {
  private static final String SHARED = "pekko-persistence-jdbc.shared-databases.slick.";

  private JournalConfig() {}

  static Config of(DatabaseSettings database) {
    return ConfigFactory.parseMap(
        Map.of(
            SHARED + "profile", profile(database),
            SHARED + "db.driver", driver(database),
            SHARED + "db.url", database.url(),
            SHARED + "db.user", database.user(),
            SHARED + "db.password", database.password(),
            // H2 commits one transaction at a time, each written through to the file; writing the
            // events of every waiting entity in one transaction beats several in parallel.
            "jdbc-journal.parallelism", database.dialect() == Dialect.H2 ? 1 : 8));
  }

  /** The connection pool of that Slick database, as the journal uses it. */
  static DataSource pool(ClassicActorSystemProvider system) {
    SlickExtensionImpl slick = (SlickExtensionImpl) SlickExtension.get(system);
    JdbcDataSource source =
        slick.database(system.classicSystem().settings().config().getConfig("jdbc-journal"))
            .database()
            .source();
    if (source instanceof HikariCPJdbcDataSource hikari) {
      return hikari.ds();
    }
    throw new IllegalStateException(
        "the journal's pool is not HikariCP (persistence.conf) but " + source.getClass());
  }

  private static String profile(DatabaseSettings database) {
    return switch (database.dialect()) {
      case H2 -> "slick.jdbc.H2Profile$";
      case MYSQL -> "slick.jdbc.MySQLProfile$";
    };
  }

  private static String driver(DatabaseSettings database) {
    return switch (database.dialect()) {
      case H2 -> "org.h2.Driver";
      case MYSQL -> "com.mysql.cj.jdbc.Driver";
    };
  }
}
