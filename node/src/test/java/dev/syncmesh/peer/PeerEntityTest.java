package dev.syncmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmesh.history.Commit;
import dev.syncmesh.history.CommitEntry;
import dev.syncmesh.history.CommitGraph;
import dev.syncmesh.peer.PeerCommand.Edit;
import dev.syncmesh.peer.PeerCommand.WriteRecord;
import dev.syncmesh.peer.PeerReply.CommitDone;
import dev.syncmesh.peer.PeerReply.RecordWrite;
import dev.syncmesh.peer.PeerReply.Rejected;
import dev.syncmesh.peer.PeerReply.Roots;
import dev.syncmesh.peer.PeerState.Active;
import dev.syncmesh.protocol.model.CanonicalJson;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.protocol.model.RecordValue;
import dev.syncmesh.store.InMemoryObjectStore;
import dev.syncmesh.tree.ProllyTree;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The peer's logic, with an in-memory journal and object store: autocommit modes and their
 * messages, transactions, conditional writes, nothing to commit, group commit, reads at commits.
 */
class PeerEntityTest {
  private static ActorTestKit testKit;
  private static ExecutorService blocking;

  private InMemoryObjectStore store;
  private PeerReader reader;
  private CommitGraph commits;
  private AtomicInteger batches;
  private volatile CountDownLatch gate;
  private EventSourcedBehaviorTestKit<PeerCommand, PeerEvent, PeerState> peer;

  @BeforeAll
  static void startSystem() {
    testKit = ActorTestKit.create(PeerTestConfig.config());
    blocking = Executors.newFixedThreadPool(4);
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
    blocking.shutdownNow();
  }

