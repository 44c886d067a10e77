package dev.syncmesh.sync;

import dev.syncmesh.CborSerializable;

/**
 * The settings a {@code PUT .../remotes/{name}} gives: null means "keep" (or the default for a new
 * remote), except the schedule, where {@code scheduleGiven} tells a given null (no schedule) from
 * an absent one.
 */
public record RemoteUpdate(
    String peer,
    String url,
    String credential,
    Boolean push,
    boolean scheduleGiven,
    Integer syncEverySeconds)
    implements CborSerializable {

  /** A new remote with these settings, the defaults where none is given. */
  public Remote create(String name) {
    return new Remote(
        name, peer, url, credential, push == null || push, scheduleGiven ? syncEverySeconds : null);
  }
}
