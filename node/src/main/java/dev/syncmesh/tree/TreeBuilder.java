package dev.syncmesh.tree;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts a key-ordered stream of entries into chunks, level after level, and finds the root: the
 * first level with a single chunk. Each level holds its first chunk back until a second one
 * appears, so no node is made above the root.
 */
final class TreeBuilder {
  private final Chunking chunking;
  private final int base;
  private final Consumer<NewNode> sink;
  private final List<LevelState> levels = new ArrayList<>();

  private static final class LevelState {
    final List<NodeEntry> open = new ArrayList<>();
    long weight;
    NewNode held;
    boolean several;
  }

  /** A builder whose input is the entries of {@code baseLevel} nodes; made nodes go to the sink. */
  TreeBuilder(Chunking chunking, int baseLevel, Consumer<NewNode> sink) {
    this.chunking = chunking;
    this.base = baseLevel;
    this.sink = sink;
  }

  void add(NodeEntry entry) {
    add(base, entry);
  }

  /** Ends the input and returns the root; it has gone to the sink unless it is the empty leaf. */
  Node finish() {
    for (int level = base; ; level++) {
      LevelState state = state(level);
      if (!state.open.isEmpty()) {
        close(level, state);
      }
      if (!state.several) {
        if (state.held == null) {
          return NewNode.EMPTY.node();
        }
        sink.accept(state.held);
        return state.held.node();
      }
    }
  }

  private void add(int level, NodeEntry entry) {
    LevelState state = state(level);
    state.open.add(entry);
    state.weight += Chunking.weight(entry.key());
    if (chunking.endsChunk(entry.key(), level, state.weight)) {
      close(level, state);
    }
  }

  private void close(int level, LevelState state) {
    NewNode chunk = NewNode.of(level, state.open);
    state.open.clear();
    state.weight = 0;
    if (state.held == null && !state.several) {
      state.held = chunk;
      return;
    }
    if (state.held != null) {
      emit(state.held);
      state.held = null;
      state.several = true;
    }
    emit(chunk);
  }

  private void emit(NewNode chunk) {
    sink.accept(chunk);
    add(chunk.node().level() + 1, chunk.node().asEntry());
  }

  private LevelState state(int level) {
    while (levels.size() <= level - base) {
      levels.add(new LevelState());
    }
    return levels.get(level - base);
  }
}