  @BeforeEach
  void createPeer() {
    store = new InMemoryObjectStore();
    commits = new CommitGraph(store);
    reader = new PeerReader(store, new ProllyTree(store), commits);
    batches = new AtomicInteger();
    gate = new CountDownLatch(0);
    Workspace workspace = new Workspace(store, Clock.systemUTC(), dev.syncmesh.sync.RemotePolicy.ANY);
    // Counts batches, and holds each one until the gate opens (so that mutations can pile up).
    java.util.concurrent.Executor gated =
        task ->
            blocking.execute(
                () -> {
                  batches.incrementAndGet();
                  try {
                    gate.await(10, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  task.run();
                });
    peer =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            PeerEntity.create("alpha", null, PeerTestConfig.lane(store, workspace, gated, testKit.system().ignoreRef())));
    assertThat(peer.<PeerReply>runCommand(PeerCommand.Create::new).reply()).isInstanceOf(Roots.class);
  }

  @AfterEach
  void clear() {
    peer.clear();
  }

  @Test
  void createsOnceAndRefusesEverythingBeforeIt() {
    assertThat(peer.<PeerReply>runCommand(PeerCommand.Create::new).reply())
        .isEqualTo(new Rejected(PeerError.PEER_EXISTS, "peer alpha exists"));
    var blank =
        EventSourcedBehaviorTestKit.<PeerCommand, PeerEvent, PeerState>create(
            testKit.system(), PeerEntity.create("nobody", null, PeerTestConfig.lane(store, new Workspace(store, Clock.systemUTC(), dev.syncmesh.sync.RemotePolicy.ANY), blocking, testKit.system().ignoreRef())));
    var result = blank.<PeerReply>runCommand(PeerCommand.GetRoots::new);
    assertThat(result.reply()).isInstanceOf(Rejected.class);
    assertThat(((Rejected) result.reply()).error()).isEqualTo(PeerError.PEER_NOT_FOUND);
    assertThat(result.events()).isEmpty();
    assertThat(blank.<PeerReply>runCommand(r -> write("tasks/1", "{}", null, r)).reply())
        .extracting(r -> ((Rejected) r).error())
        .isEqualTo(PeerError.PEER_NOT_FOUND);
    assertThat(blank.getState()).isEqualTo(PeerState.Blank.INSTANCE);
  }

  @Test
  void autocommitOnMakesOneCommitPerWriteWithAGeneratedMessage() {
    RecordWrite first = put("tasks/t2", "{\"a\":1}", "alice");
    assertThat(first.created()).isTrue();
    assertThat(first.commit()).isNotNull();
    RecordWrite second = put("notes/t2", "{\"a\":2}", "bob");
    Commit commit = commits.read(second.commit());
    assertThat(commit.message()).isEqualTo("syncmesh: put (auto-commit) by bob [t2]");
    assertThat(commit.author()).isEqualTo("bob");
    assertThat(commit.parents()).containsExactly(first.commit());
    assertThat(roots().head()).isEqualTo(second.commit());
    assertThat(roots().hasUncommittedChanges()).isFalse();

    RecordWrite deleted = delete("tasks/t2", null);
    assertThat(deleted.hash()).isNull();
    assertThat(commits.read(deleted.commit()).message())
        .isEqualTo("syncmesh: delete (auto-commit) by api [t2]");
    assertThat(reader.get(roots(), RecordKey.parse("tasks/t2"), null)).isEmpty();
  }

  @Test
  void writingTheSameValueChangesNothing() {
    put("tasks/1", "{\"a\":1}", "api");
    var result = peer.<PeerReply>runCommand(r -> write("tasks/1", "{ \"a\" : 1 }", null, r));
    RecordWrite same = (RecordWrite) result.reply();
    assertThat(same.commit()).isNull();
    assertThat(same.created()).isFalse();
    assertThat(result.events()).isEmpty();
  }

  @Test
  void batchAndOffKeepWritesInTheWorkingSetUntilACommit() {
    for (AutocommitMode mode : List.of(AutocommitMode.BATCH, AutocommitMode.OFF)) {
      setMode(mode);
      Hash head = roots().head();
      RecordWrite write = put("tasks/" + mode.wire(), "{\"m\":1}", "api");
      assertThat(write.commit()).isNull();
      assertThat(roots().head()).isEqualTo(head);
      assertThat(roots().hasUncommittedChanges()).isTrue();
      // Reads at the head see the working set.
      assertThat(reader.get(roots(), RecordKey.parse("tasks/" + mode.wire()), null)).isPresent();
      assertThat(reader.workingSet(roots()).size()).isEqualTo(1);

      CommitDone done = commit(null, "erin");
      assertThat(done.nothingToCommit()).isFalse();
      assertThat(done.changed()).isEqualTo(1);
      assertThat(commits.read(done.commit()).message())
          .isEqualTo("syncmesh: commit by erin [" + mode.wire() + "]");
      assertThat(roots().hasUncommittedChanges()).isFalse();
    }
  }

  @Test
  void committingNothingSucceedsAndSaysSo() {
    var result = peer.<PeerReply>runCommand(r -> new PeerCommand.CommitWorkingSet(null, "api", r));
    assertThat(result.reply()).isEqualTo(CommitDone.nothing());
    assertThat(result.events()).isEmpty();
  }

  @Test
  void anExplicitMessageOverridesTheGeneratedOne() {
    setMode(AutocommitMode.BATCH);
    put("tasks/1", "{}", "api");
    assertThat(commits.read(commit("Fix the roof", "frank").commit()).message()).isEqualTo("Fix the roof");
  }

  @Test
  void messageIdsAreDeduplicatedSortedAndAtMostFive() {
    setMode(AutocommitMode.BATCH);
    for (String key : List.of("b/7", "a/7", "a/3", "a/9", "a/1", "a/5", "a/2")) {
      put(key, "{}", "api");
    }
    assertThat(commits.read(commit(null, "gina").commit()).message())
        .isEqualTo("syncmesh: commit by gina [1, 2, 3, 5, 7]");
    // When the working set is not empty, an auto-commit commits it all and names all its ids.
    put("c/x", "{}", "api");
    setMode(AutocommitMode.ON);
    RecordWrite write = put("c/y", "{}", "hal");
    assertThat(commits.read(write.commit()).message())
        .isEqualTo("syncmesh: put (auto-commit) by hal [x, y]");
    assertThat(roots().hasUncommittedChanges()).isFalse();
  }

  @Test
  void aTransactionCommitsOnlyItsOwnWritesAndAppliesThemToTheWorkingSet() {
    put("tasks/keep", "{\"v\":0}", "api");
    setMode(AutocommitMode.BATCH);
    put("tasks/pending", "{\"v\":1}", "api");
    Hash before = roots().head();

    var result =
        peer.<PeerReply>runCommand(
            r ->
                new PeerCommand.RunTransaction(
                    List.of(
                        new Edit(RecordKey.parse("tasks/new"), blob("{\"v\":2}")),
                        new Edit(RecordKey.parse("tasks/keep"), null)),
                    null,
                    null,
                    "ivy",
                    r));
    CommitDone done = (CommitDone) result.reply();
    assertThat(result.events()).hasSize(1);
    assertThat(done.changed()).isEqualTo(2);
    Commit commit = commits.read(done.commit());
    assertThat(commit.parents()).containsExactly(before);
    assertThat(commit.message()).isEqualTo("syncmesh: transaction by ivy [keep, new]");
    Roots roots = roots();
    assertThat(roots.head()).isEqualTo(done.commit());
    // The commit has the transaction's writes and not the pending one...
    assertThat(reader.get(roots, RecordKey.parse("tasks/new"), done.commit())).isPresent();
    assertThat(reader.get(roots, RecordKey.parse("tasks/keep"), done.commit())).isEmpty();
    assertThat(reader.get(roots, RecordKey.parse("tasks/pending"), done.commit())).isEmpty();
    // ...and the working set has all three effects.
    assertThat(reader.get(roots, RecordKey.parse("tasks/new"), null)).isPresent();
    assertThat(reader.get(roots, RecordKey.parse("tasks/keep"), null)).isEmpty();
    assertThat(reader.get(roots, RecordKey.parse("tasks/pending"), null)).isPresent();
    assertThat(reader.workingSet(roots).size()).isEqualTo(1);

    // A transaction that changes nothing makes no commit, even with autocommit on.
    setMode(AutocommitMode.ON);
    var again =
        peer.<PeerReply>runCommand(
            r ->
                new PeerCommand.RunTransaction(
                    List.of(new Edit(RecordKey.parse("tasks/new"), blob("{\"v\":2}"))), null, "same", "ivy", r));
    assertThat(again.reply()).isEqualTo(CommitDone.nothing());
  }

  @Test
  void aLargeTransactionTravelsAsStoredEditTrees() {
    put("big/0", "{}", "api");
    List<Edit> edits = new ArrayList<>();
    for (int i = 1; i <= 2500; i++) {
      edits.add(new Edit(RecordKey.parse("big/" + i), blob("{\"i\":" + i + "}")));
    }
    edits.add(new Edit(RecordKey.parse("big/0"), null));
    EditTrees stored = EditTrees.store(new ProllyTree(store), edits);
    assertThat(stored.load(new ProllyTree(store))).hasSize(2501);
    CommitDone done =
        (CommitDone)
            peer.<PeerReply>runCommand(r -> new PeerCommand.RunTransaction(List.of(), stored, "bulk", "api", r))
                .reply();
    assertThat(done.changed()).isEqualTo(2501);
    assertThat(reader.describe(roots()).records()).isEqualTo(2500);
    assertThat(reader.get(roots(), RecordKey.parse("big/0"), null)).isEmpty();
  }

  @Test
  void ifMatchMakesWritesConditional() {
    RecordWrite created = put("tasks/1", "{\"v\":1}", "api");
    Hash stale = Hash.parse("0".repeat(64));

    assertThat(rejected(r -> write("tasks/1", "{\"v\":2}", IfMatch.parse("\"" + stale + "\""), r)))
        .isEqualTo(PeerError.PRECONDITION_FAILED);
    assertThat(rejected(r -> write("tasks/2", "{\"v\":2}", IfMatch.parse("*"), r)))
        .isEqualTo(PeerError.PRECONDITION_FAILED);
    RecordWrite updated =
        (RecordWrite)
            peer.<PeerReply>runCommand(
                    r -> write("tasks/1", "{\"v\":2}", IfMatch.parse("\"" + created.hash() + "\""), r))
                .reply();
    assertThat(updated.created()).isFalse();
    assertThat(
            peer.<PeerReply>runCommand(r -> write("tasks/1", "{\"v\":3}", IfMatch.parse("*"), r)).reply())
        .isInstanceOf(RecordWrite.class);
    assertThat(rejected(r -> deleteCommand("tasks/1", IfMatch.parse("\"" + created.hash() + "\""), r)))
        .isEqualTo(PeerError.PRECONDITION_FAILED);
    assertThat(rejected(r -> deleteCommand("tasks/none", null, r)))
        .isEqualTo(PeerError.RECORD_NOT_FOUND);
  }

  @Test
  void mutationsThatArriveDuringABatchFormTheNextOneAndKeepTheirOwnCommits() throws Exception {
    TestProbe<PeerReply> probe = testKit.createTestProbe();
    int before = batches.get();
    gate = new CountDownLatch(1);
    peer.runCommand(write("tasks/a", "{}", null, probe.ref()));
    for (String key : List.of("tasks/b", "tasks/c", "tasks/d")) {
      peer.runCommand(write(key, "{}", null, probe.ref()));
    }
    gate.countDown();
    List<RecordWrite> replies = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      replies.add((RecordWrite) probe.receiveMessage(Duration.ofSeconds(10)));
    }
    assertThat(batches.get() - before).isEqualTo(2);
    assertThat(replies).extracting(w -> w.key().id()).containsExactly("a", "b", "c", "d");
    // Autocommit on: four commits, chained in arrival order.
    List<CommitEntry> log = reader.log(roots(), 10);
    assertThat(log.subList(0, 4)).extracting(CommitEntry::hash)
        .containsExactly(replies.get(3).commit(), replies.get(2).commit(), replies.get(1).commit(), replies.get(0).commit());
  }

