package dev.syncmesh.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.testing.Gen;
import dev.syncmesh.protocol.testing.Seeds;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The graph's answers on random DAGs, against brute-force reachability. */
class CommitGraphPropertyTest {

  /** A DAG: each commit's parents (indices of earlier commits) and a coarse clock. */
  record Dag(List<List<Integer>> parents, List<Integer> clock) {
    int size() {
      return parents.size();
    }

    /**
     * 1 to 28 commits. Each is a root one time in seven, else it has one parent or two (in either
     * order) picked among the earlier commits. Few distinct times, so the log's tie-breaks matter.
     */
    static Dag random(Gen gen) {
      List<List<Integer>> parents = new ArrayList<>();
      List<Integer> clock = new ArrayList<>();
      for (int n = 0, size = 1 + gen.size(27); n < size; n++) {
        int p1 = n == 0 ? 0 : gen.nextInt(n);
        int p2 = n == 0 ? 0 : gen.nextInt(n);
        if (n == 0 || gen.oneIn(7)) parents.add(List.of());
        else if (gen.nextBoolean() || p1 == p2) parents.add(List.of(p1));
        else parents.add(List.of(p1, p2));
        clock.add(gen.nextInt(4));
      }
      return new Dag(parents, clock);
    }
  }

  @Seeds(100)
  void graphQueriesMatchBruteForce(Gen gen) {
    checkGraph(Dag.random(gen));
  }

  /**
   * Every DAG of up to four commits (parents in either order), all made at the same time or each
   * earlier than the one before.
   */
  @ParameterizedTest
  @MethodSource("smallDags")
  void graphQueriesMatchBruteForceOnSmallDags(Dag dag) {
    checkGraph(dag);
  }

  static Stream<Dag> smallDags() {
    List<List<List<Integer>>> shapes = new ArrayList<>(List.of(List.of()));
    List<List<List<Integer>>> all = new ArrayList<>();
    for (int n = 0; n < 4; n++) {
      List<List<Integer>> choices = new ArrayList<>(List.of(List.of()));
      for (int p = 0; p < n; p++) {
        choices.add(List.of(p));
        for (int q = 0; q < n; q++) {
          if (q != p) choices.add(List.of(p, q));
        }
      }
      List<List<List<Integer>>> longer = new ArrayList<>();
      for (List<List<Integer>> shape : shapes) {
        for (List<Integer> choice : choices) {
          List<List<Integer>> grown = new ArrayList<>(shape);
          grown.add(choice);
          longer.add(grown);
        }
      }
      shapes = longer;
      all.addAll(shapes);
    }
    return all.stream()
        .flatMap(
            shape -> {
              List<Integer> same = Collections.nCopies(shape.size(), 0);
              List<Integer> backwards = new ArrayList<>();
              for (int i = 0; i < shape.size(); i++) backwards.add(shape.size() - i);
              return Stream.of(new Dag(shape, same), new Dag(shape, backwards));
            });
  }

