package dev.syncmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.CborSerializable;
import dev.syncmesh.merge.MergeRules;
import dev.syncmesh.cluster.ClusterOverview;
import dev.syncmesh.cluster.SessionRegistry;
import dev.syncmesh.peer.PeerCommand.Edit;
import dev.syncmesh.peer.PeerCommand.Outcome;
import dev.syncmesh.protocol.merge.MergeStrategy;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.sync.Access;
import dev.syncmesh.sync.HistoryEntry;
import dev.syncmesh.sync.PendingMerge;
import dev.syncmesh.sync.PhaseRecord;
import dev.syncmesh.sync.PhaseReport;
import dev.syncmesh.sync.PhaseStatus;
import dev.syncmesh.sync.Remote;
import dev.syncmesh.sync.RemoteLink;
import dev.syncmesh.sync.RemoteMode;
import dev.syncmesh.sync.RemoteUpdate;
import dev.syncmesh.sync.SessionKind;
import dev.syncmesh.sync.SessionProgress;
import dev.syncmesh.sync.SyncError;
import dev.syncmesh.sync.SyncErrorKind;
import dev.syncmesh.sync.SyncOutcome;
import dev.syncmesh.sync.SyncPhase;
import dev.syncmesh.sync.SyncResult;
import dev.syncmesh.sync.TrackingHead;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.tree.ProllyTree;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;

/** Every command, reply, event and state of a peer survives a Jackson-CBOR round trip. */
class PeerSerializationTest {
  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create(PeerTestConfig.config());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static final Hash A = Hash.parse("a".repeat(64));
  private static final Hash B = Hash.parse("b".repeat(64));
  private static final Hash C = Hash.parse("c".repeat(64));
  private static final RecordKey KEY = new RecordKey("tasks", "t-1");
  private static final Remote REMOTE =
      new Remote("r", "beta", null, null, true, 60, MergeStrategy.OURS, null, RemoteMode.PULL_ONLY);
  private static final PhaseRecord RECORD =
      new PhaseRecord(SyncPhase.FETCH, PhaseStatus.COMPLETED, Instant.EPOCH, Instant.EPOCH);
  private static final MergeRules RULES =
      MergeRules.of(
          java.util.Map.of(
              "tasks", java.util.Map.of("updated_at", "max", "labels", "union", "*", "manual"),
              "*", java.util.Map.of("*", "lww:updated_at")));
  private static final SessionProgress SESSION =
      SessionProgress.start("s-1", SessionKind.PULL, REMOTE, MergeStrategy.THEIRS, RULES, Instant.EPOCH, 1)
          .afterFetch(A, B, new RemoteLink.Transfer(1, 2), RECORD)
          .resumed();
  private static final PendingMerge PENDING =
      new PendingMerge("s-1", "r", A, B, C, 2,
          List.of(new PendingMerge.Choice("tasks/t-1", "title", dev.syncmesh.protocol.merge.Resolution.Choice.VALUE, A)),
          RULES, MergeStrategy.OURS);

