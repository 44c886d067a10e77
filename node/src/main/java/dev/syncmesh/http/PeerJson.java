package dev.syncmesh.http;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.syncmesh.history.CommitEntry;
import dev.syncmesh.peer.AutocommitMode;
import dev.syncmesh.peer.PeerReader;
import dev.syncmesh.peer.PeerReply;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.tree.Change;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the peer API's replies (docs/API.md), made from the service's results. */
final class PeerJson {
  private PeerJson() {}

  record Peers(List<String> peers, String next) {}

  record PeerInfo(
      String name,
      Hash head,
      AutocommitMode autocommit,
      long records,
      long workingSetSize,
      List<dev.syncmesh.sync.Remote> remotes,
      PendingSummary pendingMerge) {}

  /** A pending merge in a peer's description. */
  record PendingSummary(String remote, Hash base, Hash theirs, int conflicts, int unresolved) {
    static PendingSummary of(dev.syncmesh.sync.PendingMerge pending) {
      return pending == null
          ? null
          : new PendingSummary(
              pending.remote(),
              pending.base(),
              pending.theirs(),
              pending.conflictCount(),
              pending.unresolved());
    }
  }

  record Written(String key, Hash hash, Hash commit) {}

  record Committed(Hash commit, int changed, boolean nothingToCommit) {}

  record Mode(AutocommitMode mode) {}

  /** A record in a listing; the value is its canonical JSON text, written as it is. */
  record Record(String key, @JsonRawValue String value) {}

  record Page(List<Record> records, String next) {}

  record ChangeEntry(String key, String change, Hash before, Hash after) {}

  record WorkingSet(long size, List<ChangeEntry> changes, String next) {}

  record Diff(Hash from, Hash to, long size, List<ChangeEntry> changes, String next) {}

  record LogEntry(
      Hash commit,
      Hash tree,
      List<Hash> parents,
      String author,
      String message,
      Instant time,
      long generation) {}

  record Log(List<LogEntry> commits, Hash next) {}

  static PeerInfo info(PeerReader.Info info) {
    return new PeerInfo(
        info.name(),
        info.head(),
        info.autocommit(),
        info.records(),
        info.workingSetSize(),
        info.remotes(),
        PendingSummary.of(info.pendingMerge()));
  }

  static Written written(PeerReply.RecordWrite write) {
    return new Written(write.key().toString(), write.hash(), write.commit());
  }

  static Committed committed(PeerReply.CommitDone done) {
    return new Committed(done.commit(), done.changed(), done.nothingToCommit());
  }

  static Page page(PeerReader.Page page) {
    return new Page(
        page.records().stream()
            .map(r -> new Record(r.key().toString(), r.value().toString()))
            .toList(),
        page.next() == null ? null : page.next().toString());
  }

  static WorkingSet workingSet(PeerReader.Changes changes) {
    return new WorkingSet(changes.size(), changes(changes), next(changes));
  }

  static Diff diff(PeerReader.Diff diff) {
    return new Diff(
        diff.from(), diff.to(), diff.changes().size(), changes(diff.changes()), next(diff.changes()));
  }

  static Log log(dev.syncmesh.history.CommitGraph.LogPage page) {
    return new Log(page.entries().stream().map(PeerJson::logEntry).toList(), page.next());
  }

  static LogEntry logEntry(CommitEntry e) {
    return new LogEntry(
        e.hash(),
        e.commit().tree(),
        e.commit().parents(),
        e.commit().author(),
        e.commit().message(),
        e.commit().time(),
        e.commit().generation());
  }

  static String next(PeerReader.Changes changes) {
    return changes.next() == null ? null : changes.next().toString();
  }

  static List<ChangeEntry> changes(PeerReader.Changes changes) {
    return changes.listed().stream().map(PeerJson::change).toList();
  }

  private static ChangeEntry change(Change change) {
    String kind =
        change.before() == null ? "added" : change.after() == null ? "deleted" : "modified";
    return new ChangeEntry(change.key().toString(), kind, change.before(), change.after());
  }
}