  private static void checkGraph(Dag dag) {
    HistoryFixture fixture = new HistoryFixture(16 * 450); // about 16 commits, fewer than most DAGs: reads hit the store
    CommitGraph graph = fixture.graph;
    List<Hash> hashes = new ArrayList<>();
    for (int i = 0; i < dag.size(); i++) {
      Hash[] parents = dag.parents().get(i).stream().map(hashes::get).toArray(Hash[]::new);
      hashes.add(fixture.commit(Instant.EPOCH.plusSeconds(dag.clock().get(i)), parents));
    }
    List<Set<Hash>> reach = new ArrayList<>();
    for (int i = 0; i < dag.size(); i++) {
      reach.add(ancestors(dag, i).stream().map(hashes::get).collect(Collectors.toSet()));
    }

    for (int x = 0; x < dag.size(); x++) {
      Hash hx = hashes.get(x);
      Set<Hash> rx = reach.get(x);
      assertThat(graph.read(hx).generation()).isEqualTo(generation(dag, x));
      assertThat(graph.aheadBehind(hx, null)).isEqualTo(new AheadBehind(rx.size(), 0));
      assertThat(graph.aheadBehind(null, hx)).isEqualTo(new AheadBehind(0, rx.size()));
      List<CommitEntry> log = bruteLog(graph, rx);
      assertThat(graph.log(hx, Integer.MAX_VALUE)).containsExactlyElementsOf(log);
      assertThat(graph.log(hx, 3))
          .containsExactlyElementsOf(log.subList(0, Math.min(3, log.size())));
      for (int y = 0; y < dag.size(); y++) {
        Hash hy = hashes.get(y);
        Set<Hash> ry = reach.get(y);
        Set<Hash> onlyX = minus(rx, ry);
        Set<Hash> onlyY = minus(ry, rx);
        assertThat(graph.isAncestor(hy, hx)).isEqualTo(rx.contains(hy));
        assertThat(graph.aheadBehind(hx, hy))
            .isEqualTo(new AheadBehind(onlyX.size(), onlyY.size()));
        List<CommitEntry> between = graph.commitsBetween(hy, hx);
        assertThat(between)
            .extracting(CommitEntry::hash)
            .containsExactlyInAnyOrderElementsOf(onlyX);
        assertParentsFirst(between);
        checkMergeBase(graph, hx, hy, rx, ry, reach, hashes);
      }
    }
  }

  private static void checkMergeBase(
      CommitGraph graph,
      Hash hx,
      Hash hy,
      Set<Hash> rx,
      Set<Hash> ry,
      List<Set<Hash>> reach,
      List<Hash> hashes) {
    Set<Hash> common = new HashSet<>(rx);
    common.retainAll(ry);
    Optional<Hash> base = graph.mergeBase(hx, hy);
    assertThat(graph.mergeBase(hy, hx)).isEqualTo(base);
    if (common.isEmpty()) {
      assertThat(base).isEmpty();
      return;
    }
    assertThat(base).isPresent();
    Hash b = base.get();
    assertThat(common).contains(b);
    for (Hash c : common) {
      Set<Hash> reachFromC = reach.get(hashes.indexOf(c));
      assertThat(c.equals(b) || !reachFromC.contains(b))
          .as("common ancestor %s descends from the merge base %s", c, b)
          .isTrue();
    }
  }

  private static void assertParentsFirst(List<CommitEntry> entries) {
    Set<Hash> listed = new HashSet<>();
    Set<Hash> all = entries.stream().map(CommitEntry::hash).collect(Collectors.toSet());
    for (CommitEntry entry : entries) {
      for (Hash parent : entry.commit().parents()) {
        assertThat(!all.contains(parent) || listed.contains(parent)).isTrue();
      }
      listed.add(entry.hash());
    }
  }

  private static List<CommitEntry> bruteLog(CommitGraph graph, Set<Hash> reachable) {
    return reachable.stream()
        .map(hash -> new CommitEntry(hash, graph.read(hash)))
        .sorted(
            Comparator.comparingLong((CommitEntry e) -> -e.commit().generation())
                .thenComparing(e -> e.commit().time(), Comparator.reverseOrder())
                .thenComparing(CommitEntry::hash))
        .toList();
  }

  private static Set<Integer> ancestors(Dag dag, int start) {
    Set<Integer> seen = new LinkedHashSet<>(List.of(start));
    Deque<Integer> todo = new ArrayDeque<>(List.of(start));
    while (!todo.isEmpty()) {
      for (int parent : dag.parents().get(todo.pop())) {
        if (seen.add(parent)) todo.push(parent);
      }
    }
    return seen;
  }

  private static long generation(Dag dag, int i) {
    Map<Integer, Long> memo = new HashMap<>();
    return generation(dag, i, memo);
  }

  private static long generation(Dag dag, int i, Map<Integer, Long> memo) {
    Long known = memo.get(i);
    if (known != null) return known;
    long g =
        1 + dag.parents().get(i).stream().mapToLong(p -> generation(dag, p, memo)).max().orElse(0);
    memo.put(i, g);
    return g;
  }

  private static Set<Hash> minus(Set<Hash> a, Set<Hash> b) {
    Set<Hash> out = new HashSet<>(a);
    out.removeAll(b);
    return out;
  }
}
