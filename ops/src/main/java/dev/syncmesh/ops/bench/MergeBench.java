package dev.syncmesh.ops.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmesh.history.Commit;
import dev.syncmesh.history.CommitGraph;
import dev.syncmesh.merge.TreeMerge;
import dev.syncmesh.merge.TreeMergeResult;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.store.Database;
import dev.syncmesh.store.Dialect;
import dev.syncmesh.store.JdbcObjectStore;
import dev.syncmesh.tree.ProllyTree;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code syncmesh bench merge}: the store's core operations on datasets of growing size. For each
 * size: build the dataset, then in several rounds, each with new random changes and cold caches
 * (new store, tree and commit graph instances over the same database), time applying {@code
 * changes} edits, diffing the two roots, and the full three-way merge of two such change sets
 * (merge base, tree merge, merge commit). Prints the median round per size.
 */
@Command(
    name = "merge",
    mixinStandardHelpOptions = true,
    description = "Time apply, diff and three-way merge against dataset size.")
public final class MergeBench implements Callable<Integer> {
  @Option(names = "--records", split = ",", defaultValue = "10000,100000,1000000",
      description = "Dataset sizes (default: ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Option(names = "--changes", defaultValue = "100", description = "Changes on each side.")
  int changes;

  @Option(names = "--db", defaultValue = "h2", description = "h2 (a temporary file) or mysql.")
  String db;

  @Option(names = "--mysql-url", defaultValue = "${env:SYNCMESH_DB_URL:-jdbc:mysql://127.0.0.1:3306/}",
      description = "The MySQL server for --db mysql (root, empty password); a database is created and dropped.")
  String mysqlUrl;

  @Option(names = "--rounds", defaultValue = "7", description = "Rounds per size; the median is printed.")
  int rounds;

  private final ObjectMapper json = new ObjectMapper();

  @Override
  public Integer call() throws Exception {
    Dialect dialect = Dialect.valueOf(db.toUpperCase(java.util.Locale.ROOT));
    warmUp(dialect);
    for (int records : sizes) {
      Map<String, Object> line = measure(dialect, records, rounds);
      System.out.println(json.writeValueAsString(line));
      System.out.flush();
    }
    return 0;
  }

  /** One small run first, so that the first measured size does not pay for JIT compilation. */
  private void warmUp(Dialect dialect) {
    System.err.println("bench merge: warming up");
    measure(dialect, 10_000, 20);
  }

  private Map<String, Object> measure(Dialect dialect, int records, int roundCount) {
    try (BenchDatabase bench = BenchDatabase.create(dialect, mysqlUrl, "merge" + records);
        Database database = bench.open()) {
      long started = System.nanoTime();
      JdbcObjectStore buildStore = new JdbcObjectStore(database);
      Hash baseTree = Dataset.build(buildStore, new ProllyTree(buildStore), records);
      CommitGraph buildGraph = new CommitGraph(buildStore);
      Hash baseCommit =
          buildGraph.write(buildGraph.newCommit(baseTree, List.of(), "bench", "base", Instant.now()));
      long buildMs = millis(started);
      System.err.printf("bench merge: built %d records in %d ms%n", records, buildMs);

      List<Round> results = new ArrayList<>();
      Random random = new Random(records);
      for (int r = 0; r < roundCount; r++) {
        results.add(round(database, baseCommit, baseTree, records, random));
      }
      results.sort((a, b) -> Double.compare(a.mergeMs, b.mergeMs));
      Round median = results.get(results.size() / 2);
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("db", dialect.name().toLowerCase(java.util.Locale.ROOT));
      line.put("records", records);
      line.put("changes", changes);
      line.put("buildMs", buildMs);
      line.put("applyMs", median.applyMs);
      line.put("diffMs", median.diffMs);
      line.put("mergeMs", median.mergeMs);
      line.put("nodesRead", median.nodesRead);
      line.put("nodesWritten", median.nodesWritten);
      line.put("rounds", roundCount);
      return line;
    }
  }

  private Round round(Database database, Hash baseCommit, Hash baseTree, int records, Random random) {
    JdbcObjectStore setupStore = new JdbcObjectStore(database);
    NavigableMap<RecordKey, Optional<Hash>> ourEdits =
        Dataset.edits(setupStore, records, changes, 0, "title", random);
    NavigableMap<RecordKey, Optional<Hash>> theirEdits =
        Dataset.edits(setupStore, records, changes, 1, "state", random);

    Cold apply = new Cold(database);
    long started = System.nanoTime();
    Hash ourTree = apply.tree.apply(baseTree, ourEdits);
    Hash ours = apply.commit(ourTree, baseCommit, "ours");
    double applyMs = millisExact(started);
    Hash theirTree = apply.tree.apply(baseTree, theirEdits);
    Hash theirs = apply.commit(theirTree, baseCommit, "theirs");

    Cold diff = new Cold(database);
    started = System.nanoTime();
    int changed = diff.tree.diff(baseTree, ourTree).size();
    double diffMs = millisExact(started);
    if (changed != changes) {
      throw new IllegalStateException("diff found " + changed + " changes, expected " + changes);
    }

    Cold merge = new Cold(database);
    long readBefore = merge.tree.nodesRead();
    long writtenBefore = merge.tree.nodesWritten();
    started = System.nanoTime();
    Hash mergeBase = merge.graph.mergeBase(ours, theirs).orElseThrow();
    Hash mergeBaseTree = merge.graph.read(mergeBase).tree();
    TreeMergeResult result =
        new TreeMerge(merge.tree, merge.store, ForkJoinPool.commonPool()).merge(mergeBaseTree, ourTree, theirTree, null);
    merge.graph.write(
        merge.graph.newCommit(result.tree(), List.of(ours, theirs), "bench", "merge", Instant.now()));
    double mergeMs = millisExact(started);
    if (!result.conflicts().isEmpty() || result.recordsChanged() != changes) {
      throw new IllegalStateException("the merge did not take every change of theirs cleanly");
    }
    return new Round(
        applyMs,
        diffMs,
        mergeMs,
        merge.tree.nodesRead() - readBefore,
        merge.tree.nodesWritten() - writtenBefore);
  }

  /** Store, tree and commit graph with empty caches over the benchmark's database. */
  private static final class Cold {
    final JdbcObjectStore store;
    final ProllyTree tree;
    final CommitGraph graph;

    Cold(Database database) {
      store = new JdbcObjectStore(database);
      tree = new ProllyTree(store);
      graph = new CommitGraph(store);
    }

    Hash commit(Hash tree, Hash parent, String message) {
      Commit commit = graph.newCommit(tree, List.of(parent), "bench", message, Instant.now());
      return graph.write(commit);
    }
  }

  private record Round(double applyMs, double diffMs, double mergeMs, long nodesRead, long nodesWritten) {}

  private static long millis(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  private static double millisExact(long startedNanos) {
    return Math.round((System.nanoTime() - startedNanos) / 10_000.0) / 100.0;
  }
}