  @Test
  void readsAtACommitSeeThatCommitAndOnlyThePeersOwnHistory() {
    RecordWrite one = put("tasks/1", "{\"v\":1}", "api");
    put("tasks/1", "{\"v\":2}", "api");
    Roots roots = roots();
    assertThat(reader.get(roots, RecordKey.parse("tasks/1"), one.commit()).orElseThrow().value().toString())
        .isEqualTo("{\"v\":1}");
    assertThat(reader.get(roots, RecordKey.parse("tasks/1"), null).orElseThrow().value().toString())
        .isEqualTo("{\"v\":2}");
    // A commit that exists in the store but not in this history, and a hash that is no commit.
    Hash foreign =
        commits.write(commits.newCommit(ProllyTree.EMPTY, List.of(), "x", "elsewhere", java.time.Instant.now()));
    for (Hash at : List.of(foreign, one.hash(), Hash.parse("1".repeat(64)))) {
      try {
        reader.get(roots, RecordKey.parse("tasks/1"), at);
        throw new AssertionError("read at " + at + " succeeded");
      } catch (PeerException e) {
        assertThat(e.error()).isEqualTo(PeerError.COMMIT_NOT_FOUND);
      }
    }
    assertThat(reader.diff(roots, one.commit(), null).changes().size()).isEqualTo(1);
    assertThat(reader.diff(roots, null, null).changes().size()).isEqualTo(1);
  }

