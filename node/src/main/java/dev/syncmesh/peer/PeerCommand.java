package dev.syncmesh.peer;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.syncmesh.CborSerializable;
import dev.syncmesh.protocol.merge.MergeStrategy;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.merge.MergeRules;
import dev.syncmesh.sync.Access;
import dev.syncmesh.sync.SessionKind;
import dev.syncmesh.sync.TrackingHead;
import dev.syncmesh.sync.PendingMerge;
import dev.syncmesh.sync.RemoteUpdate;
import dev.syncmesh.sync.PhaseReport;
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

  /**
   * A mutation from a caller who waits for its answer until {@code deadlineMillis} (epoch millis):
   * if its batch has not started by then the peer drops it, so that a write whose caller has
   * given up is never applied later.
   */
  record Until(
      @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "@mutation") Mutation mutation,
      long deadlineMillis)
      implements PeerCommand {}

  record Create(ActorRef<PeerReply> replyTo) implements Request {}

  /** The peer's roots and policy, for reads done off the actor ({@link PeerReply.Roots}). */
  record GetRoots(ActorRef<PeerReply> replyTo) implements Request {}

  /**
   * The roots and the sequence number of the last event they reflect ({@link
   * PeerReply.Position}): where a reader of the journal starts to see what happens next.
   */
  record GetPosition(ActorRef<PeerReply> replyTo) implements Request {}

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

  /** The whole state (remotes, sessions, pending merge, history), for reads done off the actor. */
  record GetState(ActorRef<PeerReply> replyTo) implements Request {}

  /**
   * From the {@link PeerWaker}: starts the peer if it is not running and asks whether it still has
   * work that must run without a client ({@link PeerReply.Awake}).
   */
  record Wake(ActorRef<PeerReply> replyTo) implements Request {}

  /**
   * Answers with the session's result when it has finished ({@link PeerReply.SyncFinished}), at
   * once if it already has; {@code session-not-found} when the peer has no such session.
   */
  record AwaitSession(String sessionId, ActorRef<PeerReply> replyTo) implements Request {}

  record SetRemote(String name, RemoteUpdate update, ActorRef<PeerReply> replyTo)
      implements Mutation {}

  record RemoveRemote(String name, ActorRef<PeerReply> replyTo) implements Mutation {}

  record SetAccess(Access access, ActorRef<PeerReply> replyTo) implements Mutation {}

  record SetMergeRules(MergeRules rules, ActorRef<PeerReply> replyTo) implements Mutation {}

  /** Records a remote's head a status call found stored here; answered with Done. */
  record UpdateTracking(String remote, TrackingHead head, ActorRef<PeerReply> replyTo)
      implements Mutation {}

  /**
   * Starts a session with a remote, or joins the one running; answered with {@link
   * PeerReply.SyncAccepted}. {@code followUps}: how many follow-up sessions may run if the remote
   * moves meanwhile; {@code kind} what the session does (null: a sync), which the remote's mode
   * may turn into another kind or refuse; {@code followUpOf} the session it follows up, if any.
   */
  record StartSync(
      String remote,
      MergeStrategy strategy,
      int followUps,
      SessionKind kind,
      String followUpOf,
      ActorRef<PeerReply> replyTo)
      implements Mutation {
    public StartSync(
        String remote, MergeStrategy strategy, int followUps, ActorRef<PeerReply> replyTo) {
      this(remote, strategy, followUps, SessionKind.SYNC, null, replyTo);
    }

    public StartSync(
        String remote,
        MergeStrategy strategy,
        int followUps,
        SessionKind kind,
        ActorRef<PeerReply> replyTo) {
      this(remote, strategy, followUps, kind, null, replyTo);
    }
  }

  /** A session's phase reports its work (or the session ends): persisted before it goes on. */
  record SessionStep(String remote, String sessionId, PhaseReport step, ActorRef<PeerReply> replyTo)
      implements Mutation {}

  /** Internal: a recovered peer counts the resume of an unfinished session before running it. */
  record ResumeSession(String remote, ActorRef<PeerReply> replyTo) implements Mutation {}

  /** A person's choice for one conflict of the pending merge (its value stored already). */
  record ChooseResolution(PendingMerge.Choice choice, ActorRef<PeerReply> replyTo)
      implements Mutation {}

  record CommitMerge(String actor, ActorRef<PeerReply> replyTo) implements Mutation {}

  record AbortMerge(ActorRef<PeerReply> replyTo) implements Mutation {}

  /**
   * Another peer's push: compare-and-swap of the head from {@code expected} to {@code newHead},
   * whose objects are stored; only a fast-forward that the working set can be rebased onto.
   */
  record ReceivePush(Hash expected, Hash newHead, ActorRef<PeerReply> replyTo) implements Mutation {}

  /** Internal: resume every unfinished session after recovery. */
  enum ResumeSessions implements PeerCommand {
    INSTANCE
  }

  /** Internal: a remote's schedule is due. */
  record ScheduledSync(String remote) implements PeerCommand {}

  /** Internal: a session actor stopped. */
  record SessionStopped(String remote, String sessionId) implements PeerCommand {}
}
