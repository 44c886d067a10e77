package dev.syncmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.CborSerializable;
import dev.syncmesh.peer.PeerCommand.Edit;
import dev.syncmesh.peer.PeerCommand.Outcome;
import dev.syncmesh.protocol.model.Hash;
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
            new PeerReply.Rejected(PeerError.PRECONDITION_FAILED, "changed"));
    List<PeerCommand> commands =
        List.of(
            new PeerCommand.Create(replyTo),
            new PeerCommand.GetRoots(replyTo),
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
            new PeerState.Active("alpha", Instant.EPOCH, null, ProllyTree.EMPTY, ProllyTree.EMPTY, AutocommitMode.ON),
            new PeerState.Active("alpha", Instant.now(), A, B, C, AutocommitMode.BATCH));

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
    PeerState.Active state = new PeerState.Active("alpha", Instant.EPOCH, null, null, null, null);
    assertThat(state.headTree()).isEqualTo(ProllyTree.EMPTY);
    assertThat(state.workingRoot()).isEqualTo(ProllyTree.EMPTY);
    assertThat(state.autocommit()).isEqualTo(AutocommitMode.ON);
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
