package dev.syncmesh.store;

import com.typesafe.config.Config;
import java.nio.file.Path;

/**
 * Which database a node uses, decided in one place for the object store and the event journal.
 * {@code syncmesh.db.url} ({@code SYNCMESH_DB_URL}) empty means embedded H2 under {@code
 * syncmesh.data} ({@code SYNCMESH_DATA}); a {@code jdbc:mysql:} URL means MySQL.
 */
public record DatabaseSettings(Dialect dialect, String url, String user, String password) {

  /**
   * H2 options: lower-case names as the journal's DDL quotes them; commits written through at once
   * so that an acknowledged write survives {@code kill -9}.
   */
  private static final String H2_OPTIONS =
      ";DATABASE_TO_UPPER=false;WRITE_DELAY=0;MAX_LENGTH_INPLACE_LOB=4096";

  public DatabaseSettings {
    if (password == null) {
      password = "";
    }
  }

  public static DatabaseSettings fromConfig(Config config) {
    String url = config.getString("syncmesh.db.url").trim();
    String user = config.getString("syncmesh.db.user");
    String password = config.getString("syncmesh.db.password");
    if (url.isEmpty()) {
      return h2(Path.of(config.getString("syncmesh.data")));
    }
    return of(url, user, password);
  }

  /** The embedded default: a database file {@code syncmesh.mv.db} in the given folder. */
  public static DatabaseSettings h2(Path dataFolder) {
    Path file = dataFolder.toAbsolutePath().normalize().resolve("syncmesh");
    return new DatabaseSettings(Dialect.H2, "jdbc:h2:file:" + file + H2_OPTIONS, "sa", "");
  }

  /** An in-memory H2 database that lives as long as the JVM: for tests. */
  public static DatabaseSettings h2InMemory(String name) {
    return new DatabaseSettings(
        Dialect.H2, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1" + H2_OPTIONS, "sa", "");
  }

  /** A database given by URL: {@code jdbc:mysql:} or {@code jdbc:mariadb:}-style MySQL, or H2. */
  public static DatabaseSettings of(String url, String user, String password) {
    if (url.startsWith("jdbc:mysql:")) {
      return new DatabaseSettings(Dialect.MYSQL, withMysqlOptions(url), user, password);
    }
    if (url.startsWith("jdbc:h2:")) {
      return new DatabaseSettings(Dialect.H2, url, user.isEmpty() ? "sa" : user, password);
    }
    throw new IllegalArgumentException(
        "SYNCMESH_DB_URL must be a jdbc:mysql: URL (or empty for the embedded H2 database), not "
            + url.replaceAll("//[^@/]*@", "//***@"));
  }

  /** Batched inserts need {@code rewriteBatchedStatements}, or the driver sends rows one by one. */
  private static String withMysqlOptions(String url) {
    String separator = url.contains("?") ? "&" : "?";
    StringBuilder out = new StringBuilder(url);
    if (!url.contains("rewriteBatchedStatements")) {
      out.append(separator).append("rewriteBatchedStatements=true");
      separator = "&";
    }
    if (!url.contains("allowPublicKeyRetrieval")) {
      out.append(separator).append("allowPublicKeyRetrieval=true");
    }
    return out.toString();
  }
}