  @Test
  void everyMessageEventAndStateRoundTrips() {
    TestProbe<PeerReply> probe = testKit.createTestProbe();
    ActorRef<PeerReply> replyTo = probe.ref();
    List<PeerEvent> events =
        List.of(
            new PeerEvent.PeerCreated("alpha", Instant.parse("2026-01-02T03:04:05.123456Z")),
            new PeerEvent.RecordWritten("tasks/t-1", A, B, C),
            new PeerEvent.RecordWritten("tasks/t-1", null, B, null),
            new PeerEvent.TransactionApplied(A, B, C, 7),
            new PeerEvent.TransactionApplied(null, B, C, 0),
            new PeerEvent.WorkingSetCommitted(A, 3),
            new PeerEvent.AutocommitSet(AutocommitMode.BATCH));
    List<PeerReply> replies =
        List.of(
            new PeerReply.Roots("alpha", A, B, C, AutocommitMode.OFF),
            new PeerReply.Roots("alpha", null, ProllyTree.EMPTY, ProllyTree.EMPTY, AutocommitMode.ON),
            new PeerReply.RecordWrite(KEY, A, B, true),
            new PeerReply.RecordWrite(KEY, null, null, false),
            new PeerReply.CommitDone(A, 2, false),
            PeerReply.CommitDone.nothing(),
            new PeerReply.Autocommit(AutocommitMode.ON),
            new PeerReply.Rejected(PeerError.PRECONDITION_FAILED, "changed"),
            new PeerReply.Position(new PeerReply.Roots("alpha", A, B, C, AutocommitMode.ON), 42));
    List<PeerCommand> commands =
        List.of(
            new PeerCommand.Create(replyTo),
            new PeerCommand.GetRoots(replyTo),
            new PeerCommand.GetPosition(replyTo),
            new PeerCommand.WriteRecord(KEY, A, "{\"a\":1}", new IfMatch(true, List.of()), "alice", replyTo),
            new PeerCommand.WriteRecord(KEY, null, null, IfMatch.parse("\"" + A + "\", \"" + B + "\""), "bob", replyTo),
            new PeerCommand.RunTransaction(
                List.of(new Edit(KEY, A), new Edit(new RecordKey("tasks", "t-2"), null)), null, "msg", "carol", replyTo),
            new PeerCommand.RunTransaction(List.of(new Edit(KEY, B)), null, null, "api", replyTo),
            new PeerCommand.RunTransaction(List.of(), new EditTrees(A, B), "big", "api", replyTo),
            new PeerCommand.CommitWorkingSet("message", "dave", replyTo),
            new PeerCommand.CommitWorkingSet(null, "api", replyTo),
            new PeerCommand.SetAutocommit(AutocommitMode.OFF, replyTo),
            new PeerCommand.BatchDone(
                42, List.of(new Outcome(events, replies.get(2)), Outcome.reply(replies.get(7)))),
            new PeerCommand.BatchFailed(43, "database down"));
    List<PeerState> states =
        List.of(
            PeerState.Blank.INSTANCE,
            new PeerState.Active("alpha", Instant.EPOCH, null, ProllyTree.EMPTY, ProllyTree.EMPTY, AutocommitMode.ON, null, null, null, null, null, null, null),
            new PeerState.Active("alpha", Instant.now(), A, B, C, AutocommitMode.BATCH,
                java.util.Map.of("r", REMOTE), java.util.Map.of("r", SESSION), PENDING,
                List.of(new HistoryEntry("s-1", "r", SyncOutcome.MERGED, Instant.EPOCH, A)),
                new Access(List.of("east"), List.of()), RULES,
                java.util.Map.of("r", new TrackingHead(C, Instant.EPOCH))));
    List<CborSerializable> sync =
        List.of(
            new PeerEvent.RemoteSet(REMOTE),
            new PeerEvent.RemoteSet(new Remote("f", "x", "https://east:8080", "east", false, null)),
            new PeerEvent.RemoteRemoved("r"),
            new PeerEvent.AccessSet(new Access(List.of("a"), List.of("b"))),
            new PeerEvent.MergeRulesSet(RULES),
            new PeerEvent.MergeRulesSet(MergeRules.NONE),
            new PeerEvent.TrackingUpdated("r", new TrackingHead(A, Instant.EPOCH)),
            new PeerEvent.TrackingUpdated("r", new TrackingHead(null, Instant.EPOCH)),
            PeerEvent.SyncProgressed.of(SESSION),
            new PeerEvent.SyncProgressed(SESSION, A, B, C, PENDING),
            new PeerEvent.SyncEnded(new HistoryEntry("s-1", "r", SyncOutcome.FAILED, Instant.EPOCH, B)),
            new PeerEvent.ConflictChosen(PENDING.choices().get(0)),
            new PeerEvent.MergeCommitted(A, B, C),
            new PeerEvent.MergeAborted(),
            new PeerEvent.PushReceived(A, B, C),
            new PeerCommand.GetState(replyTo),
            new PeerCommand.AwaitSession("s-1", replyTo),
            new PeerCommand.SetRemote("r", new RemoteUpdate("p", null, null, true, true, null), replyTo),
            new PeerCommand.RemoveRemote("r", replyTo),
            new PeerCommand.SetAccess(Access.NONE, replyTo),
            new PeerCommand.SetMergeRules(RULES, replyTo),
            new PeerCommand.UpdateTracking("r", new TrackingHead(B, Instant.EPOCH), replyTo),
            new PeerCommand.StartSync("r", MergeStrategy.OURS, 3, replyTo),
            new PeerCommand.StartSync("r", null, 0, SessionKind.FETCH, replyTo),
            new PeerCommand.SessionStep("r", "s-1", new PhaseReport.Fetched(RECORD, A, new RemoteLink.Transfer(3, 4)), replyTo),
            new PeerCommand.SessionStep("r", "s-1", new PhaseReport.Merged(RECORD, A,
                new PhaseReport.MergeOutcome(SyncOutcome.MERGED, A, 2, B, C, null, 0)), replyTo),
            new PeerCommand.SessionStep("r", "s-1", new PhaseReport.Resolved(RECORD, null, null), replyTo),
            new PeerCommand.SessionStep("r", "s-1", new PhaseReport.Pushed(RECORD, false, 0,
                new SyncError(SyncErrorKind.NON_FAST_FORWARD, SyncPhase.PUSH, "moved"), true), replyTo),
            new PeerCommand.SessionStep("r", "s-1", new PhaseReport.Failed(RECORD,
                new SyncError(SyncErrorKind.NOT_FOUND, SyncPhase.FETCH, "gone")), replyTo),
            new PeerCommand.SessionStep("r", "s-1", new PhaseReport.End(), replyTo),
            new PeerCommand.ResumeSession("r", replyTo),
            new PeerCommand.ChooseResolution(PENDING.choices().get(0), replyTo),
            new PeerCommand.CommitMerge("alice", replyTo),
            new PeerCommand.AbortMerge(replyTo),
            new PeerCommand.Until(new PeerCommand.CommitMerge("alice", replyTo), 1_700_000_000_000L),
            new PeerCommand.ReceivePush(null, A, replyTo),
            PeerCommand.ResumeSessions.INSTANCE,
            new PeerCommand.ScheduledSync("r"),
            new PeerCommand.SessionStopped("r", "s-1"),
            new PeerReply.RemoteDone(REMOTE),
            new PeerReply.AccessDone(Access.NONE),
            new PeerReply.MergeRulesDone(RULES),
            new PeerReply.Done(),
            new PeerReply.SyncAccepted("s-1", true),
            new PeerReply.StepDone(SESSION),
            new PeerReply.SyncFinished(null, new HistoryEntry("s-1", "r", SyncOutcome.UP_TO_DATE, Instant.EPOCH, A)),
            new PeerReply.SyncFinished(
                SyncResult.of("alpha", SESSION, List.of(dev.syncmesh.protocol.merge.Conflict.ofRecord(KEY, null,
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("a", 1), null)),
                    Instant.EPOCH, A), null),
            new PeerReply.Unresolved(2),
            // The session registry is asked across nodes by GET /cluster.
            new SessionRegistry.Snapshot(testKit.<SessionRegistry.Sessions>createTestProbe().ref()),
            new SessionRegistry.Sessions(List.of(ClusterOverview.SessionView.of("alpha", SESSION))));
    sync.forEach(value -> assertThat(roundTrip(value)).as(value.toString()).isEqualTo(value));

    Stream.of(events, replies, commands, states)
        .flatMap(List::stream)
        .forEach(value -> assertThat(roundTrip(value)).as(value.toString()).isEqualTo(value));
  }

