package dev.syncmesh.federation;

import dev.syncmesh.protocol.model.Hash;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a pack will carry: the commits the receiver lacks, oldest first, and for each a section of
 * the objects it lacks in sending order. Sections are computed as they are iterated (one commit's
 * tree delta at a time); each iteration starts afresh.
 */
public final class PackPlan {

  /**
   * The objects of one commit, children before parents, then (not listed) the commit; {@code nodes}
   * says which objects are tree nodes (the others are blobs), and {@code bases} maps some nodes to
   * a node the receiver holds, to send them as patches on it.
   */
  public record Section(Hash commit, List<Hash> objects, Map<Hash, Hash> bases, Set<Hash> nodes) {
    public Section {
      objects = List.copyOf(objects);
      bases = Map.copyOf(bases);
      nodes = Set.copyOf(nodes);
    }
  }

  private final Hash target;
  private final List<Hash> commits;
  private final Supplier<Iterator<Section>> sections;

  PackPlan(Hash target, List<Hash> commits, Supplier<Iterator<Section>> sections) {
    this.target = target;
    this.commits = List.copyOf(commits);
    this.sections = sections;
  }

  /** The commit asked for. */
  public Hash target() {
    return target;
  }

  /** The commits to send, parents before children; empty when the receiver is up to date. */
  public List<Hash> commits() {
    return commits;
  }

  public boolean isEmpty() {
    return commits.isEmpty();
  }

  public Iterable<Section> sections() {
    return sections::get;
  }
}
