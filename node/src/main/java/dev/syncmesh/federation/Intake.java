package dev.syncmesh.federation;

import dev.syncmesh.protocol.model.Hash;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One transfer into a peer, pack after pack (a push in parts, a fetch in rounds): after each pack,
 * the commits it completed are checked ({@link Completeness}) against the peer's history, the
 * commits checked before and what the pack brought; those that pass are trusted from then on. What
 * is kept between packs is small: the checked commits and the objects of a section that a pack
 * left unfinished (the next pack resumes it), not every object the transfer brought.
 */
public final class Intake {
  /** What keeping one checked commit or carried object costs, roughly, in heap. */
  private static final int ENTRY_BYTES = 100;

  private final Completeness completeness;
  private final List<Hash> history;
  private final Set<Hash> verified = new HashSet<>();
  private Brought open = Brought.NONE;

  /** A transfer into a peer whose history ends at {@code history} (empty for an empty peer). */
  public Intake(Completeness completeness, Collection<Hash> history) {
    this.completeness = completeness;
    this.history = List.copyOf(history);
  }

  /** A transfer into a peer whose head is {@code head} (null for an empty peer). */
  public static Intake into(Completeness completeness, Hash head) {
    return new Intake(completeness, head == null ? List.of() : List.of(head));
  }

  /** Whether this transfer goes into a peer whose head is {@code head}. */
  public boolean intoHead(Hash head) {
    return history.equals(head == null ? List.of() : List.of(head));
  }

  /**
   * Takes a received pack (complete or not, refused or not: what it stored counts): checks the
   * commits it brought; null if they pass, else why not.
   */
  public synchronized PackFailure take(PackReceiver.Received received) {
    Brought brought = open.plus(received.brought());
    if (!received.commits().isEmpty()) {
      Completeness.Verdict verdict =
          completeness.check(received.commits(), completeness.trust(history, verified), brought);
      if (!verdict.complete()) {
        return verdict.failure();
      }
      verified.addAll(received.commits());
      open = received.open();
    } else {
      open = open.plus(received.open());
    }
    return null;
  }

  /** Whether {@code head} is complete here: in the peer's history or checked; null if so. */
  public synchronized PackFailure reaches(Hash head) {
    Completeness.Verdict verdict =
        completeness.check(List.of(head), completeness.trust(history, verified), Brought.NONE);
    return verdict.complete() ? null : verdict.failure();
  }

  /** Roughly what this intake holds in heap, for caches that bound it. */
  public synchronized int weight() {
    return (verified.size() + open.size()) * ENTRY_BYTES + 256;
  }
}
