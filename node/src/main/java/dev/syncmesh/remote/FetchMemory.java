package dev.syncmesh.remote;

import dev.syncmesh.federation.PackReceiver;
import dev.syncmesh.federation.Resume;
import dev.syncmesh.protocol.model.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What unfinished fetches have received, per peer and remote, in this node's memory: the newest
 * commits a pack brought and where its last section stopped. The next fetch, in the same session or
 * the next, sends them as haves and resume point, so objects verified and stored before a broken
 * transfer are not sent again. Losing it (a restart) costs only a resend.
 */
final class FetchMemory {

  /** The commits received (oldest first, at most a few dozen) and where to resume. */
  record Partial(List<Hash> commits, Resume resume) {
    static final Partial NONE = new Partial(List.of(), null);

    Partial {
      commits = List.copyOf(commits);
    }

    Partial after(PackReceiver.Received received, int keep) {
      List<Hash> all = new ArrayList<>(commits);
      all.addAll(received.commits());
      List<Hash> kept = all.subList(Math.max(0, all.size() - keep), all.size());
      return new Partial(kept, received.resume() != null ? received.resume() : resume);
    }
  }

  /** One remote's entry. */
  final class Slot {
    private final String key;

    private Slot(String key) {
      this.key = key;
    }

    Partial get() {
      return partials.getOrDefault(key, Partial.NONE);
    }

    void set(Partial partial) {
      partials.put(key, partial);
    }

    void clear() {
      partials.remove(key);
    }
  }

  private final Map<String, Partial> partials = new ConcurrentHashMap<>();

  Slot slot(String peer, String url, String remotePeer) {
    return new Slot(peer + " " + url + " " + remotePeer);
  }
}
