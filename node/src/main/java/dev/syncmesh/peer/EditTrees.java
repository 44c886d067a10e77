package dev.syncmesh.peer;

import dev.syncmesh.peer.PeerCommand.Edit;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.tree.ProllyTree;
import dev.syncmesh.tree.TreeEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A large transaction's edits, stored as two trees (the puts, and the keys to delete) so that the
 * command naming them stays small enough for the cluster's messages wherever the peer lives. The
 * trees are written before the command; once the transaction is done they are unreferenced.
 */
record EditTrees(Hash puts, Hash deletes) implements dev.syncmesh.CborSerializable {
  /** Edits up to this many travel in the command itself. */
  static final int MAX_INLINE_EDITS = 1000;

  /** What a delete maps to in the deletes tree: any stored object will do; it is never read. */
  private static final Hash DELETED = ProllyTree.EMPTY;

  /** Writes the trees of the edits (keys unique); blocks. */
  static EditTrees store(ProllyTree tree, List<Edit> edits) {
    List<Edit> sorted = new ArrayList<>(edits);
    sorted.sort(Comparator.comparing(Edit::key));
    Hash puts =
        tree.build(
            sorted.stream()
                .filter(edit -> edit.value() != null)
                .map(edit -> new TreeEntry(edit.key(), edit.value()))
                .iterator());
    Hash deletes =
        tree.build(
            sorted.stream()
                .filter(edit -> edit.value() == null)
                .map(edit -> new TreeEntry(edit.key(), DELETED))
                .iterator());
    return new EditTrees(puts, deletes);
  }

  /** Reads the edits back, in key order; blocks. */
  List<Edit> load(ProllyTree tree) {
    List<Edit> edits = new ArrayList<>();
    tree.diff(ProllyTree.EMPTY, puts, change -> edits.add(new Edit(change.key(), change.after())));
    tree.diff(ProllyTree.EMPTY, deletes, change -> edits.add(new Edit(change.key(), null)));
    return edits;
  }

}