  @Test
  void snapshotsKeepTheStateAcrossARestart() {
    for (int i = 0; i < 12; i++) {
      put("tasks/" + i, "{\"i\":" + i + "}", "api");
    }
    setMode(AutocommitMode.BATCH);
    put("tasks/pending", "{}", "api");
    PeerState before = peer.getState();
    peer.restart();
    assertThat(peer.getState()).isEqualTo(before);
    assertThat(((Active) peer.getState()).autocommit()).isEqualTo(AutocommitMode.BATCH);
  }

  private RecordWrite put(String key, String json, String actor) {
    PeerReply reply =
        peer.<PeerReply>runCommand(
                r -> {
                  RecordValue value = value(json);
                  return new WriteRecord(
                      RecordKey.parse(key), value.hash(), inline(value), null, actor, r);
                })
            .reply();
    assertThat(reply).isInstanceOf(RecordWrite.class);
    return (RecordWrite) reply;
  }

  private RecordWrite delete(String key, IfMatch ifMatch) {
    return (RecordWrite) peer.<PeerReply>runCommand(r -> deleteCommand(key, ifMatch, r)).reply();
  }

  private static WriteRecord deleteCommand(
      String key, IfMatch ifMatch, org.apache.pekko.actor.typed.ActorRef<PeerReply> r) {
    return new WriteRecord(RecordKey.parse(key), null, null, ifMatch, "api", r);
  }

  private static WriteRecord write(
      String key, String json, IfMatch ifMatch, org.apache.pekko.actor.typed.ActorRef<PeerReply> r) {
    RecordValue value = value(json);
    return new WriteRecord(RecordKey.parse(key), value.hash(), inline(value), ifMatch, "api", r);
  }

  private PeerError rejected(
      java.util.function.Function<org.apache.pekko.actor.typed.ActorRef<PeerReply>, PeerCommand> command) {
    var result = peer.<PeerReply>runCommand(command::apply);
    assertThat(result.events()).isEmpty();
    return ((Rejected) result.reply()).error();
  }

  private CommitDone commit(String message, String actor) {
    return (CommitDone)
        peer.<PeerReply>runCommand(r -> new PeerCommand.CommitWorkingSet(message, actor, r)).reply();
  }

  private void setMode(AutocommitMode mode) {
    assertThat(peer.<PeerReply>runCommand(r -> new PeerCommand.SetAutocommit(mode, r)).reply())
        .isEqualTo(new PeerReply.Autocommit(mode));
  }

  private Roots roots() {
    return (Roots) peer.<PeerReply>runCommand(PeerCommand.GetRoots::new).reply();
  }

  private Hash blob(String json) {
    RecordValue value = value(json);
    store.putAll(List.of(value.blob()));
    return value.hash();
  }

  private static RecordValue value(String json) {
    return RecordValue.of((ObjectNode) CanonicalJson.parse(json));
  }

  private static String inline(RecordValue value) {
    return new String(value.canonicalBytes(), StandardCharsets.UTF_8);
  }
}
