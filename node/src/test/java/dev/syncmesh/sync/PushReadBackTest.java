package dev.syncmesh.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.syncmesh.merge.MergeRules;
import dev.syncmesh.history.CommitGraph;
import dev.syncmesh.peer.AutocommitMode;
import dev.syncmesh.peer.PeerCommand;
import dev.syncmesh.peer.PeerReply;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.store.InMemoryObjectStore;
import dev.syncmesh.store.StagedObjectStore;
import dev.syncmesh.tree.ProllyTree;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The push phase decides whether a push landed: a push the remote answered has landed (the remote
 * moved its head before answering) and costs no further call; when the push call failed, the
 * remote's head is read back, and a reply lost after the remote applied the push is a landed push,
 * not an error.
 */
class PushReadBackTest {
  private static ActorTestKit testKit;

  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final StagedObjectStore staged = new StagedObjectStore(store);
  private final CommitGraph commits = new CommitGraph(staged);
  private final Hash tree = storedTree();
  private final Hash base = commit(List.of(), "base");
  private final Hash ours = commit(List.of(base), "ours");

  @BeforeAll
  static void start() {
    testKit =
        ActorTestKit.create(
            ConfigFactory.parseString("pekko.actor.provider = local\npekko.loglevel = WARNING")
                .withFallback(ConfigFactory.load()));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aPushTheRemoteAnsweredLandedWithoutReadingTheHeadBack() throws Exception {
    FakeRemote remote = new FakeRemote(base, true, true);

    assertLanded(push(remote), remote);
    assertThat(remote.headReads.get()).isZero();
  }

  @Test
  void aPushWhoseReplyIsLostAfterItLandedCountsAsLanded() throws Exception {
    FakeRemote remote = new FakeRemote(base, true, false);

    assertLanded(push(remote), remote);
    assertThat(remote.headReads.get()).isEqualTo(1);
  }

  private void assertLanded(PhaseReport.Pushed report, FakeRemote remote) {
    assertThat(remote.head.get()).isEqualTo(ours);
    assertThat(report.landed()).isTrue();
    assertThat(report.pushedCommits()).isEqualTo(1);
    assertThat(report.pushError()).isNull();
    assertThat(report.record().status()).isEqualTo(PhaseStatus.COMPLETED);
  }

  @Test
  void aPushThatFailedAndDidNotLandKeepsItsError() throws Exception {
    FakeRemote remote = new FakeRemote(base, false, false);

    PhaseReport.Pushed report = push(remote);

    assertThat(remote.head.get()).isEqualTo(base);
    assertThat(report.landed()).isFalse();
    assertThat(report.pushedCommits()).isZero();
    assertThat(report.pushError().kind()).isEqualTo(SyncErrorKind.NETWORK);
    assertThat(report.record().status()).isEqualTo(PhaseStatus.FAILED);
  }

  private PhaseReport.Pushed push(FakeRemote remote) throws Exception {
    Remote target = new Remote("r", "b", null, null, true, null);
    Instant now = Instant.now();
    SessionProgress progress =
        SessionProgress.start("s-1", target, null, MergeRules.NONE, now, 0)
            .afterFetch(ours, base, RemoteLink.Transfer.NONE, done(SyncPhase.FETCH, now))
            .afterMerge(SyncOutcome.REMOTE_BEHIND, base, 0, false, null, 0, done(SyncPhase.MERGE, now));
    assertThat(progress.nextPhase()).isEqualTo(SyncPhase.PUSH);

    ActorRef<PeerCommand> peer =
        testKit.spawn(
            Behaviors.receiveMessage(
                command -> {
                  if (command instanceof PeerCommand.GetRoots get) {
                    get.replyTo().tell(new PeerReply.Roots("a", ours, null, null, AutocommitMode.ON));
                  }
                  return Behaviors.same();
                }));
    SyncSettings settings =
        new SyncSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), 0, Map.of());
    SyncKit kit =
        new SyncKit(
            (name, r) -> remote,
            new SyncMerger(staged, new ProllyTree(staged), commits, Clock.systemUTC()),
            Runnable::run,
            settings);
    SyncSession.Context context =
        new SyncSession.Context(peer, "a", remote, kit, testKit.system().scheduler(), SessionMeter.NONE);
    return (PhaseReport.Pushed)
        new PhaseWork(SyncPhase.PUSH, progress, context, now, Deadline.after(Duration.ofSeconds(10)))
            .run()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  private Hash commit(List<Hash> parents, String message) {
    return commits.write(
        commits.newCommit(tree, parents, "test", message, Instant.EPOCH));
  }

  /** Every commit here points to one stored (empty) tree node. */
  private Hash storedTree() {
    StoredObject node = StoredObject.of(ObjectKind.NODE, "[]".getBytes(StandardCharsets.UTF_8));
    store.putAll(List.of(node));
    return node.hash();
  }

  private static PhaseRecord done(SyncPhase phase, Instant at) {
    return new PhaseRecord(phase, PhaseStatus.COMPLETED, at, at);
  }

  /** A remote that applies a push or not, then answers it or fails the call. */
  private static final class FakeRemote implements RemoteLink {
    final AtomicReference<Hash> head;
    final AtomicInteger headReads = new AtomicInteger();
    private final boolean applies;
    private final boolean answers;

    FakeRemote(Hash head, boolean applies, boolean answers) {
      this.head = new AtomicReference<>(head);
      this.applies = applies;
      this.answers = answers;
    }

    @Override
    public CompletionStage<RemoteHead> head(Deadline deadline) {
      headReads.incrementAndGet();
      return CompletableFuture.completedFuture(new RemoteHead(head.get()));
    }

    @Override
    public CompletionStage<Transfer> fetch(
      Hash remoteHead, Hash localHead, Deadline deadline, SessionMeter meter) {
      return CompletableFuture.completedFuture(Transfer.NONE);
    }

    @Override
    public CompletionStage<Transfer> push(
      Hash expected, Hash newHead, Deadline deadline, SessionMeter meter) {
      if (applies) {
        head.compareAndSet(expected, newHead);
      }
      if (answers) {
        return CompletableFuture.completedFuture(Transfer.NONE);
      }
      return CompletableFuture.failedFuture(
          new SyncFailure(SyncErrorKind.NETWORK, "connection reset before the reply"));
    }
  }
}
