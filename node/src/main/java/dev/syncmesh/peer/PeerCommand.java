package dev.syncmesh.peer;

import dev.syncmesh.CborSerializable;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.RecordKey;
import java.util.List;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a peer entity is asked. Commands carry hashes, never record contents: {@link PeerService}
 * stores the values first, so a command stays small wherever the peer lives.
 */
public sealed interface PeerCommand extends CborSerializable {

  /** A command from outside, answered with one {@link PeerReply}. */
  sealed interface Request extends PeerCommand {
    ActorRef<PeerReply> replyTo();
  }

  /** A request that moves {@code head} or the working set: it runs in the mutation lane. */
  sealed interface Mutation extends Request {}

  record Create(ActorRef<PeerReply> replyTo) implements Request {}

  /** The peer's roots and policy, for reads done off the actor ({@link PeerReply.Roots}). */
  record GetRoots(ActorRef<PeerReply> replyTo) implements Request {}

  /**
   * Writes (a value's hash) or deletes (no value) one record; {@code ifMatch} may be null. A small
   * value travels {@code inline} as its canonical JSON text and is stored with the batch's other
   * objects (one write for the whole batch); a large one is stored before the command is sent.
   */
  record WriteRecord(
      RecordKey key,
      Hash value,
      String inline,
      IfMatch ifMatch,
      String actor,
      ActorRef<PeerReply> replyTo)
      implements Mutation {
    /** Values up to this many bytes of canonical JSON travel inline. */
    public static final int MAX_INLINE_BYTES = 64 * 1024;

    public WriteRecord {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(actor, "actor");
      if (inline != null && value == null) {
        throw new IllegalArgumentException("an inline value needs its hash");
      }
    }

    public boolean isDelete() {
      return value == null;
    }
  }

  /** One write of a transaction: a value's hash, or null to delete. */
  record Edit(RecordKey key, Hash value) implements CborSerializable {
    public Edit {
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * Several writes, exactly one commit; {@code message} null means a generated one. The edits
   * travel in {@code edits}, or, for a large transaction, in {@code stored} trees.
   */
  record RunTransaction(
      List<Edit> edits, EditTrees stored, String message, String actor, ActorRef<PeerReply> replyTo)
      implements Mutation {
    public RunTransaction {
      edits = edits == null ? List.of() : List.copyOf(edits);
      Objects.requireNonNull(actor, "actor");
    }
  }

  /** Commits the working set; {@code message} null means a generated one. */
  record CommitWorkingSet(String message, String actor, ActorRef<PeerReply> replyTo)
      implements Mutation {
    public CommitWorkingSet {
      Objects.requireNonNull(actor, "actor");
    }
  }

  record SetAutocommit(AutocommitMode mode, ActorRef<PeerReply> replyTo) implements Mutation {
    public SetAutocommit {
      Objects.requireNonNull(mode, "mode");
    }
  }

  /** The workspace's result for one mutation of a batch: events to persist, then the reply. */
  record Outcome(List<PeerEvent> events, PeerReply reply) implements CborSerializable {
    public Outcome {
      events = List.copyOf(events);
      Objects.requireNonNull(reply, "reply");
    }

    static Outcome reply(PeerReply reply) {
      return new Outcome(List.of(), reply);
    }

    static Outcome of(PeerEvent event, PeerReply reply) {
      return new Outcome(List.of(event), reply);
    }
  }

  /** Internal: a batch's outcomes, in the batch's order, back from the blocking dispatcher. */
  record BatchDone(long batch, List<Outcome> outcomes) implements PeerCommand {
    public BatchDone {
      outcomes = List.copyOf(outcomes);
    }
  }

  /** Internal: a batch failed (the store broke); nothing of it is persisted. */
  record BatchFailed(long batch, String reason) implements PeerCommand {}
}
