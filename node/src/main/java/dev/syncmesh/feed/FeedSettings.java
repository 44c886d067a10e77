package dev.syncmesh.feed;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The change feed's settings ({@code syncmesh.feed}).
 *
 * @param pollInterval how often an open continuous feed reads its peer's new events from the
 *     journal (the read journal's {@code refresh-interval}, persistence.conf): a new commit reaches
 *     the feed about this soon
 * @param heartbeat how long a continuous feed may be silent before it sends a heartbeat
 */
public record FeedSettings(Duration pollInterval, Duration heartbeat) {
  public FeedSettings {
    if (pollInterval.compareTo(Duration.ofMillis(10)) < 0
        || pollInterval.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException(
          "syncmesh.feed.poll-interval (SYNCMESH_FEED_POLL_INTERVAL) must be from 10ms to 1m, not "
              + pollInterval);
    }
    if (heartbeat.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "syncmesh.feed.heartbeat (SYNCMESH_FEED_HEARTBEAT) must be at least 1s, not " + heartbeat);
    }
  }

  public static FeedSettings fromConfig(Config config) {
    Config feed = config.getConfig("syncmesh.feed");
    return new FeedSettings(feed.getDuration("poll-interval"), feed.getDuration("heartbeat"));
  }
}
