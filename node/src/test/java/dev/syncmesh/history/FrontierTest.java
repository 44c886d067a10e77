package dev.syncmesh.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.protocol.model.Hash;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reading a history beyond a frontier a part at a time: whatever the parts' sizes and wherever the
 * reader starts, the parts join exactly (each commit once, none missing) even across parallel
 * histories and merges, and the frontier stays the few tips the reader stopped at.
 */
class FrontierTest {
  private final HistoryFixture history = new HistoryFixture();

  @Test
  void partsOfAnySizeJoinExactlyAcrossParallelHistories() {
    Hash base = history.chain(null, 3);
    Hash left = history.chain(base, 4);
    Hash right = history.chain(base, 2);
    Hash merged = history.commit(left, right);
    Hash other = history.chain(null, 2); // a history of its own, merged in later
    Hash head = history.chain(history.commit(merged, other), 2);
    List<Hash> starts = new ArrayList<>(List.of(base, left, right, merged, other, head));
    starts.add(null);

    for (Hash since : starts) {
      Frontier start = since == null ? Frontier.START : Frontier.of(List.of(since));
      List<Hash> expected = hashes(history.graph.commitsBeyond(start.tips(), head));
      for (int part = 1; part <= expected.size() + 1; part++) {
        assertThat(readInParts(start, head, part)).as("from %s in parts of %d", since, part)
            .containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void aReaderInsideParallelHistoriesStandsAtEachTip() {
    Hash base = history.commit();
    Hash left = history.commit(base);
    Hash right = history.commit(base);
    Hash merged = history.commit(left, right);
    List<CommitEntry> beyond = history.graph.commitsBeyond(List.of(base), merged);

    Frontier inside = Frontier.of(List.of(base)).after(beyond.subList(0, 2));

    assertThat(inside.tips()).containsExactlyInAnyOrder(left, right);
    assertThat(inside.text()).contains(",");
    assertThat(inside.after(beyond.subList(2, 3)).tips()).containsExactly(merged);
    assertThat(Frontier.START.after(List.of()).isStart()).isTrue();
  }

  private List<Hash> readInParts(Frontier start, Hash head, int part) {
    List<Hash> read = new ArrayList<>();
    Frontier at = start;
    while (true) {
      List<CommitEntry> beyond = history.graph.commitsBeyond(at.tips(), head);
      if (beyond.isEmpty()) {
        return read;
      }
      List<CommitEntry> taken = beyond.subList(0, Math.min(part, beyond.size()));
      read.addAll(hashes(taken));
      at = at.after(taken);
      assertThat(at.tips().size()).as("one tip per parallel history").isLessThanOrEqualTo(3);
    }
  }

  private static List<Hash> hashes(List<CommitEntry> entries) {
    return entries.stream().map(CommitEntry::hash).toList();
  }
}