  @Test
  void eventsStaySmall() {
    byte[] event = serialize(new PeerEvent.RecordWritten("tasks/" + "x".repeat(128), A, B, C));
    assertThat(event.length).isLessThan(400);
  }

  @Test
  void stateReadFromAnOlderSnapshotWithoutNewFieldsGetsDefaults() {
    PeerState.Active state =
        new PeerState.Active("alpha", Instant.EPOCH, null, null, null, null, null, null, null, null, null, null, null);
    assertThat(state.headTree()).isEqualTo(ProllyTree.EMPTY);
    assertThat(state.workingRoot()).isEqualTo(ProllyTree.EMPTY);
    assertThat(state.autocommit()).isEqualTo(AutocommitMode.ON);
    assertThat(state.remotes()).isEmpty();
    assertThat(state.sessions()).isEmpty();
    assertThat(state.history()).isEmpty();
    assertThat(state.access()).isEqualTo(Access.NONE);
    assertThat(state.mergeRules()).isEqualTo(MergeRules.NONE);
    assertThat(state.tracking()).isEmpty();
  }

  @Test
  void payloadsStoredBeforeMergeRulesReadWithoutRules() throws Exception {
    // What an older node wrote: the same payloads without the mergeRules (and pending strategy).
    PeerState.Active state =
        new PeerState.Active("alpha", Instant.EPOCH, A, B, C, AutocommitMode.ON,
            java.util.Map.of("r", REMOTE), java.util.Map.of("r", SESSION), PENDING, List.of(),
            Access.NONE, RULES, java.util.Map.of("r", new TrackingHead(C, Instant.EPOCH)));
    PeerState.Active old = (PeerState.Active) withoutFields(state, "mergeRules", "strategy");
    assertThat(old.sessions().get("r").kind()).isEqualTo(SessionKind.SYNC);
    assertThat(old.sessions().get("r").remote().mode()).isEqualTo(RemoteMode.TWO_WAY);
    assertThat(old.remotes().get("r").mode()).isEqualTo(RemoteMode.TWO_WAY);
    assertThat(old.tracking()).isEmpty();
    assertThat(old.mergeRules()).isEqualTo(MergeRules.NONE);
    assertThat(old.sessions().get("r").mergeRules()).isEqualTo(MergeRules.NONE);
    assertThat(old.sessions().get("r").strategy()).isEqualTo(MergeStrategy.THEIRS); // kept
    assertThat(old.pendingMerge().mergeRules()).isEqualTo(MergeRules.NONE);
    assertThat(old.pendingMerge().strategy()).isNull();
    assertThat(old.pendingMerge().choices()).isEqualTo(PENDING.choices());
    assertThat(old.head()).isEqualTo(A);
  }

