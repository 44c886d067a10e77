package dev.syncmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.protocol.model.Hash;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The head an event moves a peer to, as the change feed reads it from the journal: the commit of
 * every event that makes one, nothing for the others. (A sync's fast-forward, {@code
 * SyncProgressed} with a head, is followed through the API in {@code ChangeFeedApiTest}.)
 */
class HeadAfterTest {
  private static final Hash A = Hash.parse("a".repeat(64));
  private static final Hash B = Hash.parse("b".repeat(64));
  private static final Hash C = Hash.parse("c".repeat(64));

  @Test
  void eventsThatCommitMoveTheHeadToTheirCommit() {
    assertThat(PeerState.Active.headAfter(new PeerEvent.RecordWritten("tasks/1", A, B, C))).isEqualTo(C);
    assertThat(PeerState.Active.headAfter(new PeerEvent.TransactionApplied(A, B, C, 2))).isEqualTo(A);
    assertThat(PeerState.Active.headAfter(new PeerEvent.WorkingSetCommitted(B, 3))).isEqualTo(B);
    assertThat(PeerState.Active.headAfter(new PeerEvent.MergeCommitted(C, A, B))).isEqualTo(C);
    assertThat(PeerState.Active.headAfter(new PeerEvent.PushReceived(A, B, C))).isEqualTo(A);
  }

  @Test
  void eventsThatDoNotCommitLeaveTheHead() {
    assertThat(PeerState.Active.headAfter(new PeerEvent.RecordWritten("tasks/1", A, B, null))).isNull();
    assertThat(PeerState.Active.headAfter(new PeerEvent.TransactionApplied(null, B, C, 0))).isNull();
    assertThat(PeerState.Active.headAfter(new PeerEvent.AutocommitSet(AutocommitMode.OFF))).isNull();
    assertThat(PeerState.Active.headAfter(new PeerEvent.MergeAborted())).isNull();
    assertThat(PeerState.Active.headAfter(new PeerEvent.RemoteRemoved("r"))).isNull();
    assertThat(PeerState.Active.headAfter(new PeerEvent.PeerCreated("p", Instant.EPOCH))).isNull();
  }
}
