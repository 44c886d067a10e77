package dev.syncmesh.remote;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.syncmesh.federation.Completeness;
import dev.syncmesh.federation.Intake;
import dev.syncmesh.federation.PackReceiver;
import dev.syncmesh.federation.Resume;
import dev.syncmesh.protocol.model.Hash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What unfinished fetches have received, per peer and remote, in this node's memory: the newest
 * commits a pack brought, where its last section stopped, and the {@link Intake} that checked what
 * came. The next fetch, in the same session or the next, sends them as haves and resume point, so
 * objects verified and stored before a broken transfer are not sent again. Bounded in heap; losing
 * an entry (a restart, an eviction) costs only a resend.
 */
final class FetchMemory {

  /** The commits received (oldest first, at most a few dozen), where to resume, and the intake. */
  record Partial(List<Hash> commits, Resume resume, Intake intake) {
    Partial {
      commits = List.copyOf(commits);
    }

    /** Nothing received yet, into a peer whose history ends at {@code localHead}. */
    static Partial start(Completeness completeness, Hash localHead) {
      return new Partial(List.of(), null, Intake.into(completeness, localHead));
    }

    Partial after(PackReceiver.Received received, int keep) {
      List<Hash> all = new ArrayList<>(commits);
      all.addAll(received.commits());
      List<Hash> kept = all.subList(Math.max(0, all.size() - keep), all.size());
      return new Partial(kept, received.resume() != null ? received.resume() : resume, intake);
    }

    int weight() {
      return intake.weight() + commits.size() * 100;
    }
  }

  /** One remote's entry. */
  final class Slot {
    private final String key;

    private Slot(String key) {
      this.key = key;
    }

    /** What an earlier fetch into the same history left, or a fresh start. */
    Partial get(Completeness completeness, Hash localHead) {
      Partial partial = partials.getIfPresent(key);
      return partial != null && partial.intake().intoHead(localHead)
          ? partial
          : Partial.start(completeness, localHead);
    }

    void set(Partial partial) {
      partials.put(key, partial);
    }

    void clear() {
      partials.invalidate(key);
    }
  }

  private final Cache<String, Partial> partials =
      Caffeine.newBuilder()
          .maximumWeight(64L << 20)
          .<String, Partial>weigher((key, partial) -> partial.weight())
          .expireAfterAccess(Duration.ofHours(1))
          .build();

  Slot slot(String peer, String url, String remotePeer) {
    return new Slot(peer + " " + url + " " + remotePeer);
  }
}