  /** The payload of {@code value} with the named fields removed wherever they are below it. */
  private static Object withoutFields(CborSerializable value, String rules, String pendingField)
      throws Exception {
    var mapper =
        org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider.get(
                Adapter.toClassic(testKit.system()))
            .getOrCreate("jackson-cbor", java.util.Optional.empty());
    var tree = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.valueToTree(value);
    tree.remove(rules);
    tree.remove("tracking");
    tree.withObject("/remotes").withObject("/r").remove("mode");
    tree.withObject("/sessions").withObject("/r").remove(List.of(rules, "kind", "pushedHead"));
    tree.withObject("/sessions").withObject("/r").withObject("/remote").remove("mode");
    tree.withObject("/pendingMerge").remove(rules);
    tree.withObject("/pendingMerge").remove(pendingField);
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    var serializer = serialization.findSerializerFor(value);
    return serialization
        .deserialize(
            mapper.writeValueAsBytes(tree),
            serializer.identifier(),
            Serializers.manifestFor(serializer, value))
        .get();
  }

  private static Object roundTrip(Object value) {
    assertThat(value).isInstanceOf(CborSerializable.class);
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    byte[] bytes = serialize(value);
    var serializer = serialization.findSerializerFor(value);
    assertThat(serializer.getClass().getSimpleName()).contains("Jackson");
    return serialization
        .deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, value))
        .get();
  }

  private static byte[] serialize(Object value) {
    return SerializationExtension.get(Adapter.toClassic(testKit.system())).serialize(value).get();
  }
}
