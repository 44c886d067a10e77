package dev.syncmesh.sync;

import dev.syncmesh.CborSerializable;
import dev.syncmesh.merge.MergeRules;
import dev.syncmesh.protocol.merge.MergeStrategy;

/**
 * The settings a {@code PUT .../remotes/{name}} gives: null means "keep" (or the default for a new
 * remote), except the schedule and the strategy, where {@code scheduleGiven} and {@code
 * strategyGiven} tell a given null (no schedule, no default strategy) from an absent one.
 */
public record RemoteUpdate(
    String peer,
    String url,
    String credential,
    Boolean push,
    boolean scheduleGiven,
    Integer syncEverySeconds,
    boolean strategyGiven,
    MergeStrategy strategy,
    MergeRules mergeRules,
    RemoteMode mode)
    implements CborSerializable {

  /** An update of the connection and schedule only. */
  public RemoteUpdate(
      String peer,
      String url,
      String credential,
      Boolean push,
      boolean scheduleGiven,
      Integer syncEverySeconds) {
    this(peer, url, credential, push, scheduleGiven, syncEverySeconds, false, null, null, null);
  }

  /** A new remote with these settings, the defaults where none is given. */
  public Remote create(String name) {
    return new Remote(
        name,
        peer,
        url,
        credential,
        push == null || push,
        scheduleGiven ? syncEverySeconds : null,
        strategy,
        mergeRules,
        mode);
  }
}
