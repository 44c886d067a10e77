package dev.syncmesh.store;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * When the embedded H2 database is compacted while the node runs ({@code syncmesh.db.h2-compaction}):
 * housekeeping looks {@code every} so often and compacts once the store has made {@code
 * afterWrites} writes (about one per commit) since the last compaction.
 */
public record H2Compaction(Duration every, long afterWrites) {
  public static final H2Compaction DEFAULT = new H2Compaction(Duration.ofSeconds(1), 5_000);

  public H2Compaction {
    if (every.isNegative() || every.isZero() || afterWrites < 1) {
      throw new IllegalArgumentException("syncmesh.db.h2-compaction settings must be positive");
    }
  }

  public static H2Compaction fromConfig(Config config) {
    Config compaction = config.getConfig("syncmesh.db.h2-compaction");
    return new H2Compaction(compaction.getDuration("every"), compaction.getLong("after-writes"));
  }
}
