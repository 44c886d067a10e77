package dev.syncmesh.sync;

import dev.syncmesh.protocol.model.Hash;
import java.util.concurrent.CompletionStage;

/**
 * The far side of a remote as a session's phases see it: a peer of this mesh, or of another one
 * over HTTP. Every operation fails with a {@link SyncFailure} whose kind says why, and ends by
 * its {@link Deadline}: a call still waiting on the remote then fails with {@code TIMEOUT}.
 */
public interface RemoteLink {

  /** The remote peer's head: {@code null} inside the reply when it has no commit yet. */
  CompletionStage<RemoteHead> head(Deadline deadline);

  /**
   * Makes every object reachable from {@code remoteHead} present in this node's store, verified,
   * and says how much was moved ({@code 0, 0} in one mesh, whose store is shared). {@code
   * localHead} (may be null) is what this side has, for negotiating what it lacks. Counts what
   * it stores into {@code meter} as it goes.
   */
  CompletionStage<Transfer> fetch(Hash remoteHead, Hash localHead, Deadline deadline, SessionMeter meter);

  /**
   * Compare-and-swap of the remote's head from {@code expected} (null: no commit) to {@code
   * newHead}, carrying the objects the remote lacks. Completes when the remote applied it, or when
   * its head already was {@code newHead}; fails with {@code NON_FAST_FORWARD} when the remote's
   * head is neither, {@code REMOTE_REJECTED} or {@code AUTH} when it refuses. Counts what it
   * sends into {@code meter} as it goes.
   */
  CompletionStage<Transfer> push(Hash expected, Hash newHead, Deadline deadline, SessionMeter meter);

  /** A remote head; {@code head} is null when the remote peer has no commit. */
  record RemoteHead(Hash head) {}

  /** Objects and bytes moved by one operation. */
  record Transfer(long objects, long bytes) {
    public static final Transfer NONE = new Transfer(0, 0);
  }
}
